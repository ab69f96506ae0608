/**
 * Harness support (not a conformance subject): a guard that accepts everything
 * and records what it saw, so the harness can check what reaches
 * `onBeforeConnect` for a given request (route, method, Origin as observed).
 * Records go both to the module-level `observations` (same process only; clear
 * it with `observations.length = 0`) and to the instance's state (action `observed`).
 */
import { actor } from "rivetkit";

export interface Observation {
  readonly actorId: string;
  /** `new URL(c.request.url).pathname`, or "" when there is no request. */
  readonly route: string;
  /** The request method, or "" when there is no request. */
  readonly method: string;
  /** `headers.get("origin")`: null when the header is absent, "" when empty. */
  readonly origin: string | null;
  /** False for inspector and actor-to-actor calls. */
  readonly hasRequest: boolean;
  /** Every request header as `headers` iterates it (names lowercased, repeated headers joined); empty without a request. */
  readonly headers: readonly [string, string][];
}

export const observations: Observation[] = [];

export const echo = actor({
  state: { observed: [] as Observation[] },
  onBeforeConnect: (c) => {
    const request = c.request;
    const observation: Observation = {
      actorId: c.actorId,
      route: request ? new URL(request.url).pathname : "",
      method: request?.method ?? "",
      origin: request ? request.headers.get("origin") : null,
      hasRequest: request !== undefined,
      headers: request ? [...request.headers] : [],
    };
    observations.push({ ...observation });
    c.state.observed.push(observation);
  },
  onRequest: () => new Response(JSON.stringify({ ok: true }), { headers: { "content-type": "application/json" } }),
  onWebSocket: (c, websocket) => {
    if (websocket.readyState === 1) websocket.send("hello");
    else websocket.addEventListener("open", () => websocket.send("hello"));
  },
  actions: {
    observed: (c): Observation[] => c.state.observed,
    ping: () => "pong",
  },
});
