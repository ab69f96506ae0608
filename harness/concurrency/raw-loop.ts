import WebSocket from "ws";
import type { TransportId } from "../probes/transports.js";

/** Knobs for the lever bench; the defaults are the plain floor. */
export interface RawRequestOptions {
  /** An undici dispatcher for fetch (e.g. an Agent without keep-alive, or with pipelining). */
  readonly dispatcher?: unknown;
  /** Extra request headers (HTTP and the WebSocket handshake). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra WebSocket subprotocols. */
  readonly protocols?: readonly string[];
  /** A bound on the whole request: it then rejects. None by default (the benchmark's floor). */
  readonly timeoutMs?: number;
}

/**
 * The floor: the same requests as the harness's probes, sent by plain fetch/ws
 * with no classification, no recording and, unless `timeoutMs` asks for one, no timeout.
 */
export async function rawRequest(
  endpoint: string,
  actorId: string,
  transport: TransportId,
  origin: string,
  options: RawRequestOptions = {},
): Promise<void> {
  const base = `${endpoint}/gateway/${actorId}`;
  const extra = options.headers ?? {};
  const json = { "content-type": "application/json", "x-rivet-encoding": "json", ...extra, origin };
  const dispatcher = {
    ...(options.dispatcher !== undefined && { dispatcher: options.dispatcher }),
    ...(options.timeoutMs !== undefined && { signal: AbortSignal.timeout(options.timeoutMs) }),
  } as object;
  switch (transport) {
    case "http-action":
      await (await fetch(`${base}/action/__origin_conformance_probe__`, { method: "POST", headers: json, body: '{"args":[]}', ...dispatcher })).text();
      return;
    case "http-queue":
      await (await fetch(`${base}/queue/__origin_conformance_probe__`, { method: "POST", headers: json, body: '{"body":null}', ...dispatcher })).text();
      return;
    case "raw-request":
      await (await fetch(`${base}/request/origin-conformance-probe`, { headers: { ...extra, origin }, ...dispatcher })).text();
      return;
    case "websocket-connect":
    case "raw-websocket": {
      const path = transport === "websocket-connect" ? "/connect" : "/websocket/origin-conformance-probe";
      const protocols = [...(transport === "websocket-connect" ? ["rivet", "rivet_encoding.json"] : ["rivet"]), ...(options.protocols ?? [])];
      await new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(`${base.replace(/^http/, "ws")}${path}`, protocols, { headers: { ...extra, origin } });
        const timer =
          options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                socket.terminate();
                reject(new Error(`no answer within ${options.timeoutMs} ms`));
              }, options.timeoutMs);
        const settle = (done: () => void) => {
          clearTimeout(timer);
          done();
        };
        socket.once("message", () => {
          socket.terminate();
          settle(resolve);
        });
        socket.once("close", () => settle(resolve));
        socket.once("error", (error) => settle(() => reject(error)));
      });
    }
  }
}
