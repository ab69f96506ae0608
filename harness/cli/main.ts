#!/usr/bin/env node
import { join, relative } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { acquireEngine, type EngineHandle } from "../engine/engine.js";
import { EngineError } from "../engine/errors.js";
import { TRANSPORT_IDS, type TransportId } from "../probes/transports.js";
import type { Policy } from "../policy/policy.js";
import { type AnyRegistry, type HostedRegistry, hostRegistry, RegistryError } from "../registry/host.js";
import { ConformanceUsageError, runConformance } from "../conformance/run.js";
import type { Failure } from "../conformance/result.js";
import { buildReport, type Report, type ReportSubject } from "../reports/report.js";
import { textSummary } from "../reports/text-summary.js";
import { writeReports } from "../reports/write.js";
import { EXIT, UsageError } from "./exit-codes.js";
import { loadRegistryModule } from "./load-module.js";
import { policyAsFlags, policyFromFlags } from "./policy-options.js";
import { progressPrinter } from "./progress.js";
import { RENDERERS } from "../reports/renderers.js";
import { diffReports, formatDiff, readReport } from "../reports/diff.js";
import { loadRegressionCorpus, recordCounterexamples } from "../conformance/regression-corpus.js";
import type { RegressionEntry } from "../conformance/corpus-phase.js";

interface RunFlags {
  actor?: string;
  policy?: string;
  allow?: string[];
  match?: string;
  missingOrigin?: string;
  rejectCode?: string;
  runs: number;
  seed?: number;
  path?: string;
  transport?: TransportId[];
  reportDir: string;
  baseline?: string;
  endpoint?: string;
  json?: boolean;
  concurrency: number;
  action?: string;
  verbose?: boolean;
  corpus: string;
}

function positiveInteger(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a positive whole number`);
    return Number(value);
  };
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
    .option("--runs <n>", "random cases per transport", positiveInteger("--runs"), 200)
    .option("--seed <n>", "fast-check seed (random when not given)", seedNumber)
    .option("--path <path>", "replay one random case: the path printed with a failure (needs --seed)")
    .option("--transport <list>", `transports to probe (comma-separated: ${TRANSPORT_IDS.join(",")})`, transportList)
    .option("--report-dir <dir>", "where the reports go", "reports/latest")
    .option("--baseline <report.json>", "an earlier report.json to compare against")
    .option("--endpoint <url>", "use an existing Rivet engine instead of spawning one (also RIVET_ENDPOINT)")
    .option("--concurrency <n>", "probes in flight at once", positiveInteger("--concurrency"), 16)
    .option("--action <name>", "the action HTTP probes call (default: a probe action that does not exist, so nothing runs)")
    .option("--corpus <file.json>", "regression corpus: replayed first, and new counterexamples are added to it", "origin-conformance-corpus.json")
    .option("--json", "print a machine-readable summary on stdout")
    .option("--verbose", "show stack traces on errors");
}

interface SubjectSpec {
  readonly module: string;
  readonly replayModule: string;
  readonly actor?: string;
  readonly policy: Policy;
}

function replayFor(spec: SubjectSpec, actor: string, flags: RunFlags) {
  return (failure: Omit<Failure, "replay">, seed: number) => {
    const base = `pnpm conformance check ${spec.replayModule} --actor ${actor} ${policyAsFlags(spec.policy)} --transport ${failure.transport}`;
    const endpoint = flags.endpoint ? ` --endpoint ${flags.endpoint}` : "";
    if (failure.path !== undefined) return `${base} --seed ${failure.seed ?? seed} --path ${failure.path} --runs ${flags.runs}${endpoint}`;
    return `${base} --seed ${seed}${endpoint}   # corpus case ${failure.caseId ?? "(see origin)"}`;
  };
}

async function runSubjects(registry: AnyRegistry, specs: readonly SubjectSpec[], flags: RunFlags): Promise<number> {
  if (flags.path !== undefined && flags.seed === undefined) throw new UsageError("--path replays a failure and needs the --seed printed with it");
  const baseline = flags.baseline === undefined ? undefined : readBaseline(flags.baseline);
  let regressions: RegressionEntry[];
  try {
    regressions = loadRegressionCorpus(flags.corpus);
  } catch (error) {
    throw new UsageError(`--corpus: ${(error as Error).message}`);
  }
  const startedAt = new Date();
  const engine: EngineHandle = await acquireEngine({ endpoint: flags.endpoint });
  const subjects: ReportSubject[] = [];
  let hosted: HostedRegistry | undefined;
  let finished = false;
  const writeAll = (complete: boolean): Report => {
    const report = buildReport({ engine: { mode: engine.mode, endpoint: engine.endpoint }, startedAt, subjects, complete });
    writeReports(report, flags.reportDir, RENDERERS);
    return report;
  };
  const interrupt = async (signal: NodeJS.Signals) => {
    if (finished) return;
    finished = true;
    process.stderr.write(`\n${signal}: stopping; the partial report is marked incomplete\n`);
    try {
      writeAll(false);
    } finally {
      await engine.stop();
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  try {
    hosted = await hostRegistry(registry, engine);
    for (const spec of specs) {
      const label = spec.actor ?? spec.module;
      const progress = progressPrinter(process.stderr, label);
      const actor = spec.actor ?? (hosted.actorNames.length === 1 ? hosted.actorNames[0] : undefined);
      const result = await runConformance({
        hosted,
        actor,
        policy: spec.policy,
        transports: flags.transport,
        runs: flags.runs,
        seed: flags.seed,
        path: flags.path,
        concurrency: flags.concurrency,
        action: flags.action,
        regressions,
        onProgress: progress.update,
        replayCommand: replayFor(spec, actor ?? "?", flags),
      });
      progress.done();
      subjects.push({ ...result, module: spec.module });
      const added = recordCounterexamples(flags.corpus, result.failures);
      if (added > 0) process.stderr.write(`${added} new counterexample(s) added to ${flags.corpus}; later runs replay them first\n`);
      if (!flags.json) process.stderr.write(`${textSummary(result, result.actor)}\n\n`);
    }
    const died = engine.died();
    finished = true;
    const report = writeAll(died === undefined);
    const diff = baseline ? diffReports(baseline, readReport(join(flags.reportDir, "report.json"))) : undefined;
    if (flags.json) {
      const summary = subjects.map(({ actor, verdict, probes, failures, seed }) => ({ actor, verdict, probes, seed, failures: failures.length }));
      process.stdout.write(`${JSON.stringify({ verdict: report.verdict, reportDir: flags.reportDir, subjects: summary, regressions: diff?.newFailures.length })}\n`);
    } else {
      if (diff) process.stderr.write(`against ${flags.baseline}:\n${formatDiff(diff)}\n`);
      process.stderr.write(`verdict: ${report.verdict}; reports in ${flags.reportDir}\n`);
    }
    if (report.verdict === "infrastructure-failure") return EXIT.infrastructure;
    return report.verdict === "not-conformant" || (diff?.newFailures.length ?? 0) > 0 ? EXIT.notConformant : EXIT.conformant;
  } finally {
    finished = true;
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
    replayModule: "reference-actors/registry.ts",
    actor: reference.id,
    policy: parsePolicy(reference.policy),
  }));
  return runSubjects(registry, specs, flags);
}

async function checkModule(modulePath: string, flags: RunFlags): Promise<number> {
  const policy = policyFromFlags(flags);
  const { registry, file } = await loadRegistryModule(modulePath);
  const actors = Object.keys((registry.config as { use?: object }).use ?? {});
  if (flags.actor !== undefined && !actors.includes(flags.actor)) throw new UsageError(`unknown actor "${flags.actor}"; the registry has: ${actors.join(", ") || "(none)"}`);
  if (flags.actor === undefined && actors.length !== 1) throw new UsageError(`the registry has ${actors.length} actors (${actors.join(", ")}); name one with --actor`);
  return runSubjects(registry, [{ module: modulePath, replayModule: relative(process.cwd(), file) || modulePath, actor: flags.actor, policy }], flags);
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
  if (error instanceof UsageError || error instanceof ConformanceUsageError) return { code: EXIT.usage, message: error.message };
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
  addRunOptions(program).action(async (flags: RunFlags) => {
    exitCode = await referenceRun(flags);
  });
  addRunOptions(program.command("check <module>").description("check the actor of a module that exports a rivetkit registry").exitOverride()).action(
    async (module: string, flags: RunFlags) => {
      verbose = flags.verbose === true;
      exitCode = await checkModule(module, flags);
    },
  );
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
