/**
 * A closed loop: `concurrency` workers each send one request after another
 * until `durationMs` has passed; the rate counts the requests that completed,
 * over the time until the last in-flight one finished. Duration-bounded, so a
 * slow variant costs no more wall time than a fast one.
 */
import { median } from "../../harness/concurrency/knee.js";

export interface LoopResult {
  readonly concurrency: number;
  readonly completed: number;
  readonly failed: number;
  readonly elapsedMs: number;
  /** Completed requests per second. */
  readonly throughput: number;
  /** Median latency of completed requests, ms. */
  readonly medianLatencyMs: number;
  /** First failure message, if any. */
  readonly firstError?: string;
}

export async function closedLoop(send: () => Promise<void>, concurrency: number, durationMs: number): Promise<LoopResult> {
  const startedAt = performance.now();
  const deadline = startedAt + durationMs;
  let completed = 0;
  let failed = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const worker = async () => {
    while (performance.now() < deadline) {
      const sentAt = performance.now();
      try {
        await send();
        completed++;
        latencies.push(performance.now() - sentAt);
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
        // A failing target must not spin: back off a little.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - startedAt;
  return {
    concurrency,
    completed,
    failed,
    elapsedMs,
    throughput: completed / (elapsedMs / 1000),
    medianLatencyMs: latencies.length === 0 ? Number.NaN : median(latencies),
    firstError,
  };
}

export { median };
