#!/usr/bin/env node
/**
 * Soak: the reference run, the interrupt test and the kill cases, over and
 * over, then the leak count. Each round runs the CLI as a user would (node +
 * tsx, a fresh process), once to the end, once interrupted (SIGINT and SIGTERM
 * in turn) while it probes, and once per kill case (./kill-cases.ts: SIGKILL
 * of the engine, the supervisor, the harness, the process group; SIGSTOP of
 * the harness, then SIGCONT). After every round it counts what is left:
 * engine processes, temp dirs, ~/.rivetkit. It exits 1 on any leak, on any
 * verdict that differs from the first round's, or on an interrupt or kill
 * that did not end as it should.
 *
 *   pnpm soak                                   # 10 rounds of the full reference run (~5 min each) and the kill cases
 *   pnpm soak --rounds 2 --actors seed-allowlist --runs 50
 *   pnpm soak --rounds 10 --actors none          # only the interrupt test and the kill cases
 *
 * Not part of `pnpm test`.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import { INTERRUPTED_EXIT } from "../../harness/cli/exit-codes.js";
import { markedProcesses } from "../../harness/engine/marked-processes.js";
import { endedAsExpected, inflict, KILL_CASES, type KillCase, type RunProcesses, runProcesses } from "./kill-cases.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(REPO, "harness/cli/main.ts");
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const MARK_VARIABLE = "ORIGIN_CONFORMANCE_SOAK";

interface Flags {
  rounds: number;
  actors: string;
  runs?: number;
  seed: number;
  interruptActor: string;
  kills: readonly KillCase[];
  stopSeconds: number;
  keep?: boolean;
}

interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly ms: number;
  readonly stderr: string;
}

interface Leaks {
  /** `rivet-engine start` processes started by this soak (they carry its mark). */
  readonly engines: number;
  /** `rivet-engine start` processes on the machine (other runs included). */
  readonly enginesOnMachine: number;
  /** origin-conformance-* entries in this soak's TMPDIR. */
  readonly tempDirs: number;
  /** origin-conformance-* entries in the machine's temp dir (other runs included). */
  readonly tempDirsOnMachine: number;
  readonly rivetkitHome: boolean;
}

function killList(value: string): readonly KillCase[] {
  if (value === "none") return [];
  if (value === "all") return KILL_CASES;
  const kinds = value.split(",").map((kind) => kind.trim());
  const unknown = kinds.find((kind) => !(KILL_CASES as readonly string[]).includes(kind));
  if (unknown !== undefined) throw new InvalidArgumentError(`unknown kill case ${unknown}; choose from ${KILL_CASES.join(", ")}, all, none`);
  return kinds as KillCase[];
}

function positiveInteger(value: string) {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError("must be a positive whole number");
  return Number(value);
}

/** `interrupt` is called once, when stderr first matches `when`; the CLI runs in a process group of its own, so that a kill case may signal the whole group. */
function runCli(args: readonly string[], env: NodeJS.ProcessEnv, interrupt?: { when: RegExp; act: (child: ChildProcess) => void }): Promise<CliRun> {
  const startedAt = Date.now();
  const child: ChildProcess = spawn(process.execPath, ["--import", TSX, CLI, ...args], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stderr = "";
  let sent = false;
  child.stdout!.resume();
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
    if (interrupt && !sent && interrupt.when.test(stderr)) {
      sent = true;
      interrupt.act(child);
    }
  });
  // Bounds: a reference run of every actor takes ~5 min; an interrupted one must end within seconds of the signal.
  const limit = setTimeout(() => child.kill("SIGKILL"), interrupt ? 180_000 : 30 * 60_000);
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, ms: Date.now() - startedAt, stderr });
    });
  });
}

function enginePids(): number[] {
  try {
    return execFileSync("pgrep", ["-f", "rivet-engine start"], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

function harnessEntries(directory: string): string[] {
  try {
    return readdirSync(directory).filter((name) => name.startsWith("origin-conformance-"));
  } catch {
    return [];
  }
}

async function countLeaks(mark: string, soakTmp: string): Promise<Leaks> {
  // Supervisors and engines exit a moment after the CLI: give them a few seconds.
  const deadline = Date.now() + 10_000;
  while (markedProcesses(MARK_VARIABLE, mark).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  const ours = new Set(markedProcesses(MARK_VARIABLE, mark));
  const engines = enginePids();
  return {
    engines: engines.filter((pid) => ours.has(pid)).length,
    enginesOnMachine: engines.length,
    tempDirs: harnessEntries(soakTmp).length,
    tempDirsOnMachine: harnessEntries(tmpdir()).length,
    rivetkitHome: existsSync(join(homedir(), ".rivetkit")),
  };
}

interface SubjectSignature {
  readonly actor: string;
  readonly verdict: string;
  readonly failingCells: readonly string[];
  readonly matrix: string;
}

function signatureOf(reportFile: string): { verdict: string; complete: boolean; subjects: SubjectSignature[] } | undefined {
  try {
    const report = JSON.parse(readFileSync(reportFile, "utf8")) as {
      verdict: string;
      complete: boolean;
      subjects: { actor: string; verdict: string; matrix: object; failures: { category: string; transport: string }[]; cutOff?: unknown }[];
    };
    return {
      verdict: report.verdict,
      complete: report.complete,
      subjects: report.subjects.map((subject) => ({
        actor: subject.actor,
        verdict: subject.verdict,
        failingCells: [...new Set(subject.failures.map((failure) => `${failure.category}/${failure.transport}`))].sort(),
        matrix: canonical(subject.matrix),
      })),
    };
  } catch {
    return undefined;
  }
}

/** JSON with sorted keys: the matrix is filled in the order probes finish, which differs from run to run. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const tail = (text: string) => text.trimEnd().split("\n").slice(-8).join("\n");

async function soak(flags: Flags): Promise<number> {
  const mark = randomUUID();
  const root = mkdtempSync(join(tmpdir(), "rivet-origin-soak-"));
  const soakTmp = join(root, "tmp");
  mkdirSync(soakTmp);
  const env = { ...process.env, CI: "1", TMPDIR: soakTmp, RIVET_ENDPOINT: "", [MARK_VARIABLE]: mark };
  const actorGroups = flags.actors === "all" ? [undefined] : flags.actors === "none" ? [] : flags.actors.split(",").map((actor) => actor.trim());
  const kills = flags.kills;
  const narrow = [...(flags.runs === undefined ? [] : ["--runs", String(flags.runs)]), "--seed", String(flags.seed)];
  const before = await countLeaks(mark, soakTmp);
  process.stdout.write(
    `soak: ${flags.rounds} round(s); reference run of ${flags.actors === "all" ? "every reference actor" : flags.actors}${flags.runs === undefined ? "" : `, --runs ${flags.runs}`}, --seed ${flags.seed}; ` +
      `interrupt test${kills.length > 0 ? ` and kill cases (${kills.join(", ")})` : ""} on ${flags.interruptActor}\nbefore: ${before.enginesOnMachine} engine process(es) and ${before.tempDirsOnMachine} origin-conformance-* dir(s) on the machine (other runs); ~/.rivetkit ${before.rivetkitHome ? "exists" : "absent"}\n`,
  );
  const startedAt = Date.now();
  let first: SubjectSignature[] | undefined;
  const problems: string[] = [];
  const rounds: unknown[] = [];
  for (let round = 1; round <= flags.rounds; round++) {
    const roundDir = join(root, `round-${round}`);
    // 1. The reference run, to the end.
    const subjects: SubjectSignature[] = [];
    let referenceMs = 0;
    const codes: (number | null)[] = [];
    for (const [index, actor] of actorGroups.entries()) {
      const reportDir = join(roundDir, `reference-${index}`);
      const run = await runCli([...(actor ? ["--actor", actor] : []), ...narrow, "--report-dir", reportDir, "--corpus", join(roundDir, `corpus-${index}.json`)], env);
      referenceMs += run.ms;
      codes.push(run.code);
      const signature = signatureOf(join(reportDir, "report.json"));
      if (signature === undefined) problems.push(`round ${round}: the reference run${actor ? ` of ${actor}` : ""} wrote no report (exit ${run.code}):\n${tail(run.stderr)}`);
      else subjects.push(...signature.subjects);
      if (run.code !== 0) problems.push(`round ${round}: the reference run${actor ? ` of ${actor}` : ""} exited ${run.code ?? run.signal}, not 0 (conformant):\n${tail(run.stderr)}`);
    }
    const verdicts = subjects.map((subject) => `${subject.actor} ${subject.verdict}`).join(", ");
    if (first === undefined) first = subjects;
    else if (JSON.stringify(subjects) !== JSON.stringify(first)) problems.push(`round ${round}: verdicts or matrices differ from round 1: ${verdicts}`);

    // 2. The interrupt test: the same CLI, stopped while it probes.
    const signal: NodeJS.Signals = round % 2 === 1 ? "SIGINT" : "SIGTERM";
    const interruptDir = join(roundDir, "interrupted");
    const interrupted = await runCli(["--actor", flags.interruptActor, ...narrow, "--report-dir", interruptDir, "--corpus", join(roundDir, "corpus-interrupted.json")], env, {
      when: new RegExp(`${flags.interruptActor} corpus: `),
      act: (child) => child.kill(signal),
    });
    const partial = signatureOf(join(interruptDir, "report.json"));
    const interruptOk = interrupted.code === INTERRUPTED_EXIT[signal] && partial?.complete === false && partial.verdict !== "conformant";
    if (!interruptOk) {
      problems.push(`round ${round}: ${signal} gave exit ${interrupted.code ?? interrupted.signal} and ${partial ? `a report (complete: ${partial.complete}, ${partial.verdict})` : "no report"}:\n${tail(interrupted.stderr)}`);
    }

    // 3. The kill cases: the same CLI, its own processes killed (or stopped) while it probes.
    const killed: { kind: KillCase; code: number | null; signal: NodeJS.Signals | null; ms: number }[] = [];
    for (const kind of kills) {
      const run = await killRun(kind, flags, narrow, join(roundDir, `killed-${kind}`), env);
      killed.push({ kind, code: run.code, signal: run.signal, ms: run.ms });
      if (!run.inflicted) problems.push(`round ${round}: kill case ${kind}: the run ended before it could be inflicted (exit ${run.code ?? run.signal}):\n${tail(run.stderr)}`);
      else if (!endedAsExpected(kind, run)) problems.push(`round ${round}: kill case ${kind} ended with exit ${run.code ?? run.signal}:\n${tail(run.stderr)}`);
    }

    // 4. What is left.
    const leaks = await countLeaks(mark, soakTmp);
    if (leaks.engines > 0) problems.push(`round ${round}: ${leaks.engines} engine process(es) of this soak still running`);
    if (leaks.tempDirs > 0) problems.push(`round ${round}: ${leaks.tempDirs} temp dir(s) left: ${harnessEntries(soakTmp).join(", ")}`);
    if (leaks.rivetkitHome && !before.rivetkitHome) problems.push(`round ${round}: ~/.rivetkit appeared`);
    rounds.push({ round, referenceExit: codes, referenceMs, subjects: subjects.map(({ matrix: _matrix, ...rest }) => rest), interrupt: { signal, exit: interrupted.code, ms: interrupted.ms, complete: partial?.complete }, kills: killed, leaks });
    process.stdout.write(
      `round ${round}/${flags.rounds}: reference ${actorGroups.length === 0 ? "skipped" : `${verdicts || "(no report)"} (exit ${codes.join(",")}, ${seconds(referenceMs)})`} · ` +
        `${signal} → exit ${interrupted.code ?? interrupted.signal}, report ${partial ? (partial.complete ? "COMPLETE" : "incomplete") : "MISSING"} (${seconds(interrupted.ms)}) · ` +
        (killed.length > 0 ? `kills: ${killed.map((kill) => `${kill.kind} → ${kill.code ?? kill.signal}`).join(", ")} · ` : "") +
        `leaks: ${leaks.engines} engine(s), ${leaks.tempDirs} temp dir(s), ~/.rivetkit ${leaks.rivetkitHome ? "EXISTS" : "absent"}\n`,
    );
    if (!flags.keep) rmSync(roundDir, { recursive: true, force: true });
  }
  const after = await countLeaks(mark, soakTmp);
  const totalMs = Date.now() - startedAt;
  const summary = {
    rounds: flags.rounds,
    actors: flags.actors,
    kills,
    runs: flags.runs ?? null,
    seed: flags.seed,
    totalMs,
    leaks: { enginesOfThisSoak: after.engines, tempDirsOfThisSoak: after.tempDirs, rivetkitHome: after.rivetkitHome, enginesOnMachine: after.enginesOnMachine, tempDirsOnMachine: after.tempDirsOnMachine },
    sameVerdictsEveryRound: !problems.some((problem) => problem.includes("differ from round 1")),
    problems,
    perRound: rounds,
  };
  mkdirSync(join(REPO, "reports/latest"), { recursive: true });
  writeFileSync(join(REPO, "reports/latest/soak.json"), `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(
    `\nsoak: ${flags.rounds} round(s) in ${seconds(totalMs)} (${seconds(totalMs / flags.rounds)} per round)\n` +
      `verdicts: ${summary.sameVerdictsEveryRound ? "the same every round" : "CHANGED between rounds"}\n` +
      `leaks after the soak: ${after.engines} engine process(es) of this soak (pgrep 'rivet-engine start' on the machine: ${after.enginesOnMachine}), ` +
      `${after.tempDirs} temp dir(s) of this soak (origin-conformance-* in ${tmpdir()}: ${after.tempDirsOnMachine}), ~/.rivetkit ${after.rivetkitHome ? "exists" : "absent"}\n` +
      `summary in reports/latest/soak.json\n`,
  );
  if (!flags.keep) rmSync(root, { recursive: true, force: true });
  for (const problem of problems) process.stderr.write(`PROBLEM ${problem}\n`);
  return problems.length === 0 && after.engines === 0 && after.tempDirs === 0 && (before.rivetkitHome || !after.rivetkitHome) ? 0 : 1;
}

const program = new Command("soak")
  .description("Runs the reference run and the interrupt test again and again, then counts leaked engines and temp dirs.")
  .option("--rounds <n>", "how many rounds", positiveInteger, 10)
  .option("--actors <ids>", 'reference actors to run: "all" (one run of every actor: the full reference run) or a comma-separated list (one run each)', "all")
  .option("--runs <n>", "random cases per transport (the CLI's default, 200, when not given)", positiveInteger)
  .option("--seed <n>", "fast-check seed, the same every round so that verdicts and matrices compare", positiveInteger, 1)
  .option("--interrupt-actor <id>", "the reference actor the interrupt test and the kill cases run", "seed-allowlist")
  .option("--kills <cases>", `kill cases per round: "all", "none" or a comma-separated list of ${KILL_CASES.join(", ")}`, killList, KILL_CASES)
  .option("--stop-seconds <n>", "how long the stop-cont case keeps the harness stopped", positiveInteger, 30)
  .option("--keep", "keep every round's reports (in the soak's temp dir)");
program.parse(process.argv);
process.exitCode = await soak(program.opts<Flags>());

/** One CLI run with a kill case inflicted once it probes (the interrupt actor, like the interrupt test). */
async function killRun(kind: KillCase, flags: Flags, narrow: readonly string[], reportDir: string, env: NodeJS.ProcessEnv): Promise<CliRun & { inflicted: boolean }> {
  let inflicted = false;
  const run = await runCli(["--actor", flags.interruptActor, ...narrow, "--report-dir", reportDir, "--corpus", `${reportDir}-corpus.json`], env, {
    when: new RegExp(`${flags.interruptActor} corpus: `),
    act: (child) => {
      const processes: RunProcesses | undefined = runProcesses(child.pid!);
      if (processes === undefined) return;
      inflicted = true;
      void inflict(kind, processes, flags.stopSeconds * 1000);
    },
  });
  return { ...run, inflicted };
}
