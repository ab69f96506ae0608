/**
 * Leftovers of a run that could not clean up: the harness and its supervisor
 * killed together (as when the machine dies) leave the engine running and its
 * temp dir behind. The next run names them; `origin-conformance clean` removes
 * them, and never touches a process that is not ours: neither one that only
 * looks like an engine, nor one with the marker of a run that is still alive.
 * Before the fix (commit 6f5143e) there was no marker, the next run said
 * nothing, and there was no clean command.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { currentOwner, ownerEnvironment } from "../../harness/engine/ownership.js";
import { type RunProcesses, runProcesses } from "../../tools/soak/kill-cases.js";
import { type CliChild, DOCS_FLAGS, eventually, harnessLeftovers, isAlive, killQuietly, spawnCli } from "./support.js";

const sharedTmp = mkdtempSync(join(tmpdir(), "origin-conformance-faulttest-leftovers-"));
const runs: CliChild[] = [];
const decoys: ChildProcess[] = [];
let orphan: number | undefined;
afterEach(async () => {
  for (const run of runs.splice(0)) await run.cleanup();
  for (const decoy of decoys.splice(0)) decoy.kill("SIGKILL");
  if (orphan !== undefined) killQuietly(orphan);
});
afterAll(() => rmSync(sharedTmp, { recursive: true, force: true }));

/** A process whose command line says rivet-engine, with the given environment: not an engine of ours. */
function decoy(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"], { argv0: "rivet-engine", env: { ...process.env, ...env }, stdio: "ignore" });
  decoys.push(child);
  return child;
}

describe("fault (harness and supervisor killed together) › then (the next run, and clean)", () => {
  test("the next run names the orphaned engine and its dir; clean removes exactly those", { timeout: 120_000 }, async () => {
    const crashed = spawnCli(["check", "reference-actors/registry.ts", "--actor", "seed-allowlist", ...DOCS_FLAGS, "--transport", "http-action", "--runs", "5", "--screen", "0"], { detached: true, sharedTmp });
    runs.push(crashed);
    let processes: RunProcesses | undefined;
    await eventually(() => (processes = runProcesses(crashed.pid)) !== undefined, 30_000);
    expect(processes, crashed.stderr()).toBeDefined();
    await crashed.waitFor(/seed-allowlist corpus: /, 45_000);
    // Both at once (stopped first, so neither can react to the other's death): nobody is left to stop the engine or remove its dir.
    for (const pid of [processes!.supervisor, processes!.harness]) process.kill(pid, "SIGSTOP");
    for (const pid of [processes!.supervisor, processes!.harness]) process.kill(pid, "SIGKILL");
    orphan = processes!.engine;
    await crashed.exited;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(isAlive(processes!.engine), "the engine is orphaned, still running").toBe(true);
    const [dataDir] = harnessLeftovers(sharedTmp).filter((name) => name.startsWith("origin-conformance-engine-"));
    expect(dataDir, "its temp dir is left").toBeDefined();

    // Not ours: one that only looks like an engine, and one with the marker of a live run (this test process).
    const lookalike = decoy({});
    const liveDir = join(sharedTmp, "origin-conformance-engine-live");
    mkdirSync(liveDir);
    const liveRun = decoy(ownerEnvironment(liveDir, currentOwner()));
    expect(liveRun.pid).toBeGreaterThan(0);

    // The next run names them before it starts its engine (which fails here at once: no binary).
    const next = spawnCli(["check", "reference-actors/registry.ts", "--actor", "seed-allowlist", ...DOCS_FLAGS], { sharedTmp, env: { RIVET_ENGINE_BINARY: "/nonexistent/rivet-engine" } });
    runs.push(next);
    expect((await next.exited).code, next.stderr()).toBe(3);
    expect(next.stderr()).toMatch(/left behind by an earlier run that could not clean up/);
    expect(next.stderr()).toContain(`engine pid ${processes!.engine} (data dir ${join(sharedTmp, dataDir!)})`);
    expect(next.stderr()).toContain(`temp dir ${join(sharedTmp, dataDir!)}, its run is gone`);
    expect(next.stderr()).not.toContain(`pid ${lookalike.pid}`);
    expect(next.stderr()).not.toContain(`pid ${liveRun.pid}`);

    const clean = spawnCli(["clean"], { sharedTmp, bare: true });
    runs.push(clean);
    expect((await clean.exited).code, clean.stderr()).toBe(0);
    expect(clean.stdout()).toContain(`stopped engine pid ${processes!.engine}`);
    expect(clean.stdout()).toContain(`removed ${join(sharedTmp, dataDir!)}`);
    expect(await eventually(() => !isAlive(processes!.engine), 5_000), "the orphaned engine is gone").toBe(true);
    expect(existsSync(join(sharedTmp, dataDir!)), "its dir is gone").toBe(false);
    expect(isAlive(lookalike.pid!), "the look-alike is untouched").toBe(true);
    expect(isAlive(liveRun.pid!), "the live run's process is untouched").toBe(true);
    expect(existsSync(liveDir), "an unmarked dir is left alone").toBe(true);
    expect(clean.stdout()).toContain(`left alone: ${liveDir}`);
  });
});
