import { runConformance } from "./harness/conformance/run.js";
import { MUTANT_RUN } from "./harness/conformance/mutation-score.js";
import { registry } from "./reference-actors/registry.js";
import { startEngine } from "./harness/engine/engine.js";
import { hostRegistry } from "./harness/registry/host.js";
import { KNOWN_BAD_GUARDS } from "./reference-actors/known-bad/index.js";
const engine = await startEngine();
try {
  const hosted = await hostRegistry(registry, engine);
  const g = KNOWN_BAD_GUARDS.find((x) => x.id === process.argv[2])!;
  const t0 = Date.now();
  let last = "";
  const r = await runConformance({ hosted, actor: g.id, policy: g.policy, seed: 1, ...MUTANT_RUN, onProgress: (e) => { const k = `${e.phase}`; if (k !== last) { console.log(Date.now() - t0, "ms", JSON.stringify(e)); last = k; } } });
  console.log(Date.now() - t0, r.verdict, r.probes, r.failures.map((f) => `${f.category}/${f.transport} ${JSON.stringify(f.header).slice(0, 80)} confirmed=${f.confirmed}`));
  await hosted.shutdown();
} finally { await engine.stop(); }
process.exit(0);
