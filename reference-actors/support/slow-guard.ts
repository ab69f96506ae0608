/**
 * Harness support (not a conformance subject): the docs allowlist guard
 * (exact match, code origin_not_allowed) after a 300 ms delay, to exercise
 * concurrency and latency handling.
 */
import { actor, UserError } from "rivetkit";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const slowGuard = actor({
  state: { count: 0 },
  onBeforeConnect: async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  actions: {
    ping: () => "pong",
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});
