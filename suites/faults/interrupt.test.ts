/**
 * Ctrl-C (SIGINT to the whole process group, as a terminal sends it), SIGINT
 * and SIGTERM during a run: the run stops within a bound, writes a partial
 * report marked incomplete that lists the probes cut off, exits non-zero
 * (128 + the signal), and leaves no engine and no temp dir.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import type { Report } from "../../harness/reports/report.js";
import { type CliChild, eventually, harnessLeftovers, isAlive, leftoverProcesses, readJson, spawnCli, waitForEngine } from "./support.js";

const runs: CliChild[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.cleanup();
});

const STOP_BOUND_MS = 15_000;

describe.each([
  ["SIGINT", "the CLI process", 130],
  ["SIGTERM", "the CLI process", 143],
  ["SIGINT", "its process group: Ctrl-C", 130],
] as const)("fault (interrupt) › signal (%s) › sent to (%s)", (signal, target, exitCode) => {
  test(`exit ${exitCode} within the bound; an incomplete report lists the probes cut off; engine and temp dir gone`, { timeout: 90_000 }, async () => {
    const group = target.startsWith("its process group");
    // The reference run, narrowed to one actor.
    const run = spawnCli(["--actor", "seed-allowlist", "--runs", "20", "--seed", "5", "--transport", "http-action,websocket-connect"], { detached: group });
    runs.push(run);
    const engine = await waitForEngine(run.pid, 30_000);
    await run.waitFor(/seed-allowlist corpus: /, 45_000);
    const sentAt = Date.now();
    process.kill(group ? -run.pid : run.pid, signal);
    const { code, at } = await run.exited;
    expect(code, run.stderr()).toBe(exitCode);
    expect(at - sentAt).toBeLessThan(STOP_BOUND_MS);
    expect(run.stderr()).toContain(`${signal}: stopping; the partial report is marked incomplete`);
    expect(run.stderr()).toMatch(/partial report \(incomplete\) in /);

    const reportDir = join(run.work, "reports");
    const report = readJson<Report>(join(reportDir, "report.json"));
    expect(report.complete).toBe(false);
    expect(report.verdict).toBe("infrastructure-failure");
    const [subject] = report.subjects;
    expect(subject!.verdict).toBe("infrastructure-failure");
    // With Ctrl-C the engine gets the signal too, and may go first.
    expect(subject!.cutOff!.reason).toMatch(group ? new RegExp(`interrupted by ${signal}|the engine died`) : new RegExp(`^interrupted by ${signal}$`));
    expect(subject!.cutOff!.phase).toBe("corpus");
    expect(subject!.cutOff!.phasesNotRun).toEqual(["random", "headers", "history", "side-effects", "screening", "corpus-rest"]);
    expect(subject!.cutOff!.sent + subject!.cutOff!.notSent).toBeGreaterThan(0);
    expect(readFileSync(join(reportDir, "report.md"), "utf8")).toMatch(/Origin conformance: infrastructure-failure \(incomplete run\)[\s\S]*incomplete/);
    expect(readFileSync(join(reportDir, "report.html"), "utf8")).toMatch(/\(incomplete run\)[\s\S]*<b>Incomplete:<\/b> cut off during corpus/);
    expect(readFileSync(join(reportDir, "junit.xml"), "utf8")).toMatch(/name="the run completed"/);

    expect(await eventually(() => !isAlive(engine.pid) && !existsSync(engine.dataDir), 10_000)).toBe(true);
    expect(await leftoverProcesses(run.mark)).toBe("");
    expect(harnessLeftovers(run.tmp)).toEqual([]);
  });
});
