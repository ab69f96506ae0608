/**
 * The engine dies with whoever owns it. Each way the harness's own processes
 * can die mid-run (tools/soak/kill-cases.ts): SIGKILL of the engine, of its
 * supervisor, of the harness, of the run's whole process group, and SIGSTOP of
 * the harness for 30 s then SIGCONT. Where the harness survives, the run exits
 * 3 (infrastructure: it could not vouch for what it saw); in every case no
 * engine process and no temp dir of the run is left.
 *
 * Before the fix (commit 6f5143e): SIGKILL of the supervisor left the engine
 * running as an orphan; SIGKILL of the process group left the engine's temp
 * dir; SIGSTOP/SIGCONT gave exit 1 (the timeouts counted as the guard's).
 */
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import type { Report } from "../../harness/reports/report.js";
import { EXPECTED_END, endedAsExpected, inflict, KILL_CASE_TITLES, KILL_CASES, type RunProcesses, runProcesses } from "../../tools/soak/kill-cases.js";
import { type CliChild, DOCS_FLAGS, eventually, harnessLeftovers, isAlive, leftoverProcesses, readJson, spawnCli } from "./support.js";

const runs: CliChild[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.cleanup();
});

/** How long the supervisor may take to stop the engine (SIGTERM, 5 s grace, SIGKILL) and remove its dir. */
const CLEANUP_BOUND_MS = 12_000;

describe.each(KILL_CASES)("fault (owner death) › case (%s)", (kind) => {
  const expected = EXPECTED_END[kind];
  const ending = "code" in expected ? `exit ${expected.code}` : "the harness is killed";
  test(`${KILL_CASE_TITLES[kind]}: ${ending}; no engine process and no temp dir left`, { timeout: 180_000 }, async () => {
    // Its own process group (detached), so that kill -9 -PGID reaches the run and not this test.
    const run = spawnCli(["check", "reference-actors/registry.ts", "--actor", "seed-allowlist", ...DOCS_FLAGS, "--transport", "http-action,websocket-connect", "--runs", "20", "--seed", "11", "--screen", "0"], { detached: true });
    runs.push(run);
    let processes: RunProcesses | undefined;
    await eventually(() => (processes = runProcesses(run.pid)) !== undefined, 30_000);
    expect(processes, `supervisor and engine under the CLI:\n${run.stderr()}`).toBeDefined();
    await run.waitFor(/seed-allowlist corpus: /, 45_000);
    const dataDirs = harnessLeftovers(run.tmp);
    expect(dataDirs.length, "the engine's temp dir exists while it runs").toBeGreaterThan(0);

    await inflict(kind, processes!);
    const end = await run.exited;
    expect(endedAsExpected(kind, end), `ended with code ${end.code}, signal ${end.signal}:\n${run.stderr().slice(-3_000)}`).toBe(true);

    expect(await eventually(() => !isAlive(processes!.engine), CLEANUP_BOUND_MS), "the engine process is gone").toBe(true);
    expect(await leftoverProcesses(run.mark, CLEANUP_BOUND_MS), "no process of the run is left").toBe("");
    expect(await eventually(() => harnessLeftovers(run.tmp).length === 0, CLEANUP_BOUND_MS), `temp dirs left: ${harnessLeftovers(run.tmp).join(", ")}`).toBe(true);

    if ("code" in expected) {
      const report = readJson<Report>(join(run.work, "reports", "report.json"));
      expect(report.verdict).toBe("infrastructure-failure");
      expect(run.stderr()).toMatch(/verdict: infrastructure-failure/);
    }
    if (kind === "supervisor") expect(run.stderr()).toMatch(/the engine died: supervisor exited \(code null, signal SIGKILL\)/);
    if (kind === "stop-cont") {
      const [subject] = readJson<Report>(join(run.work, "reports", "report.json")).subjects;
      expect(subject!.cutOff?.reason, "the run is cut off because the harness was stopped").toMatch(/the harness was suspended for \d+\.\d s/);
      expect(subject!.failures.filter((failure) => failure.outcome.kind === "timeout"), "no timeout is blamed on the guard").toEqual([]);
    }
  });
});
