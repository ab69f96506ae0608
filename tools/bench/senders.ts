/**
 * Checked senders for the lever bench: one accepted request to the timing
 * actor (tools/bench/timing-actor.ts) per call, over one transport, with
 * optional fetch dispatcher, extra headers or extra WebSocket subprotocols.
 */
import WebSocket from "ws";
import type { TransportId } from "../../harness/transports/index.js";

const ORIGIN = "https://myapp.com";

export interface SendOptions {
  readonly dispatcher?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly protocols?: readonly string[];
}

export type Send = () => Promise<void>;

/**
 * One accepted request to the timing actor, checked: an action must answer 200
 * with an output, a raw request 200, /connect an Init frame, a raw WebSocket
 * its "hello". Several actor ids are used round-robin.
 */
export function sender(endpoint: string, actorIds: readonly string[], transport: TransportId, options: SendOptions = {}): Send {
  let next = 0;
  const extra = options.headers ?? {};
  const dispatcher = options.dispatcher === undefined ? {} : ({ dispatcher: options.dispatcher } as object);
  return async () => {
    const base = `${endpoint}/gateway/${actorIds[next++ % actorIds.length]}`;
    switch (transport) {
      case "http-action": {
        const response = await fetch(`${base}/action/ping`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-rivet-encoding": "json", ...extra, origin: ORIGIN },
          body: '{"args":[]}',
          ...dispatcher,
        });
        const body = await response.text();
        if (response.status !== 200 || !body.includes('"output"')) throw new Error(`action: HTTP ${response.status} ${body.slice(0, 120)}`);
        return;
      }
      case "raw-request": {
        const response = await fetch(`${base}/request/bench`, { headers: { ...extra, origin: ORIGIN }, ...dispatcher });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`raw request: HTTP ${response.status} ${body.slice(0, 120)}`);
        return;
      }
      case "websocket-connect":
      case "raw-websocket": {
        const connect = transport === "websocket-connect";
        const url = `${base.replace(/^http/, "ws")}${connect ? "/connect" : "/websocket/bench"}`;
        const protocols = [...(connect ? ["rivet", "rivet_encoding.json"] : ["rivet"]), ...(options.protocols ?? [])];
        await new Promise<void>((resolve, reject) => {
          const socket = new WebSocket(url, protocols, { headers: { ...extra, origin: ORIGIN }, perMessageDeflate: false });
          socket.once("message", (data) => {
            const text = String(data);
            socket.terminate();
            if (connect ? text.includes('"Init"') : text === "hello") resolve();
            else reject(new Error(`${transport}: first frame ${text.slice(0, 120)}`));
          });
          socket.once("close", (code, reason) => reject(new Error(`${transport}: closed ${code} ${reason}`)));
          socket.once("error", reject);
        });
        return;
      }
      default:
        throw new Error(`no sender for ${transport}`);
    }
  };
}
