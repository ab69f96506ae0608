/**
 * The ways the harness's own processes can die in the middle of a run (what a
 * CI runner that cancels a job, `timeout -s KILL`, an OOM killer or a laptop
 * lid does), shared by the fault suite (suites/faults/owner-death.test.ts) and
 * `pnpm soak`. Each is inflicted on a CLI run while it probes; afterwards no
 * engine process and no temp dir of the run may be left.
 */
import { descendantsOf, processTable } from "../../harness/engine/process-table.js";

export const KILL_CASES = ["engine", "supervisor", "harness", "process-group", "stop-cont"] as const;
export type KillCase = (typeof KILL_CASES)[number];

export const KILL_CASE_TITLES: Record<KillCase, string> = {
  engine: "SIGKILL of the engine",
  supervisor: "SIGKILL of the engine's supervisor (reaper.mjs)",
  harness: "SIGKILL of the harness process",
  "process-group": "SIGKILL of the run's whole process group (kill -9 -PGID)",
  "stop-cont": "SIGSTOP of the harness, then SIGCONT",
};

/**
 * How the run must end: exit 3 (infrastructure) wherever the harness itself
 * survives, killed by the signal where it does not.
 */
export const EXPECTED_END: Record<KillCase, { readonly code: number } | { readonly signal: "SIGKILL" }> = {
  engine: { code: 3 },
  supervisor: { code: 3 },
  harness: { signal: "SIGKILL" },
  "process-group": { signal: "SIGKILL" },
  "stop-cont": { code: 3 },
};

export interface RunProcesses {
  /** The CLI process; the leader of its own process group (spawned detached). */
  readonly harness: number;
  readonly supervisor: number;
  readonly engine: number;
}

/** The supervisor and engine under a CLI process, once both are up. */
export function runProcesses(harnessPid: number): RunProcesses | undefined {
  const below = descendantsOf(harnessPid, processTable());
  const supervisor = below.find((proc) => proc.ppid === harnessPid && proc.cmdline.includes("reaper.mjs"));
  const engine = below.find((proc) => /rivet-engine start$/.test(proc.cmdline));
  return supervisor && engine ? { harness: harnessPid, supervisor: supervisor.pid, engine: engine.pid } : undefined;
}

/** Inflicts the case; for stop-cont, holds the harness stopped for `stopMs` (30 s in the issue) before SIGCONT. */
export async function inflict(kind: KillCase, run: RunProcesses, stopMs = 30_000): Promise<void> {
  switch (kind) {
    case "engine":
      process.kill(run.engine, "SIGKILL");
      return;
    case "supervisor":
      process.kill(run.supervisor, "SIGKILL");
      return;
    case "harness":
      process.kill(run.harness, "SIGKILL");
      return;
    case "process-group":
      process.kill(-run.harness, "SIGKILL");
      return;
    case "stop-cont":
      process.kill(run.harness, "SIGSTOP");
      await new Promise((resolve) => setTimeout(resolve, stopMs));
      process.kill(run.harness, "SIGCONT");
  }
}

/** Whether an exit matches the expected end; the description says what happened instead. */
export function endedAsExpected(kind: KillCase, end: { code: number | null; signal: NodeJS.Signals | null }): boolean {
  const expected = EXPECTED_END[kind];
  return "code" in expected ? end.code === expected.code : end.signal === expected.signal;
}
