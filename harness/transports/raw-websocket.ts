import { classifyRawWebSocketTrace } from "../probes/classify.js";
import { gatewayPath, RAW_PATH, upgradeAsGuardSees } from "./gateway.js";
import type { WebSocketTransport } from "./transport.js";

const PROTOCOLS = ["rivet"];

/** The actor's raw WebSocket handler: a rejection is a close; a socket that stays silent is accepted only when the handler was seen to run. */
export const RAW_WEBSOCKET: WebSocketTransport<"raw-websocket"> = {
  id: "raw-websocket",
  kind: "websocket",
  title: "raw onWebSocket",
  route: "GET /gateway/{actorId}/websocket/...",
  describe: (wire) =>
    `The actor's raw WebSocket handler. Accepted: a message, or a socket that stays open for the settle window; rejected: close ${wire.websocketRejectCloseCode} group.code.`,
  requires: "onWebSocket",
  seenInside: true,
  silenceCanAccept: true,
  browserSendsNoOrigin: false,
  // Last: its silent acceptance would measure the settle window, not the actor.
  rampRank: 4,
  wireRequest: (target, headers) => ({
    kind: "websocket",
    path: gatewayPath(target.actorId, `/websocket${RAW_PATH}`),
    protocols: PROTOCOLS,
    headers: [...(headers.extra ?? [])],
    origin: headers.origin,
    ending: "raw",
  }),
  classify: (trace, inside) => classifyRawWebSocketTrace(trace, inside),
  guardRequest: () => upgradeAsGuardSees(`/websocket${RAW_PATH}`, PROTOCOLS),
};
