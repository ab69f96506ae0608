/**
 * Finding the processes a run started, for leak checks (pnpm soak, the fault
 * suites): every process inherits an environment variable with a mark unique
 * to the run, so the check finds exactly those, and never someone else's engine.
 */
import { readdirSync, readFileSync } from "node:fs";

export function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

/** Every live process whose environment has `variable=mark` (a CLI, its supervisor, its engine). */
export function markedProcesses(variable: string, mark: string): number[] {
  const needle = `${variable}=${mark}`;
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8");
      if (environ.split("\0").includes(needle) && !isZombie(Number(entry))) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}
