import { type EngineHandle, acquireEngine } from "../engine/engine.js";
import { EngineError } from "../engine/errors.js";
import { isHealthy } from "../engine/health.js";
import { describeHeader } from "../origin/header.js";
import { DEFAULT_PROBE_TIMEOUT_MS, type ProbeOptions } from "../probes/probe.js";
import { type TransportId, transportsFor } from "../probes/transports.js";
import { type Policy, parsePolicy } from "../policy/policy.js";
import { type AnyRegistry, type HostedRegistry, hostRegistry, RegistryError } from "../registry/host.js";
import { type PhaseId, type ProbeFunction, type ProgressEvent, RunContext, RunCutOff } from "./context.js";
import { preflight } from "./preflight.js";
import { type RegressionEntry, runCorpusPhase } from "./corpus-phase.js";
import { runHistoryPhase } from "./history-phase.js";
import { runRandomPhase } from "./random-phase.js";
import type { ConformanceResult, Failure, Verdict } from "./result.js";
import { runSideEffectPhase, type SideEffectActions } from "./side-effect-phase.js";
import { predictedFailuresFirst, runScreeningPhase, type ScreeningSummary } from "../screening/screening-phase.js";

const DEFAULT_SCREEN_COUNT = 10_000;
const DEFAULT_SCREEN_BUDGET_MS = 10_000;

export interface ConformanceOptions {
  /** The registry to check, hosted in this process, or one that is already hosted. */
  readonly registry?: AnyRegistry;
  readonly hosted?: HostedRegistry;
  /** The actor to check; optional when the registry has exactly one. */
  readonly actor?: string;
  /** The documented set: a Policy or its JSON input. */
  readonly policy: unknown;
  /**
   * Use this engine; otherwise `endpoint`/RIVET_ENDPOINT, otherwise one is spawned for the run.
   * With `hosted`, the engine that registry runs on: the run then learns at once when it dies.
   */
  readonly engine?: EngineHandle;
  readonly endpoint?: string;
  /** Defaults to every transport the actor serves. */
  readonly transports?: readonly TransportId[];
  /** Random cases per transport (default 200). */
  readonly runs?: number;
  readonly seed?: number;
  /** Replay one random case: with `seed`, the `path` printed in a failure. */
  readonly path?: string;
  /** History sequences, each on a fresh instance (default 12). */
  readonly historySequences?: number;
  /** Probes in flight at once (default 16). */
  readonly concurrency?: number;
  readonly probe?: ProbeOptions;
  /** Action for `http-action` probes; by default one that does not exist, so probes have no side effects. */
  readonly action?: string;
  /** The side-effect check's actions; by default `increment`/`getCount` when the actor has both; `false` skips it. */
  readonly sideEffects?: SideEffectActions | false;
  readonly regressions?: readonly RegressionEntry[];
  /** Only these generator categories in the corpus phase (default: all). For narrowed runs, such as the harness's own fault tests. */
  readonly corpusCategories?: readonly string[];
  /** Stop after the first confirmed, shrunk counterexample. */
  readonly stopAtFirstFailure?: boolean;
  /**
   * Origins per transport the in-process tier screens after the wire phases
   * (default 10,000; 0 or false: no screening). Used only when the tier agrees
   * with the wire on the whole corpus; what it finds is confirmed over the wire.
   */
  readonly screen?: number | false;
  /** Bound on the screening's in-process work (default 10 s). */
  readonly screenBudgetMs?: number;
  /** Probe the corpus cases the in-process tier predicts to fail first (for runs that stop at the first failure). */
  readonly screenFirst?: boolean;
  readonly shrinkBudgetMs?: number;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** How a failure is replayed from the user's side (CLI or vitest). */
  readonly replayCommand?: (failure: Omit<Failure, "replay">, seed: number) => string;
  /** Aborting it cuts the run off (Ctrl-C): it returns at once, marked with what it did not finish. */
  readonly signal?: AbortSignal;
  /**
   * Sends the probes instead of `probe`. Only for the harness's own fault tests
   * (a transport that drops connections at random); not offered by the CLI.
   */
  readonly probeWith?: ProbeFunction;
}

export class ConformanceUsageError extends Error {
  override readonly name = "ConformanceUsageError";
}

export function chooseActor(hosted: HostedRegistry, requested: string | undefined): string {
  const names = hosted.actorNames;
  if (requested !== undefined) {
    if (!names.includes(requested)) throw new ConformanceUsageError(`unknown actor "${requested}"; the registry has: ${names.join(", ") || "(none)"}`);
    return requested;
  }
  if (names.length !== 1) throw new ConformanceUsageError(`the registry has ${names.length} actors (${names.join(", ")}); name one with --actor`);
  return names[0]!;
}

export function chooseTransports(available: readonly TransportId[], requested: readonly TransportId[] | undefined): TransportId[] {
  if (requested === undefined) return [...available];
  const unavailable = requested.filter((transport) => !available.includes(transport));
  if (unavailable.length > 0) throw new ConformanceUsageError(`the actor does not serve ${unavailable.join(", ")}; it serves: ${available.join(", ")}`);
  return [...requested];
}

function defaultReplay(failure: Omit<Failure, "replay">, seed: number): string {
  if (failure.path !== undefined) return `--seed ${failure.seed ?? seed} --path ${failure.path} --transport ${failure.transport}`;
  return `--transport ${failure.transport} (corpus case ${failure.caseId ?? describeHeader(failure.header)})`;
}

/** Runs the whole conformance check and returns the results as data. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const policy: Policy = parsePolicy(options.policy);
  const startedAt = new Date();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const runs = options.runs ?? 200;
  const ownsEngine = options.hosted === undefined && options.engine === undefined;
  const engine = options.engine ?? (options.hosted ? undefined : await acquireEngine({ endpoint: options.endpoint }));
  let hosted = options.hosted;
  try {
    if (hosted === undefined) {
      if (options.registry === undefined) throw new ConformanceUsageError("runConformance needs a registry or a hosted registry");
      hosted = await hostRegistry(options.registry, engine!);
    }
    const actor = chooseActor(hosted, options.actor);
    const routes = hosted.routesOf(actor);
    const transports = chooseTransports(transportsFor(routes), options.transports);
    const settleMs = options.probe?.settleMs ?? routes.beforeConnectTimeoutMs + 500;
    const probeOptions = { ...options.probe, settleMs, timeoutMs: options.probe?.timeoutMs ?? Math.max(DEFAULT_PROBE_TIMEOUT_MS, settleMs + 1_500) };
    const replay = options.replayCommand ?? defaultReplay;
    const context = new RunContext(
      hosted,
      actor,
      policy,
      transports,
      probeOptions,
      options.concurrency ?? 16,
      options.action,
      options.stopAtFirstFailure ?? false,
      options.onProgress ?? (() => {}),
      (failure) => replay(failure, seed),
      { probe: options.probeWith, signal: options.signal, engineGone: () => engineGone(engine, hosted!.endpoint) },
    );
    const shrinkBudgetMs = options.shrinkBudgetMs ?? 20_000;
    const skipped: { check: string; reason: string }[] = [];
    const replaying = options.path !== undefined;
    const screenCount = options.screen === false ? 0 : (options.screen ?? DEFAULT_SCREEN_COUNT);
    let screening: ScreeningSummary | undefined;
    const plan: PhaseId[] = [
      "preflight",
      ...(replaying ? [] : (["corpus"] as const)),
      "random",
      ...(replaying ? [] : (["history"] as const)),
      ...(replaying || options.sideEffects === false ? [] : (["side-effects"] as const)),
      ...(replaying || screenCount === 0 ? [] : (["screening"] as const)),
    ];
    // A spawned engine's supervisor says at once when it died, even while no probe is on the wire.
    const watchdog = setInterval(() => {
      const died = engine?.died();
      if (died !== undefined) context.abort(`the engine died: ${died}`);
    }, 250).unref();
    try {
      for (const phase of plan) {
        if (context.stopped) break;
        context.phase = phase;
        if (phase === "preflight") await preflight(context);
        if (phase === "corpus") await runCorpusPhase(context, options.regressions ?? [], options.corpusCategories, options.screenFirst ? (cases) => predictedFailuresFirst(context, cases) : undefined);
        if (phase === "random") await runRandomPhase(context, { seed, runs, path: options.path, shrinkBudgetMs });
        if (phase === "history") {
          const reason = await runHistoryPhase(context, { seed, sequences: options.historySequences ?? 12, shrinkBudgetMs });
          if (reason !== undefined) skipped.push({ check: "history-independence", reason });
        }
        if (phase === "side-effects") {
          const reason = await runSideEffectPhase(context, options.sideEffects || { mutate: "increment", read: "getCount" });
          if (reason !== undefined && !context.aborted) skipped.push({ check: "side-effect-safety", reason });
        }
        if (phase === "screening") screening = await runScreeningPhase(context, { seed, count: screenCount, budgetMs: options.screenBudgetMs ?? DEFAULT_SCREEN_BUDGET_MS, shrinkBudgetMs: Math.min(shrinkBudgetMs, 5_000) });
      }
    } catch (error) {
      // Work that failed because the engine went away (creating an instance, mostly) cuts the run off; anything else is a bug or a usage error.
      if (!context.aborted) {
        const gone = error instanceof RegistryError || error instanceof EngineError ? await engineGone(engine, hosted.endpoint) : undefined;
        if (error instanceof RunCutOff) context.abort(error.message);
        else if (gone !== undefined) context.abort(gone);
        else if (error instanceof RegistryError) context.abort(error.message);
        else throw error;
      }
    } finally {
      clearInterval(watchdog);
    }
    if (context.aborted) await context.drain();
    const cutOff = context.cutOff(plan);
    const died = engine?.died();
    // Never "conformant" unless every probe was positively observed and the run finished.
    const verdict: Verdict =
      cutOff !== undefined || context.infrastructure > 0 || died !== undefined
        ? "infrastructure-failure"
        : context.failures.length > 0 || context.undecided > 0
          ? "not-conformant"
          : "conformant";
    return {
      actor,
      policy,
      transports,
      seed,
      runs,
      verdict,
      matrix: context.matrix,
      failures: context.failures,
      skipped,
      undecided: context.undecided,
      ...(context.timeoutsRetried > 0 && { timeoutsRetried: context.timeoutsRetried }),
      infrastructureProbes: context.infrastructure,
      engineDied: died,
      ...(cutOff !== undefined && { cutOff }),
      probes: context.probes,
      ...(screening !== undefined && { screening }),
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
    };
  } finally {
    if (options.hosted === undefined) await hosted?.shutdown().catch(() => {});
    if (ownsEngine) await engine?.stop();
  }
}

/** Why the run's engine is gone, or undefined while it answers: its supervisor's word first, then a health check. */
async function engineGone(engine: EngineHandle | undefined, endpoint: string): Promise<string | undefined> {
  const died = engine?.died();
  if (died !== undefined) return `the engine died: ${died}`;
  if (await isHealthy(endpoint, 1_500)) return undefined;
  const diedMeanwhile = engine?.died();
  return diedMeanwhile !== undefined ? `the engine died: ${diedMeanwhile}` : `the engine at ${endpoint} stopped answering its health check`;
}
