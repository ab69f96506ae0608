/**
 * `--concurrency auto`: probes in flight near the knee of this machine's
 * throughput curve, measured against the actor under test before the run.
 * The knee moves a lot with other load on a small machine (docs/performance.md:
 * anywhere from 4 to 64 over repeated ramps), while the plateau is broad, so the
 * measured knee is clamped to [8, 32], where throughput was always within 10 % of the best.
 */
import { cachedKnee, rememberKnee } from "./knee-cache.js";
import { measureKnee } from "./measure-knee.js";
import { rawRequest } from "./raw-loop.js";
import { type Policy, parseAllowEntry } from "../policy/policy.js";
import { type TransportId, transportOf } from "../transports/index.js";
import type { HostedRegistry } from "../registry/host.js";

export const AUTO_CONCURRENCY_RANGE = { min: 8, max: 32 } as const;
const LEVELS = [4, 8, 16, 32, 64];
const LEVEL_MS = 450;
/** Where the ramp cannot measure (the actor does not answer its first request, or Ctrl-C): the run's preflight then says why. */
export const AUTO_CONCURRENCY_FALLBACK = 16;
/** An accepted request to a healthy actor takes 20-100 ms; one that waits this long says the actor is not answering. */
const RAMP_REQUEST_TIMEOUT_MS = 3_000;

export interface AutoConcurrency {
  readonly concurrency: number;
  /** Undefined when the ramp could not measure; `unmeasured` says why. */
  readonly measuredKnee?: number;
  readonly unmeasured?: string;
  /** When the knee came from the cache (harness/concurrency/knee-cache.ts): when it was measured. */
  readonly cachedAt?: string;
  readonly transport: TransportId;
  /** concurrency → probes/s, as measured. */
  readonly curve: readonly { readonly concurrency: number; readonly throughput: number }[];
  readonly elapsedMs: number;
}

/** An origin the policy allows, so the ramp measures accepted requests (a rejecting guard answers as fast). */
export function allowedOriginOf(policy: Policy): string {
  for (const text of policy.allow) {
    const entry = parseAllowEntry(text);
    if (entry.kind === "origin") return entry.serialized;
    if (entry.kind === "wildcard") return `${entry.scheme}://a${entry.suffix}${entry.port === null ? "" : `:${entry.port}`}`;
  }
  return "null";
}

export async function autoConcurrency(hosted: HostedRegistry, actor: string, policy: Policy, transports: readonly TransportId[], options: { readonly cache?: boolean } = {}): Promise<AutoConcurrency> {
  // Each transport states its rank (harness/transports/): HTTP ramps give the steadiest curve.
  const transport = [...transports].sort((a, b) => transportOf(a).rampRank - transportOf(b).rampRank)[0]!;
  const cached = options.cache === false ? undefined : cachedKnee(transport);
  if (cached !== undefined) return { concurrency: cached.concurrency, measuredKnee: cached.measuredKnee, cachedAt: cached.measuredAt, transport, curve: [], elapsedMs: 0 };
  const instance = await hosted.newActor(actor, "concurrency-knee");
  const origin = allowedOriginOf(policy);
  const requestOptions = { timeoutMs: RAMP_REQUEST_TIMEOUT_MS };
  const startedAt = performance.now();
  // One bounded request first: an actor that never answers (an onCreate that never finishes, say)
  // would otherwise hold every level of the ramp for as long as the gateway waits.
  const unanswered = await rawRequest(hosted.endpoint, instance.actorId, transport, origin, requestOptions).then(
    () => undefined,
    (error: Error) => error.message,
  );
  if (unanswered !== undefined) {
    return { concurrency: AUTO_CONCURRENCY_FALLBACK, unmeasured: `the actor did not answer the ramp's first request: ${unanswered}`, transport, curve: [], elapsedMs: performance.now() - startedAt };
  }
  const measured = await measureKnee({ hosted, actor: instance, transport, levels: LEVELS, durationMs: LEVEL_MS, passes: 2, origin, requestOptions, drainTimeoutMs: RAMP_REQUEST_TIMEOUT_MS });
  const concurrency = Math.min(AUTO_CONCURRENCY_RANGE.max, Math.max(AUTO_CONCURRENCY_RANGE.min, measured.knee));
  if (options.cache !== false) rememberKnee(transport, concurrency, measured.knee);
  return {
    concurrency,
    measuredKnee: measured.knee,
    transport,
    curve: measured.samples.map(({ concurrency, throughput }) => ({ concurrency, throughput: Math.round(throughput) })),
    elapsedMs: performance.now() - startedAt,
  };
}
