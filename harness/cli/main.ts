#!/usr/bin/env node
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { EngineError } from "../engine/errors.js";
import { TRANSPORT_IDS, type TransportId } from "../transports/index.js";
import { type AnyRegistry, type HostedRegistry, RegistryError } from "../registry/host.js";
import { ConformanceUsageError, type Profile, PROFILES } from "../conformance/run.js";
import { ActorStartError } from "../conformance/preflight.js";
import type { ReplayForm } from "../conformance/replay.js";
import { describeEngine } from "../reports/report.js";
import { textSummary } from "../reports/text-summary.js";
import { assertWritable, ReportWriteError } from "../reports/write.js";
import { EXIT, INTERRUPTED_EXIT, UsageError } from "./exit-codes.js";
import type { KnownBadGuard } from "../../reference-actors/types.js";
import { loadRegistryModule } from "./load-module.js";
import type { RivetkitInstall } from "../versions/rivetkit.js";
import { policyAsFlags, policyFromFlags } from "./policy-options.js";
import { progressPrinter } from "./progress.js";
import { diffReports, formatDiff, readReport } from "../reports/diff.js";
import { DEFAULT_CORPUS_PATH, loadRegressionCorpus } from "../conformance/regression-corpus.js";
import { cleanCommand, nameLeftovers } from "./clean.js";
import type { RegressionEntry } from "../conformance/corpus-phase.js";
import { formatMutationScore, type MutantRun, mutationScore, runMutant } from "../conformance/mutation-score.js";
import type { MutationScore } from "../reports/report.js";
import { type FailOn, publishToGitHub } from "../reports/github.js";
import { checkRegistry, type RegistryCheck } from "../check/check-registry.js";
import { ConfigError, findConfig, loadConfig, type ResolvedConfig } from "../check/config.js";
import { planSubjects, type SubjectPlan } from "../check/subjects.js";
import { actorsOf, InitRefused, writeStarterConfig } from "../check/init.js";

interface RunFlags {
  actor?: string;
  policy?: string;
  allow?: string[];
  match?: string;
  missingOrigin?: string;
  rejectCode?: string;
  runs?: number;
  profile?: Profile;
  config?: string;
  anyOrigin?: boolean;
  seed?: number;
  path?: string;
  transport?: readonly TransportId[];
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
    .option("--actor <name>", "check only this actor (default: every actor of the registry)")
    .option("--policy <file.json>", "the documented set, as a JSON policy file")
    .option("--allow <origin>", "an allowed origin (repeat for more)", collect)
    .addOption(new Option("--match <mode>", "how --allow entries are compared").choices(["exact", "normalized"]))
    .addOption(new Option("--missing-origin <decision>", "what a missing Origin gets").choices(["reject", "accept"]))
    .option("--any-origin", "the actor is public: every origin must be accepted (instead of a policy)")
    .option("--reject-code <code>", "the UserError code a rejection must carry")
    .addOption(
      new Option("--profile <profile>", "default: a stratified wire sample plus every failure the in-process tier predicts, the tier deciding the rest while it agrees with the wire; thorough: every corpus case over the wire")
        .choices(PROFILES),
    )
    .option("--runs <n>", "random cases per transport (default 50; thorough: 200)", positiveInteger("--runs"))
    .option("--screen <n>", "origins per transport the in-process tier screens after the wire phases, confirmed over the wire (0: off; default 2,000; thorough: 10,000)", wholeNumber("--screen"))
    .option("--seed <n>", "fast-check seed (random when not given)", seedNumber)
    .option("--path <path>", "replay one random or header-property case (`headers:` paths): the path printed with a failure (needs --seed)")
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

/** Where the registry came from, as the reports and replay commands name it. */
interface RegistrySource {
  readonly module: string;
  /** The registry module's file, for the guard's source location in report.sarif. */
  readonly moduleFile: string;
  readonly replayModule: string;
}

function replayFor(source: RegistrySource, flags: RunFlags) {
  return (subject: SubjectPlan): ReplayForm => ({ kind: "cli", module: source.replayModule, actor: subject.actor, policyFlags: policyAsFlags(subject.policy), ...(flags.endpoint && { endpoint: flags.endpoint }) });
}

/** How long an interrupted run may take to write its partial report and stop the engine before it is forced. */
const INTERRUPT_BOUND_MS = 10_000;

/** After the subjects, on the same hosted registry: the reference bank's mutation score, when asked for. */
type AfterSubjects = (hosted: HostedRegistry) => Promise<MutationScore>;

/**
 * The front end of a check: flags in; checkRegistry does the work; the verdict,
 * the baseline diff and the exit code out. `rivetkit`: the user's, resolved from their module.
 */
async function runCheck(registry: AnyRegistry, subjects: readonly SubjectPlan[], source: RegistrySource, flags: RunFlags, afterSubjects?: AfterSubjects, rivetkit?: RivetkitInstall): Promise<number> {
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
  // Ctrl-C and SIGTERM cut the run off: running actors return what they have, later ones are listed as not run.
  const controller = new AbortController();
  let interrupted: NodeJS.Signals | undefined;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    process.stderr.write(`\n${signal}: stopping; the partial report is marked incomplete\n`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let check: RegistryCheck;
  try {
    check = await checkRegistry({
      registry,
      subjects,
      source: { module: source.module, moduleFile: source.moduleFile, replay: replayFor(source, flags) },
      endpoint: flags.endpoint,
      rivetkit,
      run: { transports: flags.transport, profile: flags.profile, runs: flags.runs, screen: flags.screen, seed: flags.seed, path: flags.path, action: flags.action, regressions },
      concurrency: flags.concurrency,
      corpusFile: flags.corpus,
      reportDir: flags.reportDir,
      signal: controller.signal,
      interruptBoundMs: INTERRUPT_BOUND_MS,
      afterSubjects,
      events: {
        log: flags.json ? (line) => (line.startsWith("concurrency:") ? undefined : log(line)) : log,
        progress: (actor) => progressPrinter(process.stderr, actor),
        subjectDone: (subject) => (flags.json ? undefined : log(`${textSummary(subject, subject.actor)}\n`)),
      },
    });
  } finally {
    process.removeListener("SIGINT", interrupt);
    process.removeListener("SIGTERM", interrupt);
  }
  const { report, reportProblem, corpusProblem } = check;
  if (interrupted !== undefined) {
    process.stderr.write(reportProblem === undefined ? `partial report (incomplete) in ${flags.reportDir}\n` : `no partial report: ${reportProblem}\n`);
    return INTERRUPTED_EXIT[interrupted] ?? 130;
  }
  // Compared as written (the schema round trip); reports that could not be written end the run with exit 3 anyway.
  const diff = baseline && reportProblem === undefined ? diffReports(baseline, readReport(join(flags.reportDir, "report.json"))) : undefined;
  if (flags.json) {
    const summary = report.subjects.map(({ actor, verdict, probes, failures, findings, worstGrade, seed, screening, openActor }) => ({
      actor,
      verdict,
      probes,
      seed,
      failures: failures.length,
      findings: findings.length,
      worstGrade: worstGrade ?? null,
      ...(openActor && { openActor: openActor.unguarded === undefined ? "declared public" : `no origin guard: ${openActor.unguarded}` }),
      ...(screening && { screening: { status: screening.status, screened: screening.screened, confirmed: screening.confirmation.probes, confirmedFailed: screening.confirmation.failed } }),
    }));
    const outputErrors = [reportProblem, corpusProblem].filter((problem) => problem !== undefined);
    process.stdout.write(
      `${JSON.stringify({ verdict: report.verdict, worstGrade: report.worstGrade ?? null, complete: report.complete, reportDir: flags.reportDir, subjects: summary, regressions: diff?.newFailures.length, ...(outputErrors.length > 0 && { outputErrors }) })}\n`,
    );
  } else {
    if (diff) process.stderr.write(`against ${flags.baseline}:\n${formatDiff(diff)}\n`);
    if (report.subjects.length > 1) process.stderr.write(`${report.subjects.map((subject) => `  ${subject.actor}: ${subject.verdict}`).join("\n")}\n`);
    process.stderr.write(`rivetkit ${report.rivetkitVersion}, engine ${describeEngine(report.engine)}, Node ${report.nodeVersion}\n`);
    process.stderr.write(`verdict: ${report.verdict}; ${reportProblem ?? `reports in ${flags.reportDir}`}\n`);
  }
  publishToGitHub(report, flags.failOn, process.env, (text) => (flags.json ? process.stderr : process.stdout).write(text));
  if (report.verdict === "infrastructure-failure" || reportProblem !== undefined || corpusProblem !== undefined) return EXIT.infrastructure;
  const score = report.mutationScore;
  const survivors = score ? score.total - score.killed : 0;
  if (survivors > 0) process.stderr.write(`${survivors} known-bad guard(s) survived: the suite missed a bug it is meant to catch\n`);
  const failing = report.verdict === "not-conformant" && (flags.failOn === "any" || report.worstGrade === "browser-reachable-accept");
  if (report.verdict === "not-conformant" && !failing) process.stderr.write(`--fail-on browser-reachable: no browser-reachable wrong accept, so the exit code ignores the findings above\n`);
  return failing || (diff?.newFailures.length ?? 0) > 0 || survivors > 0 ? EXIT.notConformant : EXIT.conformant;
}

async function referenceRun(flags: RunFlags): Promise<number> {
  const { registry } = await import("../../reference-actors/correct-registry.js");
  const { CORRECT_ACTORS } = await import("../../reference-actors/correct/index.js");
  const { parsePolicy } = await import("../policy/policy.js");
  const only = flags.actor === undefined ? CORRECT_ACTORS : CORRECT_ACTORS.filter((reference) => reference.id === flags.actor);
  if (only.length === 0) throw new UsageError(`unknown reference actor "${flags.actor}"; the bundled ones are: ${CORRECT_ACTORS.map((r) => r.id).join(", ")}`);
  const subjects = only.map((reference) => ({ actor: reference.id, policy: parsePolicy(reference.policy), declaredPublic: false }));
  const source = { module: "reference-actors", moduleFile: fileURLToPath(new URL("../../reference-actors/correct-registry.ts", import.meta.url)), replayModule: "reference-actors/correct-registry.ts" };
  // Loaded before the engine starts: without the bank, --mutants is bad input.
  const bank = flags.mutants ? (await knownBadBank()).KNOWN_BAD_GUARDS : undefined;
  return runCheck(registry, subjects, source, flags, bank ? (hosted) => runMutantBank(hosted, flags, bank) : undefined);
}

/** Every known-bad guard under one seed (--seed, or 1), stopped at its first catch. */
async function runMutantBank(hosted: HostedRegistry, flags: RunFlags, bank: readonly KnownBadGuard[]): Promise<MutationScore> {
  const seeds = [flags.seed ?? 1];
  const runs = new Map<string, MutantRun[]>();
  for (const [index, guard] of bank.entries()) {
    if (!flags.json) process.stderr.write(`mutants: ${index + 1}/${bank.length} ${guard.id}${process.stderr.isTTY ? "\x1b[K\r" : "\n"}`);
    runs.set(guard.id, [await runMutant(hosted, guard, seeds[0]!)]);
  }
  const runsOf = (id: string) => runs.get(id) ?? [];
  const score = mutationScore(bank, runsOf, seeds);
  if (!flags.json) process.stderr.write(`\n${formatMutationScore(score, runsOf, seeds)}\n\n`);
  return score;
}

/** The bank ships only with the repository (package.json `files`), not with the installed package. */
async function knownBadBank(): Promise<typeof import("../../reference-actors/known-bad/index.js")> {
  try {
    return await import("../../reference-actors/known-bad/index.js");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && (error as Error).message.includes("known-bad")) throw new UsageError("--mutants runs the bank of known-bad guards, which comes with the repository, not with the installed package");
    throw error;
  }
}

/** `check [module]`: the module from the command line or the config; every actor, or the one named by --actor. */
async function checkModule(modulePath: string | undefined, flags: RunFlags): Promise<number> {
  const config = await configFor(flags);
  const policy = policyFromFlags(flags);
  const path = modulePath ?? config?.registry;
  if (path === undefined) throw new UsageError("no registry module: name it (check <module>), or set \"registry\" in a config file (origin-conformance init writes one)");
  const { registry, file, rivetkit } = await loadRegistryModule(path);
  const actors = Object.keys((registry.config as { use?: object }).use ?? {});
  const subjects = planSubjects(actors, { actor: flags.actor, policy, config });
  const fromConfig = { profile: config?.profile, runs: config?.runs, seed: config?.seed, transport: config?.transports };
  const merged: RunFlags = { ...flags, profile: flags.profile ?? fromConfig.profile ?? "default", runs: flags.runs ?? fromConfig.runs, seed: flags.seed ?? fromConfig.seed, transport: flags.transport ?? fromConfig.transport };
  const shown = relative(process.cwd(), file) || path;
  return runCheck(registry, subjects, { module: modulePath ?? shown, moduleFile: resolve(file), replayModule: shown }, merged, undefined, rivetkit);
}

/** --config, else the nearest config file above the working directory, else none. */
async function configFor(flags: { config?: string }): Promise<ResolvedConfig | undefined> {
  const file = flags.config ?? findConfig(process.cwd());
  return file === undefined ? undefined : loadConfig(file);
}

async function initCommand(modulePath: string, format: "ts" | "json"): Promise<number> {
  const { registry, file } = await loadRegistryModule(modulePath);
  const actors = actorsOf(registry);
  let written: string;
  try {
    written = writeStarterConfig(process.cwd(), file, actors, format);
  } catch (error) {
    throw error instanceof InitRefused ? new UsageError(error.message) : error;
  }
  const unguarded = actors.filter((actor) => actor.unguarded !== undefined);
  process.stdout.write(`wrote ${relative(process.cwd(), written)}: ${actors.length} actor(s): ${actors.map((actor) => actor.name).join(", ")}\n`);
  for (const actor of unguarded) process.stdout.write(`  ${actor.name}: no origin guard (${actor.unguarded}): every origin is accepted\n`);
  process.stdout.write(`next: fill in policy.allow, then run: origin-conformance check\n`);
  return EXIT.conformant;
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
  if (error instanceof UsageError || error instanceof ConformanceUsageError || error instanceof ActorStartError || error instanceof ConfigError) return { code: EXIT.usage, message: error.message };
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
  addRunOptions(
    program
      .command("check [module]")
      .description("check every actor (or --actor) of a module that exports a rivetkit registry; the module and policies may come from origin-conformance.config.ts")
      .option("--config <file>", "the config file (default: origin-conformance.config.{ts,mts,js,mjs,json} in this directory or the nearest one above)")
      .exitOverride(),
  ).action(
    async (module: string | undefined, flags: RunFlags) => {
      verbose = flags.verbose === true;
      exitCode = await checkModule(module, flags);
    },
  );
  program
    .command("init <module>")
    .description("write a starter origin-conformance.config.ts for the registry in <module>: every actor listed, the policy to fill in, and which actors have no origin guard")
    .option("--json", "write origin-conformance.config.json instead")
    .exitOverride()
    .action(async (module: string, options: { json?: boolean }) => {
      exitCode = await initCommand(module, options.json === true ? "json" : "ts");
    });
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
