import WebSocket from "ws";
import type { TransportId } from "../probes/transports.js";

/**
 * The floor: the same requests as the harness's probes, sent by plain fetch/ws
 * with no classification, no recording and no timeouts.
 */
export async function rawRequest(endpoint: string, actorId: string, transport: TransportId, origin: string): Promise<void> {
  const base = `${endpoint}/gateway/${actorId}`;
  const json = { "content-type": "application/json", "x-rivet-encoding": "json", origin };
  switch (transport) {
    case "http-action":
      await (await fetch(`${base}/action/__origin_conformance_probe__`, { method: "POST", headers: json, body: '{"args":[]}' })).text();
      return;
    case "http-queue":
      await (await fetch(`${base}/queue/__origin_conformance_probe__`, { method: "POST", headers: json, body: '{"body":null}' })).text();
      return;
    case "raw-request":
      await (await fetch(`${base}/request/origin-conformance-probe`, { headers: { origin } })).text();
      return;
    case "websocket-connect":
    case "raw-websocket": {
      const path = transport === "websocket-connect" ? "/connect" : "/websocket/origin-conformance-probe";
      const protocols = transport === "websocket-connect" ? ["rivet", "rivet_encoding.json"] : ["rivet"];
      await new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(`${base.replace(/^http/, "ws")}${path}`, protocols, { headers: { origin } });
        socket.once("message", () => {
          socket.terminate();
          resolve();
        });
        socket.once("close", () => resolve());
        socket.once("error", reject);
      });
    }
  }
}
