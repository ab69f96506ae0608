#!/usr/bin/env node
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { acquireEngine, type EngineHandle } from "../engine/engine.js";
import { EngineError } from "../engine/errors.js";
import { TRANSPORT_IDS, type TransportId, transportsFor } from "../transports/index.js";
import type { Policy } from "../policy/policy.js";
import { type AnyRegistry, type HostedRegistry, hostRegistry, RegistryError } from "../registry/host.js";
import { ConformanceUsageError, type Profile, PROFILES, runConformance } from "../conformance/run.js";
import { ActorStartError } from "../conformance/preflight.js";
import type { ReplayForm } from "../conformance/replay.js";
import { buildReport, describeEngine, type Report, type ReportSubject } from "../reports/report.js";
import { textSummary } from "../reports/text-summary.js";
import { assertWritable, ReportWriteError, writeReports } from "../reports/write.js";
import { EXIT, INTERRUPTED, UsageError } from "./exit-codes.js";
import { loadRegistryModule } from "./load-module.js";
import type { RivetkitInstall } from "../versions/rivetkit.js";
import { policyAsFlags, policyFromFlags } from "./policy-options.js";
import { progressPrinter } from "./progress.js";
import { RENDERERS } from "../reports/renderers.js";
import { diffReports, formatDiff, readReport } from "../reports/diff.js";
import { CorpusFileError, DEFAULT_CORPUS_PATH, loadRegressionCorpus, recordCounterexamples } from "../conformance/regression-corpus.js";
import { describePause, onPause } from "../probes/suspension.js";
import { cleanCommand, nameLeftovers } from "./clean.js";
import type { RegressionEntry } from "../conformance/corpus-phase.js";
import { AUTO_CONCURRENCY_FALLBACK, autoConcurrency } from "../concurrency/auto-concurrency.js";
import { kneeCachePath } from "../concurrency/knee-cache.js";
import { formatMutationScore, type MutantRun, mutationScore, runMutant } from "../conformance/mutation-score.js";
import type { MutationScore } from "../reports/report.js";
import { guardLocation } from "../registry/guard-location.js";
import { type FailOn, publishToGitHub } from "../reports/github.js";

interface RunFlags {
  actor?: string;
  policy?: string;
  allow?: string[];
  match?: string;
  missingOrigin?: string;
  rejectCode?: string;
  runs?: number;
  profile: Profile;
  seed?: number;
  path?: string;
  transport?: TransportId[];
  reportDir: string;
  baseline?: string;
  endpoint?: string;
  json?: boolean;
  concurrency: number | "auto";
  action?: string;
  verbose?: boolean;
  corpus: string;
  mutants?: boolean;
  screen?: number;
  failOn: FailOn;
}

function wholeNumber(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number (0 or more)`);
    return Number(value);
  };
}

function positiveInteger(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a positive whole number`);
    return Number(value);
  };
}

function concurrencyOption(value: string): number | "auto" {
  return value === "auto" ? "auto" : positiveInteger("--concurrency")(value);
}

function seedNumber(value: string) {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError("the seed must be a whole number");
  return Number(value);
}

function transportList(value: string) {
  const ids = value.split(",").map((id) => id.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !TRANSPORT_IDS.includes(id as TransportId));
  if (unknown.length > 0 || ids.length === 0) throw new InvalidArgumentError(`unknown transport ${unknown.join(", ") || "(none)"}; choose from ${TRANSPORT_IDS.join(", ")}`);
  return ids as TransportId[];
}

function collect(value: string, previous: string[] | undefined) {
  return [...(previous ?? []), value];
}

function addRunOptions(command: Command): Command {
  return command
    .option("--actor <name>", "the actor to check (optional when the registry has one)")
    .option("--policy <file.json>", "the documented set, as a JSON policy file")
    .option("--allow <origin>", "an allowed origin (repeat for more)", collect)
    .addOption(new Option("--match <mode>", "how --allow entries are compared").choices(["exact", "normalized"]))
    .addOption(new Option("--missing-origin <decision>", "what a missing Origin gets").choices(["reject", "accept"]))
    .option("--reject-code <code>", "the UserError code a rejection must carry")
    .addOption(
      new Option("--profile <profile>", "default: a stratified wire sample plus every failure the in-process tier predicts, the tier deciding the rest while it agrees with the wire; thorough: every corpus case over the wire")
        .choices(PROFILES)
        .default("default"),
    )
    .option("--runs <n>", "random cases per transport (default 50; thorough: 200)", positiveInteger("--runs"))
    .option("--screen <n>", "origins per transport the in-process tier screens after the wire phases, confirmed over the wire (0: off; default 2,000; thorough: 10,000)", wholeNumber("--screen"))
    .option("--seed <n>", "fast-check seed (random when not given)", seedNumber)
    .option("--path <path>", "replay one random case: the path printed with a failure (needs --seed)")
    .option("--transport <list>", `transports to probe (comma-separated: ${TRANSPORT_IDS.join(",")})`, transportList)
    .option("--report-dir <dir>", "where the reports go", "reports/latest")
    .option("--baseline <report.json>", "an earlier report.json to compare against")
    .option("--endpoint <url>", "use an existing Rivet engine instead of spawning one (also RIVET_ENDPOINT)")
    .option("--concurrency <n|auto>", "probes in flight at once; auto: near the knee of this machine's throughput curve, measured first (4 s)", concurrencyOption, "auto" as const)
    .option("--action <name>", "the action HTTP probes call (default: a probe action that does not exist, so nothing runs)")
    .option("--corpus <file.json>", "regression corpus: replayed first, and new counterexamples are added to it", DEFAULT_CORPUS_PATH)
    .addOption(
      new Option("--fail-on <grade>", "what makes the exit code 1: any failure, or only a browser-reachable wrong accept (the report always shows everything)")
        .choices(["any", "browser-reachable"])
        .default("any"),
    )
    .option("--json", "print a machine-readable summary on stdout")
    .option("--verbose", "show stack traces on errors");
}

interface SubjectSpec {
  readonly module: string;
  /** The registry module's file, for the guard's source location in report.sarif. */
  readonly moduleFile: string;
  readonly replayModule: string;
  readonly actor?: string;
  readonly policy: Policy;
}

function replayFor(spec: SubjectSpec, actor: string, flags: RunFlags): ReplayForm {
  return { kind: "cli", module: spec.replayModule, actor, policyFlags: policyAsFlags(spec.policy), ...(flags.endpoint && { endpoint: flags.endpoint }) };
}

/** How long an interrupted run may take to write its partial report and stop the engine before it is forced. */
const INTERRUPT_BOUND_MS = 10_000;

/** Measured once per run, on the first subject: the knee of the throughput curve, clamped to the plateau. */
async function measuredConcurrency(hosted: HostedRegistry, spec: SubjectSpec, flags: RunFlags): Promise<number> {
  const actor = spec.actor ?? hosted.actorNames[0]!;
  const transports = flags.transport ?? transportsFor(hosted.routesOf(actor));
  const auto = await autoConcurrency(hosted, actor, spec.policy, transports);
  if (!flags.json) {
    const curve = auto.curve.map(({ concurrency, throughput }) => `${concurrency}:${throughput}/s`).join(" ");
    const how =
      auto.unmeasured !== undefined
        ? `not measured over ${auto.transport}: ${auto.unmeasured}`
        : auto.cachedAt !== undefined
          ? `knee ${auto.measuredKnee} over ${auto.transport}, measured ${auto.cachedAt} and cached in ${kneeCachePath()}`
          : `knee ${auto.measuredKnee} over ${auto.transport}: ${curve}`;
    process.stderr.write(`concurrency: auto -> ${auto.concurrency} (${how}; ${(auto.elapsedMs / 1000).toFixed(1)} s)\n`);
  }
  return auto.concurrency;
}

/** `work`, or `fallback` as soon as `signal` aborts: Ctrl-C during the ramp goes straight to the partial report. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, fallback: T): Promise<T> {
  if (signal.aborted) return Promise.resolve(fallback);
  return Promise.race([work, new Promise<T>((resolve) => signal.addEventListener("abort", () => resolve(fallback), { once: true }))]);
}

/** After the subjects, on the same hosted registry: the reference bank's mutation score, when asked for. */
type AfterSubjects = (hosted: HostedRegistry) => Promise<MutationScore>;

/** `rivetkit`: the user's, resolved from their module; it picks the engine binary (engine/binary.ts) and is reported. */
async function runSubjects(registry: AnyRegistry, specs: readonly SubjectSpec[], flags: RunFlags, afterSubjects?: AfterSubjects, rivetkit?: RivetkitInstall): Promise<number> {
  if (flags.path !== undefined && flags.seed === undefined) throw new UsageError("--path replays a failure and needs the --seed printed with it");
  const baseline = flags.baseline === undefined ? undefined : readBaseline(flags.baseline);
  let regressions: RegressionEntry[];
  try {
    regressions = loadRegressionCorpus(flags.corpus);
  } catch (error) {
    throw new UsageError(`--corpus: ${(error as Error).message}`);
  }
  // A report dir that cannot be written is bad input: named before the engine starts and any probe runs.
  try {
    assertWritable(flags.reportDir);
  } catch (error) {
    throw error instanceof ReportWriteError ? new UsageError(`--report-dir ${error.message}`) : error;
  }
  if (!(flags.endpoint ?? process.env.RIVET_ENDPOINT)) nameLeftovers(process.stderr);
  const startedAt = new Date();
  const engine: EngineHandle = await acquireEngine({ endpoint: flags.endpoint, rivetkit });
  const subjects: ReportSubject[] = [];
  let hosted: HostedRegistry | undefined;
  let finished = false;
  let score: MutationScore | undefined;
  // Ctrl-C, SIGTERM and the engine's death cut the run off: the running subject returns what it has, later ones are listed as not run.
  const controller = new AbortController();
  let interrupted: NodeJS.Signals | undefined;
  let cutReason: string | undefined;
  const notRun: string[] = [];
  let written = false;
  // Outputs that could not be written (disk full): the verdict is still printed, and the run exits 3.
  let reportProblem: string | undefined;
  let corpusProblem: string | undefined;
  const writeAll = (complete: boolean): Report => {
    const report = buildReport({ engine: { mode: engine.mode, endpoint: engine.endpoint, version: engine.version, engineCli: engine.engineCli }, rivetkit, startedAt, subjects, complete, mutationScore: score, subjectsNotRun: notRun });
    try {
      writeReports(report, flags.reportDir, RENDERERS);
    } catch (error) {
      if (!(error instanceof ReportWriteError)) throw error;
      reportProblem = error.message;
    }
    written = true;
    return report;
  };
  const interrupt = (signal: NodeJS.Signals) => {
    if (finished || interrupted) return;
    interrupted = signal;
    process.stderr.write(`\n${signal}: stopping; the partial report is marked incomplete\n`);
    controller.abort(new Error(`interrupted by ${signal}`));
    // The run loop writes the partial report and stops the engine; if it has not within the bound, this does.
    setTimeout(() => {
      void (async () => {
        try {
          if (!written) writeAll(false);
        } finally {
          await engine.stop();
          process.exit(INTERRUPTED[signal] ?? 130);
        }
      })();
    }, INTERRUPT_BOUND_MS);
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  // A stopped harness (SIGSTOP, a suspended machine) cannot vouch for its probes' timers, and the engine gives up on its actors.
  const stopWatchingPauses = onPause((pause) => {
    if (finished || controller.signal.aborted) return;
    const why = `${describePause(pause)}; its probes' timers fired late and the engine may have given up on its actors`;
    process.stderr.write(`\n${why}: the run is cut off (infrastructure)\n`);
    controller.abort(new Error(why));
  });
  try {
    hosted = await hostRegistry(registry, engine);
    const concurrency = flags.concurrency === "auto" ? await untilAborted(measuredConcurrency(hosted, specs[0]!, flags), controller.signal, AUTO_CONCURRENCY_FALLBACK) : flags.concurrency;
    for (const spec of specs) {
      const label = spec.actor ?? spec.module;
      if (cutReason !== undefined || controller.signal.aborted) {
        notRun.push(label);
        continue;
      }
      const progress = progressPrinter(process.stderr, label);
      const actor = spec.actor ?? (hosted.actorNames.length === 1 ? hosted.actorNames[0] : undefined);
      const result = await runConformance({
        hosted,
        actor,
        policy: spec.policy,
        transports: flags.transport,
        profile: flags.profile,
        runs: flags.runs,
        screen: flags.screen,
        seed: flags.seed,
        path: flags.path,
        concurrency,
        action: flags.action,
        regressions,
        onProgress: progress.update,
        replay: replayFor(spec, actor ?? "?", flags),
        engine,
        signal: controller.signal,
      });
      progress.done();
      const definition = actor === undefined ? undefined : (registry.config as { use?: Record<string, unknown> }).use?.[actor];
      subjects.push({ ...result, module: spec.module, guardLocation: await guardLocation(definition, spec.moduleFile) });
      if (result.cutOff !== undefined) cutReason = result.cutOff.reason;
      try {
        const added = recordCounterexamples(flags.corpus, result.failures);
        if (added > 0) process.stderr.write(`${added} new counterexample(s) added to ${flags.corpus}; later runs replay them first\n`);
      } catch (error) {
        if (!(error instanceof CorpusFileError)) throw error;
        corpusProblem = error.message;
        process.stderr.write(`${corpusProblem}\n`);
      }
      if (!flags.json) process.stderr.write(`${textSummary(result, result.actor)}\n\n`);
    }
    if (afterSubjects && cutReason === undefined && !controller.signal.aborted) score = await afterSubjects(hosted);
    const died = engine.died();
    finished = true;
    const report = writeAll(died === undefined && cutReason === undefined && interrupted === undefined && !controller.signal.aborted);
    if (interrupted !== undefined) {
      process.stderr.write(reportProblem === undefined ? `partial report (incomplete) in ${flags.reportDir}\n` : `no partial report: ${reportProblem}\n`);
      return INTERRUPTED[interrupted] ?? 130;
    }
    // Compared as written (the schema round trip); reports that could not be written end the run with exit 3 anyway.
    const diff = baseline && reportProblem === undefined ? diffReports(baseline, readReport(join(flags.reportDir, "report.json"))) : undefined;
    if (flags.json) {
      const summary = report.subjects.map(({ actor, verdict, probes, failures, findings, worstGrade, seed, screening }) => ({
        actor,
        verdict,
        probes,
        seed,
        failures: failures.length,
        findings: findings.length,
        worstGrade: worstGrade ?? null,
        ...(screening && { screening: { status: screening.status, screened: screening.screened, confirmed: screening.confirmation.probes, confirmedFailed: screening.confirmation.failed } }),
      }));
      const outputErrors = [reportProblem, corpusProblem].filter((problem) => problem !== undefined);
      process.stdout.write(
        `${JSON.stringify({ verdict: report.verdict, worstGrade: report.worstGrade ?? null, complete: report.complete, reportDir: flags.reportDir, subjects: summary, regressions: diff?.newFailures.length, ...(outputErrors.length > 0 && { outputErrors }) })}\n`,
      );
    } else {
      if (diff) process.stderr.write(`against ${flags.baseline}:\n${formatDiff(diff)}\n`);
      process.stderr.write(`rivetkit ${report.rivetkitVersion}, engine ${describeEngine(report.engine)}, Node ${report.nodeVersion}\n`);
      process.stderr.write(`verdict: ${report.verdict}; ${reportProblem ?? `reports in ${flags.reportDir}`}\n`);
    }
    publishToGitHub(report, flags.failOn, process.env, (text) => (flags.json ? process.stderr : process.stdout).write(text));
    if (report.verdict === "infrastructure-failure" || reportProblem !== undefined || corpusProblem !== undefined) return EXIT.infrastructure;
    const survivors = score ? score.total - score.killed : 0;
    if (survivors > 0) process.stderr.write(`${survivors} known-bad guard(s) survived: the suite missed a bug it is meant to catch\n`);
    const failing = report.verdict === "not-conformant" && (flags.failOn === "any" || report.worstGrade === "browser-reachable-accept");
    if (report.verdict === "not-conformant" && !failing) process.stderr.write(`--fail-on browser-reachable: no browser-reachable wrong accept, so the exit code ignores the findings above\n`);
    return failing || (diff?.newFailures.length ?? 0) > 0 || survivors > 0 ? EXIT.notConformant : EXIT.conformant;
  } finally {
    finished = true;
    stopWatchingPauses();
    process.removeListener("SIGINT", interrupt);
    process.removeListener("SIGTERM", interrupt);
    await hosted?.shutdown().catch(() => {});
    await engine.stop();
  }
}

async function referenceRun(flags: RunFlags): Promise<number> {
  const { registry } = await import("../../reference-actors/registry.js");
  const { CORRECT_ACTORS } = await import("../../reference-actors/correct/index.js");
  const { parsePolicy } = await import("../policy/policy.js");
  const only = flags.actor === undefined ? CORRECT_ACTORS : CORRECT_ACTORS.filter((reference) => reference.id === flags.actor);
  if (only.length === 0) throw new UsageError(`unknown reference actor "${flags.actor}"; the bundled ones are: ${CORRECT_ACTORS.map((r) => r.id).join(", ")}`);
  const specs = only.map((reference) => ({
    module: "reference-actors",
    moduleFile: fileURLToPath(new URL("../../reference-actors/registry.ts", import.meta.url)),
    replayModule: "reference-actors/registry.ts",
    actor: reference.id,
    policy: parsePolicy(reference.policy),
  }));
  return runSubjects(registry, specs, flags, flags.mutants ? (hosted) => runMutantBank(hosted, flags) : undefined);
}

/** Every known-bad guard under one seed (--seed, or 1), stopped at its first catch. */
async function runMutantBank(hosted: HostedRegistry, flags: RunFlags): Promise<MutationScore> {
  const { KNOWN_BAD_GUARDS } = await import("../../reference-actors/known-bad/index.js");
  const seeds = [flags.seed ?? 1];
  const runs = new Map<string, MutantRun[]>();
  for (const [index, guard] of KNOWN_BAD_GUARDS.entries()) {
    if (!flags.json) process.stderr.write(`mutants: ${index + 1}/${KNOWN_BAD_GUARDS.length} ${guard.id}${process.stderr.isTTY ? "\x1b[K\r" : "\n"}`);
    runs.set(guard.id, [await runMutant(hosted, guard, seeds[0]!)]);
  }
  const runsOf = (id: string) => runs.get(id) ?? [];
  const score = mutationScore(KNOWN_BAD_GUARDS, runsOf, seeds);
  if (!flags.json) process.stderr.write(`\n${formatMutationScore(score, runsOf, seeds)}\n\n`);
  return score;
}

async function checkModule(modulePath: string, flags: RunFlags): Promise<number> {
  const policy = policyFromFlags(flags);
  const { registry, file, rivetkit } = await loadRegistryModule(modulePath);
  const actors = Object.keys((registry.config as { use?: object }).use ?? {});
  if (flags.actor !== undefined && !actors.includes(flags.actor)) throw new UsageError(`unknown actor "${flags.actor}"; the registry has: ${actors.join(", ") || "(none)"}`);
  if (flags.actor === undefined && actors.length !== 1) throw new UsageError(`the registry has ${actors.length} actors (${actors.join(", ")}); name one with --actor`);
  return runSubjects(registry, [{ module: modulePath, moduleFile: resolve(file), replayModule: relative(process.cwd(), file) || modulePath, actor: flags.actor, policy }], flags, undefined, rivetkit);
}

function readBaseline(path: string) {
  try {
    return readReport(path);
  } catch (error) {
    throw new UsageError(`--baseline: ${(error as Error).message}`);
  }
}

function diffCommand(baselinePath: string, currentPath: string): number {
  const diff = diffReports(readBaseline(baselinePath), readBaseline(currentPath));
  process.stdout.write(`${formatDiff(diff)}\n`);
  return diff.newFailures.length > 0 ? EXIT.notConformant : EXIT.conformant;
}

function describeError(error: unknown): { code: number; message: string } {
  if (error instanceof UsageError || error instanceof ConformanceUsageError || error instanceof ActorStartError) return { code: EXIT.usage, message: error.message };
  if (error instanceof EngineError) return { code: EXIT.infrastructure, message: `engine: ${error.message}` };
  if (error instanceof RegistryError) return { code: EXIT.infrastructure, message: error.message };
  return { code: EXIT.infrastructure, message: `unexpected error: ${(error as Error)?.message ?? String(error)}` };
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.conformant;
  let verbose = argv.includes("--verbose");
  const program = new Command("origin-conformance")
    .description("Checks that a Rivet actor's origin guard accepts exactly the documented origins, over every transport.")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showHelpAfterError("(run with --help for usage)")
    .enablePositionalOptions();
  addRunOptions(program)
    .option("--mutants", "also run the bank of known-bad guards (one seed) and put the mutation score in the report")
    .action(async (flags: RunFlags) => {
    exitCode = await referenceRun(flags);
  });
  addRunOptions(program.command("check <module>").description("check the actor of a module that exports a rivetkit registry").exitOverride()).action(
    async (module: string, flags: RunFlags) => {
      verbose = flags.verbose === true;
      exitCode = await checkModule(module, flags);
    },
  );
  program
    .command("clean")
    .description("remove what earlier runs left behind when they could not clean up: engine processes and temp dirs that carry this tool's marker; nothing else is touched")
    .exitOverride()
    .action(async () => {
      exitCode = await cleanCommand(process.stdout);
    });
  program
    .command("diff <baseline> <current>")
    .description("compare two report.json files offline: new failures, fixed ones, unchanged ones (exit 1 on new failures)")
    .exitOverride()
    .action((baseline: string, current: string) => {
      exitCode = diffCommand(baseline, current);
    });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0 ? 0 : EXIT.usage;
    }
    const { code, message } = describeError(error);
    process.stderr.write(`origin-conformance: ${message}\n`);
    if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return code;
  }
}

// rivetkit's native runtime keeps handles open after shutdown, so exit explicitly once output is flushed.
const code = await main(process.argv.slice(2));
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
