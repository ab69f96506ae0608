/**
 * Harness support (not a conformance subject): a guard that accepts every
 * request and records nothing. Baseline for transport and timing tests.
 */
import { actor } from "rivetkit";

export const alwaysAccept = actor({
  state: { count: 0 },
  onBeforeConnect: () => {},
  onRequest: () => new Response(JSON.stringify({ ok: true }), { headers: { "content-type": "application/json" } }),
  onWebSocket: (c, websocket) => {
    if (websocket.readyState === 1) websocket.send("hello");
    else websocket.addEventListener("open", () => websocket.send("hello"));
  },
  actions: {
    ping: () => "pong",
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});
