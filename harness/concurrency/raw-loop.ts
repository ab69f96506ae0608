import WebSocket from "ws";
import { originLine } from "../origin/header.js";
import { type TransportId, transportOf } from "../transports/index.js";

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
 * The floor: the same requests as the harness's probes (each transport's wire
 * request, harness/transports/), sent by plain fetch/ws with no classification,
 * no recording and, unless `timeoutMs` asks for one, no timeout.
 */
export async function rawRequest(
  endpoint: string,
  actorId: string,
  transport: TransportId,
  origin: string,
  options: RawRequestOptions = {},
): Promise<void> {
  const wire = transportOf(transport).wireRequest({ actorId }, { origin: originLine(origin), extra: Object.entries(options.headers ?? {}) });
  const headers = { ...Object.fromEntries(wire.headers), origin };
  if (wire.kind === "http") {
    const init = {
      method: wire.method,
      headers,
      ...(wire.body !== undefined && { body: wire.body }),
      ...(options.dispatcher !== undefined && { dispatcher: options.dispatcher }),
      ...(options.timeoutMs !== undefined && { signal: AbortSignal.timeout(options.timeoutMs) }),
    } as RequestInit;
    await (await fetch(`${endpoint}${wire.path}`, init)).text();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(`${endpoint.replace(/^http/, "ws")}${wire.path}`, [...wire.protocols, ...(options.protocols ?? [])], { headers });
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
