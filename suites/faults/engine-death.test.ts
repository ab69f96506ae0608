/**
 * The engine is killed (SIGKILL) in the middle of a run: the run ends within a
 * bounded time, as an infrastructure failure (exit 3), never "conformant"; the
 * report says which probes were cut off; no engine process and no temp dir is left.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import type { ConformanceResult } from "../../harness/conformance/result.js";
import { readReport } from "../../harness/reports/diff.js";
import type { Report } from "../../harness/reports/report.js";
import { type CliChild, DOCS_FLAGS, eventually, harnessLeftovers, isAlive, leftoverProcesses, readJson, spawnCli, waitForEngine } from "./support.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** How long after the SIGKILL the run may take to end (detection, cut-off, partial report, supervisor). */
const END_BOUND_MS = 15_000;

function expectCutOffByDeath(result: Pick<ConformanceResult, "verdict" | "cutOff" | "engineDied">, phase: string) {
  expect(result.verdict).toBe("infrastructure-failure");
  expect(result.cutOff, "the result says the run was cut off").toBeDefined();
  expect(result.cutOff!.reason).toMatch(/the engine died: engine exited: .*SIGKILL/);
  expect(result.cutOff!.phase).toBe(phase);
  expect(result.engineDied).toMatch(/SIGKILL/);
}

describe("fault (engine-sigkill) › via (cli) › at (corpus)", () => {
  let run: CliChild;

  test("exit 3 within the bound; the incomplete report lists the probes cut off; engine, supervisor and temp dir gone", { timeout: 90_000 }, async () => {
    run = spawnCli(["check", "reference-actors/registry.ts", "--actor", "seed-allowlist", ...DOCS_FLAGS, "--transport", "http-action,websocket-connect", "--runs", "20", "--seed", "7"]);
    cleanups.push(() => run.cleanup());
    const engine = await waitForEngine(run.pid, 30_000);
    await run.waitFor(/seed-allowlist corpus: /, 45_000);
    expect(existsSync(engine.dataDir)).toBe(true);
    const killedAt = Date.now();
    process.kill(engine.pid, "SIGKILL");
    const { code, at } = await run.exited;
    expect(code, run.stderr()).toBe(3);
    expect(at - killedAt).toBeLessThan(END_BOUND_MS);
    expect(run.stderr()).toMatch(/INCOMPLETE, cut off during corpus: the engine died/);
    expect(run.stderr()).toMatch(/verdict: infrastructure-failure/);

    const reportDir = join(run.work, "reports");
    const report = readJson<Report>(join(reportDir, "report.json"));
    expect(report.complete).toBe(false);
    expect(report.verdict).toBe("infrastructure-failure");
    const [subject] = report.subjects;
    expectCutOffByDeath(subject!, "corpus");
    expect(subject!.cutOff!.phasesNotRun).toEqual(["random", "headers", "history", "side-effects", "screening", "corpus-rest"]);
    expect(subject!.cutOff!.sent + subject!.cutOff!.notSent).toBeGreaterThan(0);
    expect(subject!.cutOff!.probes.length).toBe(Math.min(100, subject!.cutOff!.sent + subject!.cutOff!.notSent));
    for (const probe of subject!.cutOff!.probes) expect(["http-action", "websocket-connect"]).toContain(probe.transport);
    expect(() => readReport(join(reportDir, "report.json")), "the baseline schema accepts a cut-off report").not.toThrow();
    const markdown = readFileSync(join(reportDir, "report.md"), "utf8");
    expect(markdown).toMatch(/incomplete run/);
    expect(markdown).toMatch(/### seed\\-allowlist: incomplete/);
    expect(markdown).toMatch(/\| (sent|not-sent) \| corpus \| (http-action|websocket-connect) \|/);
    const html = readFileSync(join(reportDir, "report.html"), "utf8");
    expect(html).toMatch(/<b>Incomplete:<\/b> cut off during corpus: the engine died/);
    expect(html).toMatch(/probes cut off \(\d+\)/);
    expect(readFileSync(join(reportDir, "junit.xml"), "utf8")).toMatch(/name="the run completed">\s*<failure message="cut off during corpus/);

    expect(await eventually(() => !isAlive(engine.pid) && !existsSync(engine.dataDir), 10_000)).toBe(true);
    expect(await leftoverProcesses(run.mark)).toBe("");
    expect(harnessLeftovers(run.tmp)).toEqual([]);
  });
});

describe.each(["corpus", "random", "history"] as const)("fault (engine-sigkill) › via (runConformance) › at (%s)", (phase) => {
  test("returns at once as an infrastructure failure, cut off in that phase; engine and dir gone", { timeout: 90_000 }, async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "fixtures/kill-engine-at.ts"), phase], { stdio: ["ignore", "pipe", "pipe"] });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, stderr).toBe(0);
    const run = JSON.parse(stdout) as Pick<ConformanceResult, "verdict" | "cutOff" | "engineDied"> & { killedAt: number; returnedAt: number; enginePid: number; dataDir: string };
    expect(run.killedAt, `the run reached the ${phase} phase`).toBeGreaterThan(0);
    expect(run.returnedAt - run.killedAt).toBeLessThan(5_000);
    expectCutOffByDeath(run, phase);
    const order = ["corpus", "random", "headers", "history", "side-effects", "screening", "corpus-rest"];
    expect(run.cutOff!.phasesNotRun).toEqual(order.slice(order.indexOf(phase) + 1));
    expect(isAlive(run.enginePid)).toBe(false);
    expect(existsSync(run.dataDir)).toBe(false);
  });
});
