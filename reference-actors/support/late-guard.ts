/**
 * Harness support (not a conformance subject): the docs allowlist, decided
 * after 1 s, while the actor's `onBeforeConnectTimeout` is 500 ms. Expected on
 * the wire: every request rejected with actor.callback_timed_out at ~500 ms,
 * allowed origins included.
 */
import { actor, UserError } from "rivetkit";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const LATE_GUARD_DELAY_MS = 1_000;
export const LATE_GUARD_TIMEOUT_MS = 500;

export const lateGuard = actor({
  state: { count: 0 },
  options: { onBeforeConnectTimeout: LATE_GUARD_TIMEOUT_MS },
  onBeforeConnect: async (c) => {
    await new Promise((resolve) => setTimeout(resolve, LATE_GUARD_DELAY_MS));
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});
