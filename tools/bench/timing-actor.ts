/**
 * Bench support: an actor whose guard accepts everything and stamps the time
 * it ran (performance.now(), the same clock as the client, since registries are
 * hosted in the bench process) against the request's `x-bench-id` header. Used
 * to split one probe's latency into before-guard / guard / after-guard.
 */
import { actor } from "rivetkit";

export interface GuardStamp {
  readonly enteredAt: number;
  readonly leftAt: number;
}

export const guardStamps = new Map<string, GuardStamp>();

/** When the last onConnect / onWebSocket ran (for sequential probes: the breakdown runs at concurrency 1). */
export const lifecycleStamps: { connectAt?: number; webSocketAt?: number } = {};

/** Tracks the number of guards in flight, to see whether one instance runs them one at a time. */
export const guardConcurrency = { current: 0, peak: 0 };

export const timing = actor({
  state: { count: 0 },
  onBeforeConnect: async (c) => {
    const enteredAt = performance.now();
    guardConcurrency.current++;
    guardConcurrency.peak = Math.max(guardConcurrency.peak, guardConcurrency.current);
    const id = c.request?.headers.get("x-bench-id");
    // A tiny await, so overlapping guards on one instance would be visible.
    await Promise.resolve();
    guardConcurrency.current--;
    if (id) guardStamps.set(id, { enteredAt, leftAt: performance.now() });
  },
  onConnect: () => {
    lifecycleStamps.connectAt = performance.now();
  },
  onRequest: () => new Response('{"ok":true}', { headers: { "content-type": "application/json" } }),
  onWebSocket: (_c, websocket) => {
    lifecycleStamps.webSocketAt = performance.now();
    if (websocket.readyState === 1) websocket.send("hello");
    else websocket.addEventListener("open", () => websocket.send("hello"));
  },
  actions: {
    ping: () => "pong",
  },
  // The lever bench keeps instances idle for minutes between phases; an actor that slept is a different measurement.
  options: { noSleep: true },
});

/** A guard that takes `delayMs` per call: shows whether one instance serialises guards. */
export const slowTiming = actor({
  state: { count: 0 },
  onBeforeConnect: async () => {
    guardConcurrency.current++;
    guardConcurrency.peak = Math.max(guardConcurrency.peak, guardConcurrency.current);
    await new Promise((resolve) => setTimeout(resolve, 20));
    guardConcurrency.current--;
  },
  actions: { ping: () => "pong" },
  options: { noSleep: true },
});
