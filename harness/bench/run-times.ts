/**
 * Wall times of the commands a user runs, measured as a user runs them (a child
 * process each, engine start included), for `pnpm bench`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { anyOrigin } from "../generators/catalog.js";
import { parsePolicy } from "../policy/policy.js";
import { transportsFor } from "../transports/index.js";
import { actorRoutes } from "../registry/routes.js";
import { guardsFor, screenHeaders } from "../screening/screening-phase.js";
import type { ReferenceActor } from "../../reference-actors/types.js";

export interface TimedRun {
  readonly ms: number;
  readonly exitCode: number | null;
  /** The command's last stdout/stderr line matching `summary` (by default its last line), to show what it printed. */
  readonly lastLine: string;
}

/** Runs `command` once, bounded; output is kept only for its last line. */
export function timeCommand(command: string, args: readonly string[], boundMs: number, summary = /./): Promise<TimedRun> {
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } });
    let tail = "";
    const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-20_000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    // SIGINT, so the harness stops its engine as on Ctrl-C.
    const timer = setTimeout(() => child.kill("SIGINT"), boundMs);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      const lines = tail.trim().split("\n").filter((line) => summary.test(line));
      resolve({ ms: Math.round(performance.now() - startedAt), exitCode, lastLine: lines[lines.length - 1] ?? "" });
    });
  });
}

/** `pnpm conformance check` on the seed guard, with the CLI's defaults, into a throw-away report dir. */
export async function timeSeedGuardCheck(boundMs: number): Promise<TimedRun> {
  const reportDir = mkdtempSync(join(tmpdir(), "origin-conformance-bench-"));
  try {
    const allow = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"].flatMap((origin) => ["--allow", origin]);
    return await timeCommand("node_modules/.bin/tsx", ["harness/cli/main.ts", "check", "reference-actors/registry.ts", "--actor", "seed-allowlist", ...allow, "--report-dir", reportDir, "--corpus", join(reportDir, "corpus.json")], boundMs);
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

/** The mutant meta-suite (every known-bad guard under three seeds), as `pnpm test` runs it. */
export function timeMutantMetaSuite(boundMs: number): Promise<TimedRun> {
  return timeCommand("node_modules/.bin/vitest", ["run", "suites/meta/known-bad-guards.test.ts"], boundMs, /mutation score:/);
}

/** In-process decisions per second (the oracle's judgement included) over `count` generated origins per transport. */
export async function screeningRate(reference: ReferenceActor, count: number): Promise<number> {
  const policy = parsePolicy(reference.policy);
  const guards = guardsFor(reference.definition, reference.id, transportsFor(actorRoutes(reference.definition)));
  if (typeof guards === "string") throw new Error(`${reference.id}: ${guards}`);
  const startedAt = performance.now();
  const samples = fc.sample(anyOrigin(policy), { seed: 1, numRuns: count });
  const screened = await screenHeaders(policy, guards, samples.map((sample) => sample.header));
  const decisions = [...screened.values()].reduce((sum, each) => sum + each.results.length, 0);
  return decisions / ((performance.now() - startedAt) / 1000);
}
