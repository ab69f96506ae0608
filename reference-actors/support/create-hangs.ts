/**
 * Harness support (not a conformance subject): a correct guard on an actor
 * whose onCreate never finishes, so the actor is never ready. Expected on the
 * wire: no answer at all (the gateway waits), and the engine lists the
 * instance as never started; the guard never runs.
 */
import { actor, UserError } from "rivetkit";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const createHangs = actor({
  state: { count: 0 },
  onCreate: () => new Promise<void>(() => {}),
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});
