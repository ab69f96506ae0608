/**
 * Harness support (not a conformance subject): a guard whose promise never
 * settles, to exercise the harness's timeouts (and rivetkit's own
 * `options.onBeforeConnectTimeout`, left at its default here).
 */
import { actor } from "rivetkit";

export const neverResolves = actor({
  state: { count: 0 },
  onBeforeConnect: () => new Promise<void>(() => {}),
  actions: {
    ping: () => "pong",
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});
