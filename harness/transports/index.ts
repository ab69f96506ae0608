/**
 * The transports, in the order runs and reports list them. The transport id
 * type is derived from this list: a transport exists by being a module here.
 */
import { wireExpectationFor } from "../calibration/wire-expectations.js";
import type { ActorRoutes } from "../registry/routes.js";
import { harnessRivetkit } from "../versions/rivetkit.js";
import { HTTP_ACTION } from "./http-action.js";
import { HTTP_QUEUE } from "./http-queue.js";
import { RAW_REQUEST } from "./raw-request.js";
import { RAW_WEBSOCKET } from "./raw-websocket.js";
import type { RejectionOnTheWire, Transport, UserHandler } from "./transport.js";
import { WEBSOCKET_CONNECT } from "./websocket-connect.js";

export { HTTP_ACTION, HTTP_QUEUE, RAW_REQUEST, RAW_WEBSOCKET, WEBSOCKET_CONNECT };
export { RAW_PATH } from "./gateway.js";
export type { HeaderLine, RejectionOnTheWire, Transport, WireRequest } from "./transport.js";

export const TRANSPORTS = [HTTP_ACTION, HTTP_QUEUE, WEBSOCKET_CONNECT, RAW_REQUEST, RAW_WEBSOCKET] as const satisfies readonly Transport[];

/** The gateway routes that run `onBeforeConnect` with `c.request` set. */
export type TransportId = (typeof TRANSPORTS)[number]["id"];

export const TRANSPORT_IDS: readonly TransportId[] = TRANSPORTS.map((transport) => transport.id);

export function isTransportId(text: string): text is TransportId {
  return (TRANSPORT_IDS as readonly string[]).includes(text);
}

export function transportOf(id: TransportId): Transport<TransportId> {
  return TRANSPORTS.find((transport) => transport.id === id)!;
}

/** A transport as reports and the package's users see it. */
export interface TransportInfo {
  readonly id: TransportId;
  readonly title: string;
  readonly route: string;
  readonly description: string;
  /** Present only when the actor must define this handler. */
  readonly requires?: UserHandler;
}

/** The transports, described as `wire` says a rejection looks in the user's rivetkit version. */
export function describeTransports(wire: RejectionOnTheWire): readonly TransportInfo[] {
  return TRANSPORTS.map((transport) => ({
    id: transport.id,
    title: transport.title,
    route: transport.route,
    description: transport.describe(wire),
    ...(transport.requires !== null && { requires: transport.requires }),
  }));
}

/** Described for the rivetkit this harness imports (the user's, as a peer dependency); ids, routes and requirements do not depend on the version. */
export const DESCRIBED_TRANSPORTS: readonly TransportInfo[] = describeTransports(wireExpectationFor(harnessRivetkit()?.version));

const DEFINES: Record<UserHandler, (routes: ActorRoutes) => boolean> = {
  onRequest: (routes) => routes.rawRequest,
  onWebSocket: (routes) => routes.rawWebSocket,
};

/** Whether an actor with these routes serves the transport. */
export function serves(transport: Transport, routes: ActorRoutes): boolean {
  return transport.requires === null || DEFINES[transport.requires](routes);
}

/** The transports an actor serves, in a stable order. */
export function transportsFor(routes: ActorRoutes): TransportId[] {
  return TRANSPORTS.filter((transport) => serves(transport, routes)).map((transport) => transport.id);
}
