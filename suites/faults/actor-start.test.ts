/**
 * An actor whose constructor (createState) or onCreate throws never starts:
 * the gateway answers guard.actor_wake_retries_exceeded and the guard never
 * runs. The run stops at its preflight probe, in seconds, with exit 2 (a
 * problem of the module under test) and a message that says so, instead of
 * turning every probe into a slow `errored` (and stalling the engine's actor
 * creation for everyone). Each case runs the CLI, so each has an engine of its own.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { type CliChild, DOCS_FLAGS, harnessLeftovers, leftoverProcesses, spawnCli } from "./support.js";

const runs: CliChild[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.cleanup();
});

describe.each([
  ["onCreate", "create-throws"],
  ["createState", "state-throws"],
] as const)("fault (actor does not start) › throws in (%s) › via (cli)", (_hook, actor) => {
  test("exit 2 within seconds, naming the actor and the gateway's answer; no report, nothing left", { timeout: 90_000 }, async () => {
    const startedAt = Date.now();
    const run = spawnCli(["check", "suites/faults/fixtures/support-registry.ts", "--actor", actor, ...DOCS_FLAGS, "--runs", "5"]);
    runs.push(run);
    const { code } = await run.exited;
    expect(run.stderr()).toMatch(new RegExp(`the actor "${actor}" never started: the gateway answered guard\\.actor_[a-z_]+ over http-action`));
    expect(run.stderr()).toMatch(/createState, createVars or onCreate probably throws/);
    expect(code).toBe(2);
    // A bound, not a benchmark: far below a run that turns every probe into a timeout (minutes), with room for a loaded 2-core CI machine (32 s seen).
    expect(Date.now() - startedAt).toBeLessThan(50_000);
    expect(run.stderr()).not.toMatch(/^\s+at /m);
    expect(existsSync(join(run.work, "reports", "report.json"))).toBe(false);
    expect(await leftoverProcesses(run.mark)).toBe("");
    expect(harnessLeftovers(run.tmp)).toEqual([]);
  });
});

describe("fault (actor does not start) › hangs in (onCreate) › via (cli)", () => {
  test("exit 3 within a bound: the ramp does not wait on it, the preflight names the hanging hook and the engine's view; nothing left", { timeout: 120_000 }, async () => {
    const startedAt = Date.now();
    // The CLI's default ramp runs first and must not wait on an actor that never answers.
    // No knee cache (one that cannot be read or written): the ramp itself must run.
    const run = spawnCli(["check", "suites/faults/fixtures/support-registry.ts", "--actor", "create-hangs", ...DOCS_FLAGS, "--runs", "5", "--concurrency", "auto"], {
      env: { XDG_CACHE_HOME: "/dev/null/no-cache-here" },
    });
    runs.push(run);
    const { code } = await run.exited;
    expect(run.stderr()).toMatch(/concurrency: auto -> 16 \(not measured over http-action: the actor did not answer the ramp's first request/);
    expect(run.stderr()).toMatch(/no answer from the actor "create-hangs" over http-action .*the engine lists the instance as never started: its onCreate, createState or createVars never finishes/);
    expect(code, run.stderr()).toBe(3);
    // The ramp's first request (3 s) and two preflight probes (7 s each) with the engine's startup: far below the 150 s the unbounded ramp took.
    expect(Date.now() - startedAt).toBeLessThan(60_000);
    expect(run.stderr()).not.toMatch(/^\s+at /m);
    expect(await leftoverProcesses(run.mark)).toBe("");
    expect(harnessLeftovers(run.tmp)).toEqual([]);
  });
});
