import pLimit from "p-limit";
import { AUTO_CONCURRENCY_FALLBACK, autoConcurrency } from "../concurrency/auto-concurrency.js";
import { kneeCachePath } from "../concurrency/knee-cache.js";
import type { ProgressEvent } from "../conformance/context.js";
import { CorpusFileError, recordCounterexamples } from "../conformance/regression-corpus.js";
import type { ReplayForm } from "../conformance/replay.js";
import type { ConformanceResult } from "../conformance/result.js";
import { type ConformanceOptions, runConformance } from "../conformance/run.js";
import { acquireEngine, type EngineHandle } from "../engine/engine.js";
import { describePause, onPause } from "../probes/suspension.js";
import { transportsFor } from "../transports/index.js";
import { guardLocation } from "../registry/guard-location.js";
import { missingOriginGuard } from "../registry/guard-presence.js";
import { type AnyRegistry, type HostedRegistry, hostRegistry } from "../registry/host.js";
import { buildReport, type MutationScore, type Report, type ReportSubject } from "../reports/report.js";
import { RENDERERS } from "../reports/renderers.js";
import { ReportWriteError, writeReports } from "../reports/write.js";
import type { RivetkitInstall } from "../versions/rivetkit.js";
import type { SubjectPlan } from "./subjects.js";

/** What each actor's run shares; the rest (actor, policy, engine, replay, concurrency) comes from the check. */
export type SharedRunOptions = Omit<ConformanceOptions, "registry" | "hosted" | "actor" | "policy" | "engine" | "endpoint" | "replay" | "signal" | "onProgress" | "concurrency" | "openActor">;

export interface CheckRegistryOptions {
  readonly registry: AnyRegistry;
  /** The actors and their policies (check/subjects.ts). */
  readonly subjects: readonly SubjectPlan[];
  /** Where the registry came from: for the reports, the guards' source locations and the replay commands. */
  readonly source: { readonly module: string; readonly moduleFile?: string; readonly replay: (subject: SubjectPlan) => ReplayForm };
  /** An engine someone else owns (vitest's shared one); otherwise `endpoint`/RIVET_ENDPOINT, otherwise one is spawned and stopped. */
  readonly engine?: EngineHandle;
  readonly endpoint?: string;
  /** The registry, already hosted on `engine`; otherwise it is hosted here. */
  readonly hosted?: HostedRegistry;
  /** The user's rivetkit: it picks the engine binary, and the reports name it. */
  readonly rivetkit?: RivetkitInstall;
  readonly run?: SharedRunOptions;
  /** Probes in flight at once, shared by the actors checked together; auto: near the measured knee. */
  readonly concurrency?: number | "auto";
  /** The regression corpus file that new counterexamples are added to. */
  readonly corpusFile?: string;
  /** Where the reports are written; none when absent. */
  readonly reportDir?: string;
  /** Aborting it (Ctrl-C) cuts the run off: running actors return what they have, the rest are listed as not run. */
  readonly signal?: AbortSignal;
  /** After an abort, how long the run may take before the partial report is written and the engine stopped regardless. */
  readonly interruptBoundMs?: number;
  /** After the subjects, on the same hosted registry (the bank's mutation score). */
  readonly afterSubjects?: (hosted: HostedRegistry) => Promise<MutationScore>;
  readonly events?: CheckEvents;
}

export interface CheckEvents {
  readonly log?: (line: string) => void;
  readonly progress?: (actor: string) => { readonly update: (event: ProgressEvent) => void; readonly done: () => void };
  readonly subjectDone?: (subject: ReportSubject) => void;
}

export interface RegistryCheck {
  readonly report: Report;
  /** Why the reports could not be written (the verdict stands; the CLI exits 3). */
  readonly reportProblem?: string;
  readonly corpusProblem?: string;
  /** The signal aborted the run. */
  readonly interrupted: boolean;
}

/** Actors checked at the same time on the one engine; each gets its share of the concurrency. */
const ACTORS_AT_ONCE = 3;
const DEFAULT_INTERRUPT_BOUND_MS = 10_000;

/**
 * Checks every planned actor of a registry on one engine and one hosted
 * registry, and derives one report from their results (its verdict is the
 * worst of theirs). Both the CLI and the vitest helpers call it.
 */
export async function checkRegistry(options: CheckRegistryOptions): Promise<RegistryCheck> {
  const log = options.events?.log ?? (() => {});
  const startedAt = new Date();
  const engine = options.engine ?? (await acquireEngine({ endpoint: options.endpoint, rivetkit: options.rivetkit }));
  const ownsEngine = options.engine === undefined;
  const controller = new AbortController();
  const abort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener("abort", abort, { once: true });
  const stopWatchingPauses = onPause((pause) => {
    if (controller.signal.aborted) return;
    const why = `${describePause(pause)}; its probes' timers fired late and the engine may have given up on its actors`;
    log(`\n${why}: the run is cut off (infrastructure)`);
    controller.abort(new Error(why));
  });
  const results: (ReportSubject | undefined)[] = options.subjects.map(() => undefined);
  const notRun = new Set<string>();
  let score: MutationScore | undefined;
  let cutReason: string | undefined;
  let written: RegistryCheck | undefined;
  let corpusProblem: string | undefined;
  let hosted = options.hosted;

  const finish = (complete: boolean): RegistryCheck => {
    const subjects = results.filter((result) => result !== undefined);
    const report = buildReport({ engine: { mode: engine.mode, endpoint: engine.endpoint, version: engine.version, engineCli: engine.engineCli }, rivetkit: options.rivetkit, startedAt, subjects, complete, mutationScore: score, subjectsNotRun: [...notRun] });
    let reportProblem: string | undefined;
    if (options.reportDir !== undefined) {
      try {
        writeReports(report, options.reportDir, RENDERERS);
      } catch (error) {
        if (!(error instanceof ReportWriteError)) throw error;
        reportProblem = error.message;
      }
    }
    written = { report, ...(reportProblem !== undefined && { reportProblem }), ...(corpusProblem !== undefined && { corpusProblem }), interrupted: options.signal?.aborted === true };
    return written;
  };

  const checkAll = async (): Promise<RegistryCheck> => {
    hosted ??= await hostRegistry(options.registry, engine);
    const registryHost = hosted;
    const concurrency = await chooseConcurrency(options, registryHost, controller.signal, log);
    const perActor = Math.max(2, Math.ceil(concurrency / Math.min(ACTORS_AT_ONCE, options.subjects.length)));
    const limit = pLimit(ACTORS_AT_ONCE);
    await Promise.all(
      options.subjects.map((plan, index) =>
        limit(async () => {
          if (cutReason !== undefined || controller.signal.aborted) {
            notRun.add(plan.actor);
            return;
          }
          const progress = options.events?.progress?.(plan.actor);
          const result = await checkSubject(plan, { options, hosted: registryHost, engine, concurrency: perActor, signal: controller.signal, onProgress: progress?.update });
          progress?.done();
          const definition = registryHost.definitionOf?.(plan.actor) ?? (options.registry.config as { use?: Record<string, unknown> }).use?.[plan.actor];
          const location = options.source.moduleFile === undefined ? undefined : await guardLocation(definition, options.source.moduleFile);
          const subject: ReportSubject = { ...result, module: options.source.module, ...(location && { guardLocation: location }) };
          results[index] = subject;
          if (result.cutOff !== undefined) cutReason = result.cutOff.reason;
          recordCorpus(result);
          options.events?.subjectDone?.(subject);
        }),
      ),
    );
    if (options.afterSubjects && cutReason === undefined && !controller.signal.aborted) score = await options.afterSubjects(registryHost);
    return finish(engine.died() === undefined && cutReason === undefined && !controller.signal.aborted);
  };

  const recordCorpus = (result: ConformanceResult) => {
    if (options.corpusFile === undefined) return;
    try {
      const added = recordCounterexamples(options.corpusFile, result.failures);
      if (added > 0) log(`${added} new counterexample(s) added to ${options.corpusFile}; later runs replay them first`);
    } catch (error) {
      if (!(error instanceof CorpusFileError)) throw error;
      corpusProblem = error.message;
      log(corpusProblem);
    }
  };

  const work = checkAll();
  work.catch(() => {});
  // An interrupted run that does not wind down in time still leaves its partial report and no engine.
  const forced = new Promise<undefined>((resolve) =>
    controller.signal.addEventListener("abort", () => setTimeout(() => resolve(undefined), options.interruptBoundMs ?? DEFAULT_INTERRUPT_BOUND_MS).unref(), { once: true }),
  );
  try {
    return (await Promise.race([work, forced])) ?? written ?? finish(false);
  } finally {
    stopWatchingPauses();
    options.signal?.removeEventListener("abort", abort);
    if (options.hosted === undefined) await hosted?.shutdown().catch(() => {});
    if (ownsEngine) await engine.stop();
  }
}

/** One actor: the short proof when it has no origin guard or is declared public, else the full check. */
async function checkSubject(
  plan: SubjectPlan,
  shared: { options: CheckRegistryOptions; hosted: HostedRegistry; engine: EngineHandle; concurrency: number; signal: AbortSignal; onProgress?: (event: ProgressEvent) => void },
): Promise<ConformanceResult> {
  const { options, hosted } = shared;
  const run = (openActor?: ConformanceOptions["openActor"]) =>
    runConformance({
      ...options.run,
      hosted,
      engine: shared.engine,
      actor: plan.actor,
      policy: plan.policy,
      concurrency: shared.concurrency,
      replay: options.source.replay(plan),
      signal: shared.signal,
      ...(shared.onProgress && { onProgress: shared.onProgress }),
      ...(openActor && { openActor }),
    });
  const unguarded = missingOriginGuard(hosted.definitionOf?.(plan.actor) ?? (options.registry.config as { use?: Record<string, unknown> }).use?.[plan.actor]);
  // Declared public: with nothing compared, a handful of origins show it; a guard that reads the request gets the full check, every origin expected to pass.
  if (plan.declaredPublic) return unguarded === undefined ? run() : run({});
  if (unguarded === undefined || options.run?.path !== undefined) return run();
  const proof = await run({ unguarded });
  // The reading of the definition is only a lead: if the wire shows any rejection, the actor guards something, and gets the full check.
  const onlyWrongAccepts = proof.failures.length > 0 && proof.failures.every((failure) => failure.expected === "reject" && failure.outcome.kind === "accepted");
  return proof.verdict === "infrastructure-failure" || onlyWrongAccepts ? proof : run();
}

async function chooseConcurrency(options: CheckRegistryOptions, hosted: HostedRegistry, signal: AbortSignal, log: (line: string) => void): Promise<number> {
  if (typeof options.concurrency === "number") return options.concurrency;
  if (options.concurrency === undefined) return AUTO_CONCURRENCY_FALLBACK;
  const measured = options.subjects.find((plan) => !plan.declaredPublic) ?? options.subjects[0]!;
  const transports = options.run?.transports ?? transportsFor(hosted.routesOf(measured.actor));
  const auto = await untilAborted(autoConcurrency(hosted, measured.actor, measured.policy, transports), signal);
  if (auto === undefined) return AUTO_CONCURRENCY_FALLBACK;
  const curve = auto.curve.map(({ concurrency, throughput }) => `${concurrency}:${throughput}/s`).join(" ");
  const how =
    auto.unmeasured !== undefined
      ? `not measured over ${auto.transport}: ${auto.unmeasured}`
      : auto.cachedAt !== undefined
        ? `knee ${auto.measuredKnee} over ${auto.transport}, measured ${auto.cachedAt} and cached in ${kneeCachePath()}`
        : `knee ${auto.measuredKnee} over ${auto.transport}: ${curve}`;
  log(`concurrency: auto -> ${auto.concurrency} (${how}; ${(auto.elapsedMs / 1000).toFixed(1)} s)`);
  return auto.concurrency;
}

/** `work`, or undefined as soon as `signal` aborts: Ctrl-C during the ramp goes straight to the partial report. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return Promise.race([work, new Promise<undefined>((resolve) => signal.addEventListener("abort", () => resolve(undefined), { once: true }))]);
}
