/**
 * Harness support (not a conformance subject): a correct guard on an actor
 * whose onCreate throws, so the actor never starts. Expected on the wire:
 * guard.actor_wake_retries_exceeded (HTTP 503, or close 1011), about a second
 * per request; the guard never runs.
 */
import { actor, UserError } from "rivetkit";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const createThrows = actor({
  state: { count: 0 },
  onCreate: () => {
    throw new Error("onCreate failed on purpose");
  },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});
