/**
 * Harness support (not a conformance subject): a guard that always throws a
 * plain Error. Expected on the wire: code `internal_error` (not a UserError code).
 */
import { actor } from "rivetkit";

export const plainError = actor({
  state: { count: 0 },
  onBeforeConnect: () => {
    throw new Error("nope");
  },
  actions: {
    ping: () => "pong",
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});
