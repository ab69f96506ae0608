/**
 * pnpm bench: prints JSON lines. Engine start to ready; probes/s per transport
 * at concurrency 1 and 32 through the harness's probe() and through a minimal
 * raw loop in the same run (interleaved rounds, medians), with the ratio; the
 * knee curve per transport (raw loop, concurrency ramped 1..64, see
 * measure-knee.ts); peak RSS of this process and of the engine; in-process
 * decisions per second (harness/screening); and the wall time of the commands
 * issue 7 sets targets for: a default seed-guard check (median of
 * BENCH_RUN_ROUNDS, default 3) and the mutant meta-suite (BENCH_SKIP_META=1
 * skips it).
 */
import { readFileSync } from "node:fs";
import { setup } from "rivetkit";
import pLimit from "p-limit";
import { startEngine } from "../engine/engine.js";
import { originLine } from "../origin/header.js";
import { probe } from "../probes/probe.js";
import { TRANSPORT_IDS, type TransportId } from "../transports/index.js";
import { hostRegistry } from "../registry/host.js";
import { rawRoutes, rawRoutesReference } from "../../reference-actors/correct/raw-routes.js";
import { seedAllowlistReference } from "../../reference-actors/correct/seed-allowlist.js";
import { screeningRate, type TimedRun, timeMutantMetaSuite, timeSeedGuardCheck } from "./run-times.js";
import { median } from "../concurrency/knee.js";
import { measureKnee } from "../concurrency/measure-knee.js";
import { rawRequest } from "../concurrency/raw-loop.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Whole seed-guard checks timed (each about 40 s). */
const RUN_ROUNDS = Number(process.env.BENCH_RUN_ROUNDS ?? 3);
const SCREEN_COUNT = 10_000;
const ORIGIN = "https://myapp.com";

function emit(line: Record<string, unknown>) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}


function peakRssOf(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function rate(count: number, concurrency: number, send: () => Promise<void>): Promise<number> {
  const limit = pLimit(concurrency);
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: count }, () => limit(send)));
  return count / ((performance.now() - startedAt) / 1000);
}

const engineStarts: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const engine = await startEngine();
  engineStarts.push(engine.readyMs);
  await engine.stop();
}
emit({ metric: "engine-start-to-ready-ms", median: Math.round(median(engineStarts)), samples: engineStarts.map(Math.round) });

const engine = await startEngine();
try {
  const hosted = await hostRegistry(setup({ use: { rawRoutes } }), engine);
  const instance = await hosted.newActor("rawRoutes", "bench");
  const target = { endpoint: engine.endpoint, actorId: instance.actorId };
  for (const transport of TRANSPORT_IDS as readonly TransportId[]) {
    for (const concurrency of [1, 32]) {
      const count = concurrency === 1 ? 40 : 320;
      const harness: number[] = [];
      const raw: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        harness.push(
          await rate(count, concurrency, async () => {
            const result = await probe(target, transport, originLine(ORIGIN));
            if (result.outcome.kind !== "accepted") throw new Error(`bench probe not accepted: ${result.response}`);
          }),
        );
        raw.push(await rate(count, concurrency, () => rawRequest(engine.endpoint, instance.actorId, transport, ORIGIN)));
      }
      emit({
        metric: "probes-per-second",
        transport,
        concurrency,
        harness: Number(median(harness).toFixed(1)),
        raw: Number(median(raw).toFixed(1)),
        ratio: Number((median(harness) / median(raw)).toFixed(2)),
        rounds: ROUNDS,
        probesPerRound: count,
      });
    }
  }
  for (const transport of TRANSPORT_IDS as readonly TransportId[]) {
    const knee = await measureKnee({ hosted, actor: instance, transport, origin: ORIGIN });
    emit({
      metric: "knee",
      transport,
      knee: knee.knee,
      rawKnee: knee.rawKnee,
      best: { concurrency: knee.best.concurrency, throughput: Number(knee.best.throughput.toFixed(1)) },
      threshold: knee.threshold,
      curve: knee.samples.map((sample) => `${sample.concurrency}:${sample.throughput.toFixed(0)}/s@${Math.round(sample.medianLatencyMs)}ms`).join(" "),
      samples: knee.samples.map((sample) => ({
        concurrency: sample.concurrency,
        throughput: Number(sample.throughput.toFixed(1)),
        medianLatencyMs: Math.round(sample.medianLatencyMs),
        failed: sample.failed,
      })),
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
  for (let round = 0; round < ROUNDS; round++) rates.push(await screeningRate(reference, SCREEN_COUNT));
  emit({ metric: "in-process-decisions-per-second", actor: reference.id, median: Math.round(median(rates)), samples: rates.map(Math.round), originsPerTransport: SCREEN_COUNT, target: 10_000 });
}

// After this process's engine is stopped: each command starts its own, as a user's would.
const checks: TimedRun[] = [];
for (let round = 0; round < RUN_ROUNDS; round++) checks.push(await timeSeedGuardCheck(180_000));
emit({
  metric: "seed-guard-check-wall-ms",
  command: "pnpm conformance check reference-actors/registry.ts --actor seed-allowlist --allow ... (defaults: --concurrency auto, --runs 200, --screen 10000)",
  median: median(checks.map((run) => run.ms)),
  samples: checks.map((run) => run.ms),
  exitCodes: checks.map((run) => run.exitCode),
  target: 60_000,
});
if (process.env.BENCH_SKIP_META !== "1") {
  const meta = await timeMutantMetaSuite(900_000);
  emit({ metric: "mutant-meta-suite-wall-ms", command: "vitest run suites/meta/known-bad-guards.test.ts", ms: meta.ms, exitCode: meta.exitCode, lastLine: meta.lastLine, target: 300_000 });
}

// rivetkit's native runtime keeps handles open after shutdown.
process.exit(0);
