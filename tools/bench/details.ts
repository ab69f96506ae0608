/**
 * `pnpm bench --details`: what the bench measured before the table, as JSON
 * lines: engine start to ready, the knee curve per transport (raw loop,
 * concurrency ramped 1..64, see harness/concurrency/measure-knee.ts), peak RSS
 * of this process and of the engine, in-process decisions per second
 * (harness/screening).
 */
import { readFileSync } from "node:fs";
import { setup } from "rivetkit";
import { median } from "../../harness/concurrency/knee.js";
import { measureKnee } from "../../harness/concurrency/measure-knee.js";
import { startEngine } from "../../harness/engine/engine.js";
import { TRANSPORT_IDS, type TransportId } from "../../harness/transports/index.js";
import { hostRegistry } from "../../harness/registry/host.js";
import { rawRoutes, rawRoutesReference } from "../../reference-actors/correct/raw-routes.js";
import { seedAllowlistReference } from "../../reference-actors/correct/seed-allowlist.js";
import { screeningRate } from "./run-times.js";

const SCREEN_COUNT = 10_000;
const ORIGIN = "https://myapp.com";

function peakRssOf(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function measureDetails(rounds: number, emit: (line: Record<string, unknown>) => void): Promise<void> {
  const engineStarts: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const engine = await startEngine();
    engineStarts.push(engine.readyMs);
    await engine.stop();
  }
  emit({ metric: "engine-start-to-ready-ms", median: Math.round(median(engineStarts)), samples: engineStarts.map(Math.round) });

  const engine = await startEngine();
  try {
    const hosted = await hostRegistry(setup({ use: { rawRoutes } }), engine);
    const instance = await hosted.newActor("rawRoutes", "bench");
    for (const transport of TRANSPORT_IDS) {
      const knee = await measureKnee({ hosted, actor: instance, transport, origin: ORIGIN });
      emit({
        metric: "knee",
        transport,
        knee: knee.knee,
        rawKnee: knee.rawKnee,
        best: { concurrency: knee.best.concurrency, throughput: Number(knee.best.throughput.toFixed(1)) },
        threshold: knee.threshold,
        curve: knee.samples.map((sample) => `${sample.concurrency}:${sample.throughput.toFixed(0)}/s@${Math.round(sample.medianLatencyMs)}ms`).join(" "),
        elapsedMs: Math.round(knee.elapsedMs),
        ...(knee.firstError ? { firstError: knee.firstError } : {}),
      });
    }
    await hosted.shutdown();
    emit({ metric: "peak-rss-bytes", harnessProcess: peakRssOf(process.pid), engine: engine.pid ? peakRssOf(engine.pid) : undefined });
  } finally {
    await engine.stop();
  }

  for (const reference of [seedAllowlistReference, rawRoutesReference]) {
    const rates: number[] = [];
    for (let round = 0; round < rounds; round++) rates.push(await screeningRate(reference, SCREEN_COUNT));
    emit({ metric: "in-process-decisions-per-second", actor: reference.id, median: Math.round(median(rates)), samples: rates.map(Math.round), originsPerTransport: SCREEN_COUNT });
  }
}
