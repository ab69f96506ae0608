import { classifyConnectTrace } from "../probes/classify.js";
import { gatewayPath, upgradeAsGuardSees } from "./gateway.js";
import type { WebSocketTransport } from "./transport.js";

const PROTOCOLS = ["rivet", "rivet_encoding.json"];

/** The rivet client protocol (JSON encoding): the first frame decides, Init or Error. */
export const WEBSOCKET_CONNECT: WebSocketTransport<"websocket-connect"> = {
  id: "websocket-connect",
  kind: "websocket",
  title: "WebSocket connect",
  route: "GET /gateway/{actorId}/connect (subprotocols rivet, rivet_encoding.json)",
  describe: (wire) =>
    `The rivet client protocol. The upgrade is ${wire.websocketRejectUpgradeStatus} either way; accepted: an Init frame; rejected: an Error frame, then close ${wire.websocketRejectCloseCode}.`,
  requires: null,
  seenInside: false,
  silenceCanAccept: false,
  browserSendsNoOrigin: false,
  rampRank: 3,
  wireRequest: (target, headers) => ({
    kind: "websocket",
    path: gatewayPath(target.actorId, "/connect"),
    protocols: PROTOCOLS,
    headers: [...(headers.extra ?? [])],
    origin: headers.origin,
    ending: "connect",
  }),
  classify: (trace) => classifyConnectTrace(trace),
  guardRequest: () => upgradeAsGuardSees("/connect", PROTOCOLS),
};
