import { wireExpectationFor } from "../calibration/wire-expectations.js";
import type { ActorRoutes } from "../registry/routes.js";
import { harnessRivetkit } from "../versions/rivetkit.js";

/** The gateway routes that run `onBeforeConnect` with `c.request` set. */
export type TransportId = "http-action" | "http-queue" | "websocket-connect" | "raw-request" | "raw-websocket";

export interface TransportInfo {
  readonly id: TransportId;
  readonly title: string;
  readonly route: string;
  readonly description: string;
  /** Present only when the actor defines this handler. */
  readonly requires?: "onRequest" | "onWebSocket";
}

/** The wire facts a description states; they come from the rivetkit version's expectation file (calibration/wire-expectations.ts). */
export interface RejectionOnTheWire {
  readonly userErrorHttpStatus: number;
  readonly websocketRejectUpgradeStatus: number;
  readonly websocketRejectCloseCode: number;
}

/** The transports, described as `wire` says a rejection looks in the user's rivetkit version. */
export function describeTransports(wire: RejectionOnTheWire): readonly TransportInfo[] {
  const close = wire.websocketRejectCloseCode;
  return [
    {
      id: "http-action",
      title: "HTTP action",
      route: "POST /gateway/{actorId}/action/{name}",
      description: `A stateless action call. Accepted: 200 with the output (or 404 action_not_found for the harness's probe action). Rejected: an actor error, status ${wire.userErrorHttpStatus} for a UserError.`,
    },
    {
      id: "http-queue",
      title: "HTTP queue send",
      route: "POST /gateway/{actorId}/queue/{name}",
      description: "A queue message send. Accepted: 200 with a status. Rejected: an actor error.",
    },
    {
      id: "websocket-connect",
      title: "WebSocket connect",
      route: "GET /gateway/{actorId}/connect (subprotocols rivet, rivet_encoding.json)",
      description: `The rivet client protocol. The upgrade is ${wire.websocketRejectUpgradeStatus} either way; accepted: an Init frame; rejected: an Error frame, then close ${close}.`,
    },
    {
      id: "raw-request",
      title: "raw onRequest",
      route: "ANY /gateway/{actorId}/request/...",
      description: "The actor's raw HTTP handler. Accepted: the handler's answer; rejected: an actor error.",
      requires: "onRequest",
    },
    {
      id: "raw-websocket",
      title: "raw onWebSocket",
      route: "GET /gateway/{actorId}/websocket/...",
      description: `The actor's raw WebSocket handler. Accepted: a message, or a socket that stays open for the settle window; rejected: close ${close} group.code.`,
      requires: "onWebSocket",
    },
  ];
}

/** Described for the rivetkit this harness imports (the user's, as a peer dependency); ids, routes and requirements do not depend on the version. */
export const TRANSPORTS: readonly TransportInfo[] = describeTransports(wireExpectationFor(harnessRivetkit()?.version));

export const TRANSPORT_IDS: readonly TransportId[] = TRANSPORTS.map((transport) => transport.id);

export function transportInfo(id: TransportId): TransportInfo {
  return TRANSPORTS.find((transport) => transport.id === id)!;
}

/** The transports an actor serves, in a stable order. */
export function transportsFor(routes: ActorRoutes): TransportId[] {
  return TRANSPORTS.filter(
    (transport) =>
      transport.requires === undefined ||
      (transport.requires === "onRequest" && routes.rawRequest) ||
      (transport.requires === "onWebSocket" && routes.rawWebSocket),
  ).map((transport) => transport.id);
}
