/**
 * The suite's proof that it can fail: the bank of known-bad guards, each run
 * until its first confirmed, shrunk counterexample. A guard counts as caught
 * only by a failure in a category and over a transport its bug metadata names;
 * an incidental catch elsewhere does not count.
 */
import type { KnownBadGuard } from "../../reference-actors/types.js";
import { describeHeader } from "../origin/header.js";
import type { HostedRegistry } from "../registry/host.js";
import type { MutationScore } from "../reports/report.js";
import type { ConformanceResult, Failure, Verdict } from "./result.js";
import { runConformance } from "./run.js";

export interface MutantRun {
  readonly seed: number;
  readonly verdict: Verdict;
  /** The first failure that matches the guard's documented bug, if any. */
  readonly matching: Failure | undefined;
  /** What was found, for the message when nothing matched. */
  readonly found: readonly string[];
  readonly ms: number;
}

/** The run options the meta-suite and `--mutants` share: enough to catch every guard in the bank, stopped at the first catch. */
export const MUTANT_RUN = { runs: 100, historySequences: 8, stopAtFirstFailure: true, shrinkBudgetMs: 5_000, screenFirst: true } as const;

export async function runMutant(hosted: HostedRegistry, guard: KnownBadGuard, seed: number): Promise<MutantRun> {
  const startedAt = Date.now();
  const result = await runConformance({ hosted, actor: guard.id, policy: guard.policy, seed, ...MUTANT_RUN });
  return mutantRunOf(guard, seed, result, Date.now() - startedAt);
}

/** A finished run of a known-bad guard read as a mutant run: caught only by a failure its bug metadata names. */
export function mutantRunOf(guard: KnownBadGuard, seed: number, result: Pick<ConformanceResult, "verdict" | "failures">, ms: number): MutantRun {
  const matching = result.failures.find(
    (failure) => guard.bug.expectedCategories.includes(failure.category) && (guard.bug.transports as readonly string[]).includes(failure.transport),
  );
  const found = result.failures.slice(0, 8).map((failure) => `${failure.category}/${failure.transport} ${describeHeader(failure.header)}`);
  return { seed, verdict: result.verdict, matching, found, ms };
}

/** Caught under every seed: `runs` must hold one run per seed. */
export function killedUnderEverySeed(runs: readonly MutantRun[], seeds: readonly number[]): boolean {
  return runs.length === seeds.length && runs.every((run) => run.matching !== undefined);
}

export function mutationScore(guards: readonly KnownBadGuard[], runsOf: (id: string) => readonly MutantRun[], seeds: readonly number[]): MutationScore {
  const rows = guards.map((guard) => {
    const runs = runsOf(guard.id);
    const first = runs.find((run) => run.matching)?.matching;
    return {
      id: guard.id,
      bugClass: guard.bug.bugClass,
      killed: killedUnderEverySeed(runs, seeds),
      caughtBy: first ? `${first.category} over ${first.transport}: ${describeHeader(first.header)}` : undefined,
    };
  });
  return { killed: rows.filter((row) => row.killed).length, total: guards.length, guards: rows };
}

/** One line per guard, with the median time to its first matching counterexample. */
export function formatMutationScore(score: MutationScore, runsOf: (id: string) => readonly MutantRun[], seeds: readonly number[]): string {
  const lines = [`mutation score: ${score.killed}/${score.total} known-bad guards caught under every seed (${seeds.join(", ")})`];
  for (const row of score.guards) {
    const times = runsOf(row.id).map((run) => run.ms).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    lines.push(`  ${row.killed ? "killed  " : "SURVIVED"} ${row.id.padEnd(30)} ${row.bugClass.padEnd(45)} ${(row.caughtBy ?? "-").slice(0, 80)} (median ${median} ms)`);
  }
  return lines.join("\n");
}
