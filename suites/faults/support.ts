/**
 * Helpers for the fault tests: run the CLI as a child with a private TMPDIR
 * and a marker in its environment (inherited by its supervisor and engine),
 * find its engine, and check afterwards that nothing it started is left.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isZombie, markedProcesses as markedProcessesOf } from "../../harness/engine/marked-processes.js";
import { descendantsOf } from "../../harness/engine/process-table.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(REPO, "harness/cli/main.ts");
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
export const MARK_VARIABLE = "ORIGIN_CONFORMANCE_TEST_MARK";

export const DOCS_FLAGS = ["--allow", "http://localhost:3000", "--allow", "https://myapp.com", "--allow", "https://www.myapp.com"];

export interface CliChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Unique per run; every process the run starts carries it in its environment. */
  readonly mark: string;
  /** The run's private TMPDIR (its engine's data dir goes there). */
  readonly tmp: string;
  /** A directory for reports and the regression corpus. */
  readonly work: string;
  readonly stderr: () => string;
  readonly stdout: () => string;
  /** Resolves when stderr matches (rejects after `withinMs`, or when the child exits first). */
  waitFor(pattern: RegExp, withinMs: number): Promise<void>;
  /** Exit code (or 128 + signal), and how long after `since` it came. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Kills what is left (by pid, this run's processes only) and removes the run's dirs. */
  cleanup(): Promise<void>;
}

/** Runs the CLI (node + tsx) with `args`; the report dir and corpus go to a fresh work dir unless given. */
export function spawnCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; detached?: boolean; reportArgs?: boolean; sharedTmp?: string; cwd?: string; bare?: boolean } = {}): CliChild {
  const mark = randomUUID();
  // A TMPDIR of its own, unless runs share one (like two CI jobs on one machine share /tmp).
  const tmp = options.sharedTmp ?? mkdtempSync(join(tmpdir(), "origin-conformance-faulttest-"));
  const work = mkdtempSync(join(tmp, "work-"));
  const fullArgs = options.reportArgs === false || options.bare ? [...args] : [...args, "--report-dir", join(work, "reports"), "--corpus", join(work, "corpus.json")];
  // A fixed number of probes in flight: no throughput ramp before the run (it would probe an actor that cannot start, or delay the interrupt tests).
  if (!fullArgs.includes("--concurrency") && !options.bare) fullArgs.push("--concurrency", "16");
  const child = spawn(process.execPath, ["--import", TSX, CLI, ...fullArgs], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, CI: "1", TMPDIR: tmp, [MARK_VARIABLE]: mark, RIVET_ENDPOINT: "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
    for (const listener of listeners) listener();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return {
    child,
    pid: child.pid!,
    mark,
    tmp,
    work,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    waitFor(pattern, withinMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(stderr)) {
            done();
            resolve();
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`stderr did not match ${pattern} within ${withinMs} ms:\n${stderr.slice(-2_000)}`));
        }, withinMs);
        const onExit = () => {
          done();
          if (pattern.test(stderr)) resolve();
          else reject(new Error(`the CLI exited before stderr matched ${pattern}:\n${stderr.slice(-2_000)}`));
        };
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off("exit", onExit);
        };
        listeners.add(check);
        child.once("exit", onExit);
        check();
      });
    },
    async cleanup() {
      for (const pid of markedProcesses(mark)) killQuietly(pid);
      if (child.exitCode === null && child.signalCode === null) killQuietly(child.pid!);
      await eventually(() => markedProcesses(mark).length === 0, 5_000);
      rmSync(options.sharedTmp === undefined ? tmp : work, { recursive: true, force: true });
    },
  };
}

/** Directories and files the harness creates in a TMPDIR (engine data dirs, rivetkit storage). */
export function harnessLeftovers(tmp: string): string[] {
  if (!existsSync(tmp)) return [];
  return readdirSync(tmp).filter((name) => name.startsWith("origin-conformance-"));
}

/** The command lines of these processes, for a failure message. */
export function describeProcesses(pids: readonly number[]): string {
  return pids.map((pid) => {
    try {
      return `${pid}: ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim()}`;
    } catch {
      return `${pid}: (gone)`;
    }
  }).join("\n");
}

/** Waits (briefly: processes exit a moment after their parent) until no process carries the mark; returns those left. */
export async function leftoverProcesses(mark: string, withinMs = 3_000): Promise<string> {
  await eventually(() => markedProcesses(mark).length === 0, withinMs);
  return describeProcesses(markedProcesses(mark));
}

/** Every live process whose environment carries this mark (the CLI, its supervisor, its engine). */
export function markedProcesses(mark: string): number[] {
  return markedProcessesOf(MARK_VARIABLE, mark);
}

export interface EngineProcess {
  readonly pid: number;
  readonly dataDir: string;
  /** guard, api-peer, metrics. */
  readonly ports: readonly number[];
}

/** The `rivet-engine start` process under `rootPid` (CLI → supervisor → engine), with its data dir and ports. */
export function engineUnder(rootPid: number): EngineProcess | undefined {
  const engine = descendantsOf(rootPid).find((proc) => /rivet-engine start$/.test(proc.cmdline));
  if (engine === undefined) return undefined;
  try {
    const environ = readFileSync(`/proc/${engine.pid}/environ`, "utf8").split("\0");
    const variable = (name: string) => environ.find((line) => line.startsWith(`${name}=`))?.slice(name.length + 1);
    const path = variable("RIVET__FILE_SYSTEM__PATH");
    const ports = ["RIVET__GUARD__PORT", "RIVET__API_PEER__PORT", "RIVET__METRICS__PORT"].map((name) => Number(variable(name)));
    return path === undefined ? undefined : { pid: engine.pid, dataDir: dirname(path), ports };
  } catch {
    return undefined;
  }
}

/** Waits until the CLI's engine is up (it appears once the supervisor spawned it). */
export async function waitForEngine(rootPid: number, withinMs: number): Promise<EngineProcess> {
  let found: EngineProcess | undefined;
  await eventually(() => (found = engineUnder(rootPid)) !== undefined, withinMs);
  if (found === undefined) throw new Error(`no rivet-engine under pid ${rootPid} within ${withinMs} ms`);
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch {
    return false;
  }
}

export function killQuietly(pid: number, signal: NodeJS.Signals = "SIGKILL") {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export async function eventually(check: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/** Reads a report the CLI wrote. */
export function readJson<T = any>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}
