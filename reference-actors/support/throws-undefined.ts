/**
 * Harness support (not a conformance subject): the docs allowlist, but a
 * rejection throws `undefined`. Expected on the wire: rivetkit.internal_error
 * (HTTP 500 / close 1011 with message "undefined"), never an accept.
 */
import { actor } from "rivetkit";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const throwsUndefined = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // A non-Error on purpose.
    if (!ALLOWED_ORIGINS.includes(origin)) throw undefined;
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});
