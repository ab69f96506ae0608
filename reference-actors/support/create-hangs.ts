/**
 * Harness support (not a conformance subject): the seed guard (the Rivet docs'
 * guard, reused as it is) on an actor whose onCreate never finishes, so the
 * actor is never ready. Expected on the wire: no answer at all (the gateway
 * waits), and the engine lists the instance as never started; the guard never runs.
 */
import { actor } from "rivetkit";
import { seedAllowlist } from "../correct/seed-allowlist.js";

export const createHangs = actor({
  ...seedAllowlist.config,
  onCreate: () => new Promise<void>(() => {}),
});
