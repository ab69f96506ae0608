import { runMutant } from "./harness/conformance/mutation-score.js";
import { registry } from "./reference-actors/registry.js";
import { startEngine } from "./harness/engine/engine.js";
import { hostRegistry } from "./harness/registry/host.js";
import { KNOWN_BAD_GUARDS } from "./reference-actors/known-bad/index.js";
const engine = await startEngine();
try {
  const hosted = await hostRegistry(registry, engine);
  const t0 = Date.now();
  const times: string[] = [];
  for (const g of KNOWN_BAD_GUARDS) {
    const r = await runMutant(hosted, g, Number(process.argv[2] ?? 1));
    times.push(`${g.id} ${r.ms}${r.matching ? "" : " NO MATCH"}`);
  }
  console.log(times.join("; "));
  console.log("total", Date.now() - t0);
  await hosted.shutdown();
} finally { await engine.stop(); }
process.exit(0);
