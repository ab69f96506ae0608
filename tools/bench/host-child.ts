/**
 * Bench support: hosts the timing actor in a process of its own, against an
 * engine given by endpoint, so the lever bench can compare engines started
 * with different settings (one process cannot host registries on two engines)
 * and registries with different log levels. Forked with IPC; sends
 * { actorIds } once ready and exits when the parent disconnects.
 *
 * argv: <endpoint> <instances>
 */
import { setup } from "rivetkit";
import { connectEngine } from "../../harness/engine/engine.js";
import { hostRegistry } from "../../harness/registry/host.js";
import { timing } from "./timing-actor.js";

const [endpoint, instancesArg] = process.argv.slice(2);
if (!endpoint || !process.send) throw new Error("usage: fork host-child.ts <endpoint> <instances> (with IPC)");
process.on("disconnect", () => process.exit(0));
try {
  const engine = await connectEngine(endpoint);
  const hosted = await hostRegistry(setup({ use: { timing } }), engine);
  const count = Number(instancesArg ?? 1);
  const actors = await Promise.all(Array.from({ length: count }, (_, i) => hosted.newActor("timing", `child${i}`)));
  process.send({ actorIds: actors.map((actor) => actor.actorId) });
} catch (error) {
  process.send({ error: (error as Error).message });
  process.exit(1);
}
