/**
 * Leftovers of earlier runs: engine dirs and processes that carry the
 * harness's marker (./ownership.ts) while the process that owned them is gone.
 * Every way a run can end cleans up after itself (see engine.ts), so these
 * exist only when the machine died, or when the harness and its supervisor
 * were killed together. The next run names them; `origin-conformance clean`
 * removes them. Nothing without the marker is ever touched.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { ENGINE_DIR_PREFIX, ENGINE_DIR_VARIABLE, ENGINE_OWNER_VARIABLE, ownerAlive, ownerFromEnvironment, processEnvironment, processStartTime, readEngineDirOwner } from "./ownership.js";

export interface LeftoverProcess {
  readonly pid: number;
  readonly startTime: string;
  readonly role: "engine" | "supervisor";
  readonly dataDir: string;
}

export interface Leftovers {
  /** Marked processes whose owner is gone (an engine still running, or a supervisor that could not finish). */
  readonly processes: readonly LeftoverProcess[];
  /** Marked engine dirs whose owner is gone. */
  readonly dirs: readonly string[];
  /** `origin-conformance-engine-*` dirs without the marker (an older version's, or not ours): named, never removed. */
  readonly unmarkedDirs: readonly string[];
}

interface MarkedProcess extends LeftoverProcess {
  readonly ownerAlive: boolean;
}

function markedProcess(pid: number): MarkedProcess | undefined {
  const environ = processEnvironment(pid);
  const ownerValue = environ?.get(ENGINE_OWNER_VARIABLE);
  const dataDir = environ?.get(ENGINE_DIR_VARIABLE);
  const owner = ownerValue === undefined ? undefined : ownerFromEnvironment(ownerValue);
  const startTime = processStartTime(pid);
  if (owner === undefined || dataDir === undefined || startTime === undefined || owner.pid === pid) return undefined;
  let cmdline = "";
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return undefined;
  }
  const role = cmdline.includes("reaper.mjs") ? "supervisor" : /rivet-engine/.test(cmdline) ? "engine" : undefined;
  return role === undefined ? undefined : { pid, startTime, role, dataDir, ownerAlive: ownerAlive(owner) };
}

function markedProcesses(): MarkedProcess[] {
  const found: MarkedProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const marked = markedProcess(Number(entry));
    if (marked !== undefined) found.push(marked);
  }
  return found;
}

/**
 * What earlier runs left in `tmp` (default: the temp dir, where runs put their
 * engine dirs): marked dirs there, and marked processes whose dir is there.
 * A supervisor whose owner just died is still cleaning up (bounded by its
 * grace period): it and its dir are not named, unless `includeCleaningUp`.
 */
export function findLeftovers(tmp = tmpdir(), includeCleaningUp = false): Leftovers {
  const marked = markedProcesses().filter((proc) => dirname(proc.dataDir) === resolve(tmp));
  const busyDirs = new Set(marked.filter((proc) => proc.ownerAlive || (proc.role === "supervisor" && !includeCleaningUp)).map((proc) => proc.dataDir));
  const processes = marked
    .filter((proc) => !proc.ownerAlive && (includeCleaningUp || !busyDirs.has(proc.dataDir)))
    .map(({ ownerAlive: _alive, ...proc }) => proc);
  const dirs: string[] = [];
  const unmarkedDirs: string[] = [];
  const candidates = new Set<string>();
  try {
    for (const name of readdirSync(tmp)) if (name.startsWith(ENGINE_DIR_PREFIX)) candidates.add(join(tmp, name));
  } catch {
    // no temp dir: nothing there
  }
  for (const dir of candidates) {
    const owner = readEngineDirOwner(dir);
    if (owner === undefined) unmarkedDirs.push(dir);
    else if (!ownerAlive(owner) && !busyDirs.has(dir)) dirs.push(dir);
  }
  return { processes, dirs: dirs.sort(), unmarkedDirs: unmarkedDirs.sort() };
}

export function hasLeftovers(leftovers: Leftovers): boolean {
  return leftovers.processes.length + leftovers.dirs.length + leftovers.unmarkedDirs.length > 0;
}

/** One line per leftover, for the next run's warning and for `clean`. */
export function describeLeftovers(leftovers: Leftovers): string[] {
  return [
    ...leftovers.processes.map((proc) => `${proc.role} pid ${proc.pid} (data dir ${proc.dataDir}), its run is gone`),
    ...leftovers.dirs.map((dir) => `temp dir ${dir}, its run is gone`),
    ...leftovers.unmarkedDirs.map((dir) => `temp dir ${dir} without the harness's marker (not removed by clean; remove it yourself if it is yours)`),
  ];
}

export interface CleanResult {
  readonly killed: readonly LeftoverProcess[];
  readonly removed: readonly string[];
  readonly notRemoved: readonly string[];
}

/** SIGKILLs the marked processes whose owner is gone (each checked again just before), then removes the marked dirs. */
export async function cleanLeftovers(tmp = tmpdir()): Promise<CleanResult> {
  const found = findLeftovers(tmp, true);
  const killed: LeftoverProcess[] = [];
  for (const proc of found.processes) {
    // The pid must still be the same marked process (same start time): never a process that took its pid since.
    const now = markedProcess(proc.pid);
    if (now === undefined || now.startTime !== proc.startTime || now.ownerAlive) continue;
    try {
      process.kill(proc.pid, "SIGKILL");
      killed.push(proc);
    } catch {
      // gone meanwhile
    }
  }
  const deadline = Date.now() + 5_000;
  while (killed.some((proc) => processStartTime(proc.pid) === proc.startTime) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const removed: string[] = [];
  for (const dir of findLeftovers(tmp, true).dirs) {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    removed.push(dir);
  }
  return { killed, removed, notRemoved: found.unmarkedDirs };
}
