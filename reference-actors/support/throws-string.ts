/**
 * Harness support (not a conformance subject): the docs allowlist, but a
 * rejection throws a string instead of a UserError. Expected on the wire:
 * rivetkit.internal_error (HTTP 500 / close 1011), never the documented code.
 */
import { actor } from "rivetkit";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const throwsString = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // A non-Error on purpose.
    if (!ALLOWED_ORIGINS.includes(origin)) throw "Origin not allowed";
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});
