/**
 * Two runs at the same time on one machine (two CI jobs sharing /tmp): each
 * spawns its own engine on its own ports with its own data dir, neither sees
 * the other's actors or state, both give the verdict their subject deserves,
 * and together they leave nothing behind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import type { Report } from "../../harness/reports/report.js";
import { type CliChild, DOCS_FLAGS, harnessLeftovers, isAlive, leftoverProcesses, readJson, spawnCli, waitForEngine } from "./support.js";

const sharedTmp = mkdtempSync(join(tmpdir(), "origin-conformance-faulttest-shared-"));
afterAll(() => rmSync(sharedTmp, { recursive: true, force: true }));
const runs: CliChild[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.cleanup();
});

describe("fault (two runs at once) › sharing (one machine, one TMPDIR) › via (cli)", () => {
  test("separate ports, dirs and state; a conformant guard and a known-bad one each get their own correct verdict", { timeout: 240_000 }, async () => {
    const narrow = ["--runs", "5", "--seed", "3", "--transport", "http-action"];
    const correct = spawnCli(["--actor", "seed-allowlist", ...narrow], { sharedTmp });
    const knownBad = spawnCli(["check", "reference-actors/registry.ts", "--actor", "prefix-match", ...DOCS_FLAGS, ...narrow], { sharedTmp });
    runs.push(correct, knownBad);
    const [engineA, engineB] = await Promise.all([waitForEngine(correct.pid, 30_000), waitForEngine(knownBad.pid, 30_000)]);
    // Both engines are up at the same time.
    expect(isAlive(engineA.pid) && isAlive(engineB.pid)).toBe(true);
    expect(engineA.pid).not.toBe(engineB.pid);
    expect(engineA.dataDir).not.toBe(engineB.dataDir);
    expect(engineA.dataDir.startsWith(sharedTmp) && engineB.dataDir.startsWith(sharedTmp)).toBe(true);
    expect(new Set([...engineA.ports, ...engineB.ports]).size).toBe(6);
    for (const port of [...engineA.ports, ...engineB.ports]) expect([6420, 6421, 6430]).not.toContain(port);

    const [exitA, exitB] = await Promise.all([correct.exited, knownBad.exited]);
    expect(exitA.code, correct.stderr()).toBe(0);
    expect(exitB.code, knownBad.stderr()).toBe(1);
    const reportA = readJson<Report>(join(correct.work, "reports", "report.json"));
    const reportB = readJson<Report>(join(knownBad.work, "reports", "report.json"));
    expect(reportA).toMatchObject({ verdict: "conformant", complete: true });
    expect(reportB).toMatchObject({ verdict: "not-conformant", complete: true });
    expect(reportA.engine.endpoint).toBe(`http://127.0.0.1:${engineA.ports[0]}`);
    expect(reportB.engine.endpoint).toBe(`http://127.0.0.1:${engineB.ports[0]}`);
    expect(reportA.subjects[0]!.failures).toEqual([]);
    expect(reportA.subjects[0]!.undecided + reportB.subjects[0]!.undecided).toBe(0);
    expect(reportB.subjects[0]!.failures.some((failure) => failure.category === "lookalike-domains" || failure.category === "path-suffixes")).toBe(true);

    expect(await leftoverProcesses(correct.mark)).toBe("");
    expect(await leftoverProcesses(knownBad.mark)).toBe("");
    expect(isAlive(engineA.pid) || isAlive(engineB.pid)).toBe(false);
    expect(harnessLeftovers(sharedTmp)).toEqual([]);
  });
});
