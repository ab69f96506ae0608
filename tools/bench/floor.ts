/**
 * Probes per second through the harness's probe() against a minimal raw loop
 * (plain fetch/ws, harness/concurrency/raw-loop.ts) at the same concurrency, in
 * the same run, interleaved by round: the raw loop is the engine's floor, so
 * the ratio is what the harness itself costs.
 */
import pLimit from "p-limit";
import { setup } from "rivetkit";
import { median } from "../../harness/concurrency/knee.js";
import { rawRequest } from "../../harness/concurrency/raw-loop.js";
import type { EngineHandle } from "../../harness/engine/engine.js";
import { originLine } from "../../harness/origin/header.js";
import { probe } from "../../harness/probes/probe.js";
import { TRANSPORT_IDS, type TransportId } from "../../harness/transports/index.js";
import { hostRegistry } from "../../harness/registry/host.js";
import { rawRoutes } from "../../reference-actors/correct/raw-routes.js";

const ORIGIN = "https://myapp.com";

export interface FloorRow {
  readonly transport: TransportId;
  readonly concurrency: number;
  /** Medians over the rounds, probes/s. */
  readonly harness: number;
  readonly raw: number;
  readonly ratio: number;
  readonly rounds: number;
  readonly probesPerRound: number;
}

async function rate(count: number, concurrency: number, send: () => Promise<void>): Promise<number> {
  const limit = pLimit(concurrency);
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: count }, () => limit(send)));
  return count / ((performance.now() - startedAt) / 1000);
}

/** One row per transport and concurrency; the raw-routes reference serves every transport and accepts ORIGIN. */
export async function harnessAgainstFloor(engine: EngineHandle, concurrencies: readonly number[], rounds: number): Promise<FloorRow[]> {
  const hosted = await hostRegistry(setup({ use: { rawRoutes } }), engine);
  try {
    const instance = await hosted.newActor("rawRoutes", "bench");
    const target = { endpoint: engine.endpoint, actorId: instance.actorId };
    const rows: FloorRow[] = [];
    for (const transport of TRANSPORT_IDS) {
      for (const concurrency of concurrencies) {
        const count = concurrency === 1 ? 40 : 10 * concurrency;
        const harness: number[] = [];
        const raw: number[] = [];
        for (let round = 0; round < rounds; round++) {
          harness.push(
            await rate(count, concurrency, async () => {
              const result = await probe(target, transport, originLine(ORIGIN));
              if (result.outcome.kind !== "accepted") throw new Error(`bench probe not accepted: ${result.response}`);
            }),
          );
          raw.push(await rate(count, concurrency, () => rawRequest(engine.endpoint, instance.actorId, transport, ORIGIN)));
        }
        rows.push({
          transport,
          concurrency,
          harness: Number(median(harness).toFixed(1)),
          raw: Number(median(raw).toFixed(1)),
          ratio: Number((median(harness) / median(raw)).toFixed(2)),
          rounds,
          probesPerRound: count,
        });
      }
    }
    return rows;
  } finally {
    await hosted.shutdown();
  }
}
