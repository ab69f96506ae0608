/** What the transport modules share: the gateway's path scheme, and the header sets the stack is seen to deliver. */
import type { GuardRequest, HeaderLine, WireHeaders } from "./transport.js";

/** The path the harness's raw requests and raw WebSockets ask for, under the actor's `/request` and `/websocket` routes. */
export const RAW_PATH = "/origin-conformance-probe";

/** The actor's routes on the gateway. */
export function gatewayPath(actorId: string, route: string): string {
  return `/gateway/${encodeURIComponent(actorId)}${route}`;
}

/** The headers of an action or queue call (rivetkit's JSON encoding), then the caller's extra lines. */
export function jsonCallHeaders(headers: WireHeaders): HeaderLine[] {
  return [["Content-Type", "application/json"], ["x-rivet-encoding", "json"], ...(headers.extra ?? [])];
}

/** What the guard saw on a plain HTTP probe (as the echo of a real probe showed it), for the in-process tier. */
const HTTP_CLIENT_HEADERS = {
  accept: "*/*",
  "accept-encoding": "gzip, deflate",
  "accept-language": "*",
  connection: "keep-alive",
  host: "127.0.0.1",
  "sec-fetch-mode": "cors",
  "user-agent": "node",
};

/** What the guard saw on a WebSocket handshake, for the in-process tier. */
const UPGRADE_HEADERS = {
  connection: "Upgrade",
  host: "127.0.0.1",
  "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
  "sec-websocket-version": "13",
  upgrade: "websocket",
};

/** An action or queue call as the guard sees it. */
export function jsonCallAsGuardSees(path: string): GuardRequest {
  return { method: "POST", path, headers: { ...HTTP_CLIENT_HEADERS, "content-type": "application/json", "x-rivet-encoding": "json" }, params: null };
}

/** A raw onRequest GET as the guard sees it: rivetkit passes no conn params. */
export function rawGetAsGuardSees(path: string): GuardRequest {
  return { method: "GET", path, headers: HTTP_CLIENT_HEADERS, params: undefined };
}

/** A WebSocket handshake as the guard sees it. */
export function upgradeAsGuardSees(path: string, protocols: readonly string[]): GuardRequest {
  return { method: "GET", path, headers: { ...UPGRADE_HEADERS, "sec-websocket-protocol": protocols.join(",") }, params: null };
}
