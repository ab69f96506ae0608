/**
 * Bench support: an engine, a registry with the timing actor and a closed-loop
 * client, all in this one process tree, meant to run inside a private network
 * namespace (`unshare -n`), where the loopback route can be changed without
 * touching the machine's: the lever bench starts two of these, one with
 * `quickack 1` on loopback and one without, and measures them interleaved.
 *
 * Protocol: one JSON line on stdout `{"ready":true}` (or `{"error":...}`), then
 * for every JSON line `{"transport","concurrency","windowMs"}` on stdin one
 * JSON line with the LoopResult. Closing stdin stops everything.
 */
import { createInterface } from "node:readline";
import { setup } from "rivetkit";
import { type EngineHandle, startEngine } from "../../harness/engine/engine.js";
import type { TransportId } from "../../harness/transports/index.js";
import { type HostedRegistry, hostRegistry } from "../../harness/registry/host.js";
import { closedLoop } from "./closed-loop.js";
import { sender } from "./senders.js";
import { timing } from "./timing-actor.js";

const reply = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);

let engine: EngineHandle | undefined;
let hosted: HostedRegistry | undefined;
const stop = async (code: number) => {
  await hosted?.shutdown().catch(() => {});
  await engine?.stop().catch(() => {});
  process.exit(code);
};

try {
  engine = await startEngine();
  hosted = await hostRegistry(setup({ use: { timing } }), engine);
  const actor = await hosted.newActor("timing", "netns");
  const endpoint = engine.endpoint;
  // Warm up.
  for (const transport of ["http-action", "websocket-connect"] as const) await sender(endpoint, [actor.actorId], transport)();
  reply({ ready: true });
  const lines = createInterface({ input: process.stdin });
  lines.on("line", async (line) => {
    const { transport, concurrency, windowMs } = JSON.parse(line) as { transport: TransportId; concurrency: number; windowMs: number };
    reply(await closedLoop(sender(endpoint, [actor.actorId], transport), concurrency, windowMs));
  });
  lines.on("close", () => void stop(0));
} catch (error) {
  reply({ error: (error as Error).message });
  await stop(1);
}
