import { type EngineHandle, acquireEngine } from "../engine/engine.js";
import { EngineError } from "../engine/errors.js";
import { isHealthy } from "../engine/health.js";
import { DEFAULT_PROBE_TIMEOUT_MS, type ProbeOptions } from "../probes/probe.js";
import { TIMEOUT_RETRY_FACTOR } from "./prober.js";
import { type TransportId, transportOf, transportsFor } from "../transports/index.js";
import { type Policy, parsePolicy } from "../policy/policy.js";
import { type AnyRegistry, type HostedRegistry, hostRegistry, RegistryError } from "../registry/host.js";
import { type PhaseId, type ProbeFunction, type ProgressEvent, RunContext, RunCutOff } from "./context.js";
import { type CaseOrder, corpusPhase, type RegressionEntry } from "./corpus-phase.js";
import { deriveCounts, deriveFailures, deriveMatrix } from "./derive.js";
import { headerPhase, isHeaderPath } from "./header-phase.js";
import { historyPhase } from "./history-phase.js";
import type { Phase } from "./phase.js";
import { preflightPhase } from "./preflight.js";
import { randomPhase } from "./random-phase.js";
import { renderReplay, type ReplayForm } from "./replay.js";
import type { ConformanceResult, OpenActor, ScreeningSummary } from "./result.js";
import { openActorPhase } from "./open-actor-phase.js";
import { sideEffectPhase, type SideEffectActions } from "./side-effect-phase.js";
import { verdictOf } from "./verdict.js";
import { ConformanceUsageError } from "./usage-error.js";
import { chooseActors } from "../registry/actor-choice.js";
import { predictedFailuresFirst, screeningPhase } from "../screening/screening-phase.js";
import { sampledCorpus, type TierCorpus } from "../screening/sampled-corpus.js";

/**
 * default: a stratified wire sample of the corpus plus every failure the tier predicts, the tier
 * deciding the rest only if it agreed with every wire probe of the run (harness/screening/sampled-corpus.ts);
 * thorough: every corpus case over the wire, and more random cases, history sequences and screening.
 */
export type Profile = "default" | "thorough";
export const PROFILES: readonly Profile[] = ["default", "thorough"];

const PROFILE_DEFAULTS: Record<Profile, { runs: number; headerRuns: number; historySequences: number; screen: number; screenBudgetMs: number }> = {
  default: { runs: 50, headerRuns: 8, historySequences: 6, screen: 2_000, screenBudgetMs: 3_000 },
  thorough: { runs: 200, headerRuns: 40, historySequences: 12, screen: 10_000, screenBudgetMs: 10_000 },
};

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
  /** How much goes over the wire (see Profile); "default" unless set. */
  readonly profile?: Profile;
  /** Random cases per transport (default 50; 200 with the thorough profile). */
  readonly runs?: number;
  readonly seed?: number;
  /** Replay one random case (or, with its `headers:` prefix, one case of the header property): with `seed`, the `path` printed in a failure. */
  readonly path?: string;
  /** Generated cases per transport of the header property ("only the Origin decides"), after its 3 fixed ones (default 8; 40 with the thorough profile). */
  readonly headerRuns?: number;
  /** History sequences, each on a fresh instance (default 6; 12 with the thorough profile). */
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
   * (default 2,000; 10,000 with the thorough profile; 0 or false: no screening). Used only when the tier agrees
   * with the wire on the whole corpus; what it finds is confirmed over the wire.
   */
  readonly screen?: number | false;
  /** Bound on the screening's in-process work (default 3 s; 10 s with the thorough profile). */
  readonly screenBudgetMs?: number;
  /** Probe the corpus cases the in-process tier predicts to fail first (for runs that stop at the first failure). */
  readonly screenFirst?: boolean;
  readonly shrinkBudgetMs?: number;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** How a failure is replayed from the user's side: the CLI, their vitest suite, or this API (the default). */
  readonly replay?: ReplayForm;
  /** Aborting it cuts the run off (Ctrl-C): it returns at once, marked with what it did not finish. */
  readonly signal?: AbortSignal;
  /**
   * Probe a handful of origins instead of the full check (conformance/open-actor-phase.ts), because the
   * actor has no origin guard (`unguarded`: registry/guard-presence.ts says why) or is declared public.
   */
  readonly openActor?: OpenActor;
  /**
   * Sends the probes instead of `probe`. Only for the harness's own fault tests
   * (a transport that drops connections at random); not offered by the CLI.
   */
  readonly probeWith?: ProbeFunction;
}

export { ConformanceUsageError };

export function chooseTransports(available: readonly TransportId[], requested: readonly TransportId[] | undefined): TransportId[] {
  if (requested === undefined) return [...available];
  const unavailable = requested.filter((transport) => !available.includes(transport));
  if (unavailable.length > 0) throw new ConformanceUsageError(`the actor does not serve ${unavailable.join(", ")}; it serves: ${available.join(", ")}`);
  return [...requested];
}

/** Runs the whole conformance check and returns the results as data. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const policy: Policy = parsePolicy(options.policy);
  const startedAt = new Date();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const profile = options.profile ?? "default";
  const runs = options.runs ?? PROFILE_DEFAULTS[profile].runs;
  const ownsEngine = options.hosted === undefined && options.engine === undefined;
  const engine = options.engine ?? (options.hosted ? undefined : await acquireEngine({ endpoint: options.endpoint }));
  let hosted = options.hosted;
  try {
    if (hosted === undefined) {
      if (options.registry === undefined) throw new ConformanceUsageError("runConformance needs a registry or a hosted registry");
      hosted = await hostRegistry(options.registry, engine!);
    }
    const [actor] = chooseActors(hosted.actorNames, options.actor, { single: true, nameIt: "--actor" }) as [string];
    const routes = hosted.routesOf(actor);
    const transports = chooseTransports(transportsFor(routes), options.transports);
    const settleMs = options.probe?.settleMs ?? routes.beforeConnectTimeoutMs + 500;
    const probeOptions = { ...options.probe, settleMs, timeoutMs: options.probe?.timeoutMs ?? Math.max(DEFAULT_PROBE_TIMEOUT_MS, settleMs + 1_500) };
    const context = new RunContext(
      { hosted, actor, policy, transports, probeOptions, action: options.action },
      options.concurrency ?? 16,
      options.stopAtFirstFailure ?? false,
      options.onProgress ?? (() => {}),
      { probe: options.probeWith, signal: options.signal, engineGone: () => engineGone(engine, hosted!.endpoint) },
    );
    const shrinkBudgetMs = options.shrinkBudgetMs ?? 20_000;
    const skipped: { check: string; reason: string }[] = [];
    let screening: ScreeningSummary | undefined;
    const phaseMs: Partial<Record<PhaseId, number>> = {};
    const { phases, tierCorpus } = planPhases(context, options, { profile, seed, runs, shrinkBudgetMs });
    // A spawned engine's supervisor says at once when it died, even while no probe is on the wire.
    const watchdog = setInterval(() => {
      const died = engine?.died();
      if (died !== undefined) context.cut.abort(`the engine died: ${died}`);
    }, 250).unref();
    try {
      for (const phase of phases) {
        if (context.stopped) break;
        context.phase = phase.id;
        const phaseStarted = performance.now();
        const report = await phase.run(context).finally(() => (phaseMs[phase.id] = Math.round(performance.now() - phaseStarted)));
        if (report?.skipped && !context.aborted) skipped.push(report.skipped);
        if (report?.screening) screening = report.screening;
      }
    } catch (error) {
      // Work that failed because the engine went away (creating an instance, mostly) cuts the run off; anything else is a bug or a usage error.
      if (!context.aborted) {
        const gone = error instanceof RegistryError || error instanceof EngineError ? await engineGone(engine, hosted.endpoint) : undefined;
        if (error instanceof RunCutOff) context.cut.abort(error.message);
        else if (gone !== undefined) context.cut.abort(gone);
        else if (error instanceof RegistryError) context.cut.abort(error.message);
        else throw error;
      }
    } finally {
      clearInterval(watchdog);
    }
    // A property that fast-check stopped at its time limit can leave probes on the wire: their answers
    // belong in the ledger before anything is derived from it (a probe and its retry, each bounded).
    await context.prober.drain(context.aborted ? 2_000 : probeOptions.timeoutMs * (1 + TIMEOUT_RETRY_FACTOR) + 1_000);
    const cutOff = context.cut.cutOff(phases.map((phase) => phase.id));
    const died = engine?.died();
    const { ledger } = context;
    const counts = deriveCounts(ledger);
    const form = options.replay ?? { kind: "library" };
    const rawRoutes = transports.some((transport) => transportOf(transport).seenInside);
    return {
      actor,
      policy,
      transports,
      seed,
      runs,
      verdict: verdictOf(ledger, { completed: cutOff === undefined, engineDied: died }),
      matrix: deriveMatrix(ledger, transports),
      failures: deriveFailures(ledger, (data) => renderReplay(form, data, { seed, runs })),
      skipped,
      undecided: counts.undecided,
      ...(counts.timeoutsRetried > 0 && { timeoutsRetried: counts.timeoutsRetried }),
      infrastructureProbes: counts.infrastructureProbes,
      engineDied: died,
      ...(cutOff !== undefined && { cutOff }),
      probes: counts.probes,
      profile,
      phaseMs,
      ledger: { evidence: counts.evidence, diagnostic: counts.diagnostic, inProcess: counts.inProcess, tierDecisions: counts.tierDecisions },
      ...(tierCorpus?.() !== undefined && { tierCorpus: tierCorpus()! }),
      ...(options.openActor !== undefined && { openActor: options.openActor }),
      ...(rawRoutes && { rawRoutes: hosted.witness !== undefined ? "in-process" : "wire-alone" }),
      ...(screening !== undefined && { screening }),
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
    };
  } finally {
    if (options.hosted === undefined) await hosted?.shutdown().catch(() => {});
    if (ownsEngine) await engine?.stop();
  }
}

/** The phases this configuration runs, in order; with the default profile, also what the tier decided of the corpus. */
function planPhases(context: RunContext, options: ConformanceOptions, random: { profile: Profile; seed: number; runs: number; shrinkBudgetMs: number }): { phases: Phase[]; tierCorpus?: () => TierCorpus | undefined } {
  if (options.openActor !== undefined) return { phases: [preflightPhase, openActorPhase] };
  const defaults = PROFILE_DEFAULTS[random.profile];
  const replaying = options.path !== undefined;
  const headers = (path?: string) =>
    headerPhase({ seed: random.seed, runs: options.headerRuns ?? defaults.headerRuns, shrinkBudgetMs: random.shrinkBudgetMs, ...(path !== undefined && { path }) });
  const screenCount = options.screen === false ? 0 : (options.screen ?? defaults.screen);
  const order: CaseOrder | undefined = options.screenFirst ? (cases) => predictedFailuresFirst(context, cases) : undefined;
  const sampled = random.profile === "default" && !replaying ? sampledCorpus(options.regressions ?? [], options.corpusCategories) : undefined;
  const corpus = sampled?.corpus ?? corpusPhase(options.regressions ?? [], options.corpusCategories, order);
  const phases = [
    preflightPhase,
    ...(replaying ? [] : [corpus]),
    isHeaderPath(options.path) ? headers(options.path) : randomPhase({ seed: random.seed, runs: random.runs, path: options.path, shrinkBudgetMs: random.shrinkBudgetMs }),
    ...(replaying ? [] : [headers()]),
    ...(replaying ? [] : [historyPhase({ seed: random.seed, sequences: options.historySequences ?? defaults.historySequences, shrinkBudgetMs: random.shrinkBudgetMs })]),
    ...(replaying || options.sideEffects === false ? [] : [sideEffectPhase(options.sideEffects || { mutate: "increment", read: "getCount" })]),
    ...(replaying || screenCount === 0
      ? []
      : [screeningPhase({ seed: random.seed, count: screenCount, budgetMs: options.screenBudgetMs ?? defaults.screenBudgetMs, shrinkBudgetMs: Math.min(random.shrinkBudgetMs, 5_000) })]),
    // Last: the tier's corpus decisions count only if it agreed with every wire probe before this point.
    ...(sampled ? [sampled.rest] : []),
  ];
  return { phases, ...(sampled && { tierCorpus: sampled.summary }) };
}

/** Why the run's engine is gone, or undefined while it answers: its supervisor's word first, then a health check. */
async function engineGone(engine: EngineHandle | undefined, endpoint: string): Promise<string | undefined> {
  const died = engine?.died();
  if (died !== undefined) return `the engine died: ${died}`;
  if (await isHealthy(endpoint, 1_500)) return undefined;
  const diedMeanwhile = engine?.died();
  return diedMeanwhile !== undefined ? `the engine died: ${diedMeanwhile}` : `the engine at ${endpoint} stopped answering its health check`;
}
