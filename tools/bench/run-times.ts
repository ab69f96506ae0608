/**
 * Wall times of the commands a user and a developer run, measured as they run
 * them (a child process each, engine start included), for `pnpm bench`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { anyOrigin } from "../../harness/generators/catalog.js";
import { parsePolicy } from "../../harness/policy/policy.js";
import { transportsFor } from "../../harness/transports/index.js";
import { actorRoutes } from "../../harness/registry/routes.js";
import { guardsFor, screenHeaders } from "../../harness/screening/screening-phase.js";
import type { ReferenceActor } from "../../reference-actors/types.js";
import type { Profile } from "../../harness/conformance/run.js";

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

/** The check of one actor as a user runs it: `pnpm conformance check` on the seed guard at `profile`, its own engine started and stopped, into a throw-away report dir. */
export async function timeProfileCheck(profile: Profile, boundMs: number): Promise<TimedRun> {
  const reportDir = mkdtempSync(join(tmpdir(), "origin-conformance-bench-"));
  try {
    return await timeCommand("node_modules/.bin/tsx", ["harness/cli/main.ts", ...PROFILE_CHECK_ARGS, "--profile", profile, "--report-dir", reportDir, "--corpus", join(reportDir, "corpus.json")], boundMs, /verdict:/);
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

export const PROFILE_CHECK_ARGS = ["check", "reference-actors/registry.ts", "--actor", "seed-allowlist", ...["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"].flatMap((origin) => ["--allow", origin])] as const;

/** A package script (`pnpm test`, `pnpm test:full`) as a developer runs it; the summary is vitest's "Tests" line. */
export function timeScript(script: string, boundMs: number): Promise<TimedRun> {
  return timeCommand("pnpm", [script], boundMs, /^\s*Tests\s/);
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
