/**
 * Finds the concurrency knee of one actor over one transport, with the raw loop
 * (plain fetch/ws, no classification): a continuous ramp through `levels`,
 * adding workers at each step without draining the ones already running, so
 * every level is measured with a full pipeline; with `passes: 2` (the default)
 * the ramp goes up and then back down, and each level counts as the median of
 * its passes, which cancels a drift in the machine's load (a 2-core machine
 * shared with other runs drifts a lot). Each level's throughput counts the
 * requests that finished in the level's window after a short settle. The whole
 * ramp takes about levels x passes x durationMs (plus one drain at the end,
 * bounded by `drainTimeoutMs`): 7 x 2 x 550 ms = 7.7 s by default.
 *
 *   const { samples, knee } = await measureKnee({ hosted, actor, transport: "http-action" });
 */
import type { TransportId } from "../transports/index.js";
import { findKnee, median, monotoneFit } from "./knee.js";
import { type RawRequestOptions, rawRequest } from "./raw-loop.js";

export const DEFAULT_KNEE_LEVELS: readonly number[] = [1, 2, 4, 8, 16, 32, 64];
/** 7 levels x 2 passes x 550 ms: the ramp stays under ~8 s. */
export const DEFAULT_KNEE_LEVEL_MS = 550;
export const DEFAULT_KNEE_PASSES = 2;

export interface MeasureKneeOptions {
  /** The gateway to send to: a HostedRegistry or an EngineHandle fits. */
  readonly hosted: { readonly endpoint: string };
  /** The actor instance to probe: an ActorInstance fits. Its guard must accept `origin`. */
  readonly actor: { readonly actorId: string };
  readonly transport: TransportId;
  /** Increasing concurrencies; default 1, 2, 4, ..., 64. */
  readonly levels?: readonly number[];
  /** Time per level and pass, settle included; default 550 ms. */
  readonly durationMs?: number;
  /** 1: up only; 2: up, then down (default); more: up, down, up, ... */
  readonly passes?: number;
  /** The start of each level not counted (the new workers' first requests); default 20% of durationMs. */
  readonly settleMs?: number;
  /** Sent as the Origin header; default https://myapp.com (allowed by the docs allowlist). */
  readonly origin?: string;
  /** See findKnee; default 0.9. */
  readonly threshold?: number;
  /** Requests at concurrency 1 before the ramp, to warm the actor and connections; default 3. */
  readonly warmupRequests?: number;
  /** Bound on waiting for in-flight requests after the ramp; default 10 s. */
  readonly drainTimeoutMs?: number;
  /** Fetch dispatcher, extra headers or subprotocols (lever experiments). */
  readonly requestOptions?: RawRequestOptions;
}

export interface KneeLevel {
  readonly concurrency: number;
  /** Requests finished per second within the level's window (the median over passes). */
  readonly throughput: number;
  readonly completed: number;
  readonly failed: number;
  /** Median latency of the requests that finished in the window, ms. */
  readonly medianLatencyMs: number;
}

export interface KneeMeasurement {
  readonly transport: TransportId;
  /** One per level, in increasing concurrency. */
  readonly samples: readonly KneeLevel[];
  /** Every window as measured, in the order measured. */
  readonly windows: readonly KneeLevel[];
  /** The smallest level within `threshold` of the best throughput, on the monotone fit of the samples (see monotoneFit). */
  readonly knee: number;
  /** The same on the samples as measured (more sensitive to one lucky window). */
  readonly rawKnee: number;
  /** The best throughput seen, and where. */
  readonly best: { readonly concurrency: number; readonly throughput: number };
  readonly threshold: number;
  /** Wall time of the whole measurement, warm-up and drain included. */
  readonly elapsedMs: number;
  /** The first error a request failed with, if any did. */
  readonly firstError?: string;
}

export async function measureKnee(options: MeasureKneeOptions): Promise<KneeMeasurement> {
  const levels = options.levels ?? DEFAULT_KNEE_LEVELS;
  if (levels.length === 0 || levels.some((level, i) => !Number.isInteger(level) || level < 1 || (i > 0 && level <= levels[i - 1]!))) {
    throw new RangeError(`levels must be increasing positive integers, got ${levels.join(", ")}`);
  }
  const durationMs = options.durationMs ?? DEFAULT_KNEE_LEVEL_MS;
  const settleMs = options.settleMs ?? Math.round(durationMs * 0.2);
  if (!(durationMs > 0) || !(settleMs >= 0 && settleMs < durationMs)) throw new RangeError("need durationMs > settleMs >= 0");
  const threshold = options.threshold ?? 0.9;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
  const passes = options.passes ?? DEFAULT_KNEE_PASSES;
  if (!Number.isInteger(passes) || passes < 1) throw new RangeError(`passes must be a positive integer, got ${passes}`);
  const origin = options.origin ?? "https://myapp.com";
  const send = () => rawRequest(options.hosted.endpoint, options.actor.actorId, options.transport, origin, options.requestOptions);
  const startedAt = performance.now();

  let firstError: string | undefined;
  for (let i = 0; i < (options.warmupRequests ?? 3); i++) {
    await send().catch((error: Error) => {
      firstError ??= error.message;
    });
  }

  // Finished requests, by finish time, with their latency and outcome.
  const finished: { at: number; latencyMs: number; ok: boolean }[] = [];
  let target = 0;
  let stop = false;
  // Worker i runs while i < target: lowering the target retires the top workers after their current request.
  const worker = async (index: number) => {
    while (!stop && index < target) {
      const sentAt = performance.now();
      let ok = true;
      try {
        await send();
      } catch (error) {
        ok = false;
        firstError ??= (error as Error).message;
      }
      const at = performance.now();
      finished.push({ at, latencyMs: at - sentAt, ok });
      // A failing target must not spin.
      if (!ok) await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  const order: number[] = [];
  for (let pass = 0; pass < passes; pass++) order.push(...(pass % 2 === 0 ? levels : [...levels].reverse()));
  const running = new Map<number, Promise<void>>();
  const spans: { concurrency: number; from: number; to: number }[] = [];
  for (const level of order) {
    target = level;
    for (let index = 0; index < level; index++) {
      // (Re)start workers that are not running; a retired worker's promise has settled or will shortly.
      if (!running.has(index)) running.set(index, worker(index).finally(() => running.delete(index)));
    }
    const levelStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    spans.push({ concurrency: level, from: levelStart + settleMs, to: performance.now() });
  }
  stop = true;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(running.values()),
    new Promise((resolve) => {
      drainTimer = setTimeout(resolve, drainTimeoutMs);
      drainTimer.unref();
    }),
  ]);
  clearTimeout(drainTimer);

  const windows: KneeLevel[] = spans.map(({ concurrency, from, to }) => {
    const inWindow = finished.filter((entry) => entry.at >= from && entry.at < to);
    const completed = inWindow.filter((entry) => entry.ok);
    return {
      concurrency,
      throughput: completed.length / ((to - from) / 1000),
      completed: completed.length,
      failed: inWindow.length - completed.length,
      medianLatencyMs: median(completed.map((entry) => entry.latencyMs)),
    };
  });
  const samples: KneeLevel[] = levels.map((concurrency) => {
    const mine = windows.filter((window) => window.concurrency === concurrency);
    return {
      concurrency,
      throughput: median(mine.map((window) => window.throughput)),
      completed: mine.reduce((sum, window) => sum + window.completed, 0),
      failed: mine.reduce((sum, window) => sum + window.failed, 0),
      medianLatencyMs: median(mine.map((window) => window.medianLatencyMs).filter(Number.isFinite)),
    };
  });
  const bestSample = samples.reduce((a, b) => (b.throughput > a.throughput ? b : a));
  return {
    transport: options.transport,
    samples,
    windows,
    knee: findKnee(monotoneFit(samples), threshold),
    rawKnee: findKnee(samples, threshold),
    best: { concurrency: bestSample.concurrency, throughput: bestSample.throughput },
    threshold,
    elapsedMs: performance.now() - startedAt,
    firstError,
  };
}
