/** The machine's processes as /proc shows them (Linux): for finding a run's own processes and nothing else. */
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly cmdline: string;
}

export function processTable(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      found.push({ pid: Number(entry), ppid, cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Every process below `rootPid` (children, their children, ...), not the root itself. */
export function descendantsOf(rootPid: number, table = processTable()): ProcessInfo[] {
  const below = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const proc of table) {
      if (below.has(proc.ppid) && !below.has(proc.pid)) {
        below.add(proc.pid);
        grew = true;
      }
    }
  }
  return table.filter((proc) => proc.pid !== rootPid && below.has(proc.pid));
}
