/**
 * The suite's own proof, part 2: every known-bad guard is caught, under several
 * seeds, in a category and over a transport its header names. Each run stops
 * at its first confirmed, shrunk counterexample. Prints the mutation score.
 */
import { afterAll, describe, expect, test } from "vitest";
import { runConformance } from "../../harness/conformance/run.js";
import type { Failure } from "../../harness/conformance/result.js";
import { describeHeader } from "../../harness/origin/header.js";
import type { MutationScore, Report } from "../../harness/reports/report.js";
import { writeReports } from "../../harness/reports/write.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { KNOWN_BAD_GUARDS } from "../../reference-actors/known-bad/index.js";
import { registry } from "../../reference-actors/registry.js";

const SEEDS = [1, 2, 3];
const hosted = useHostedRegistry(registry);
const caught = new Map<string, { seed: number; failure: Failure | undefined; ms: number }[]>();

describe.each(KNOWN_BAD_GUARDS.map((guard) => ({ ...guard })))("known-bad guard ($id): $bug.bugClass", (guard) => {
  test.each(SEEDS)("caught under seed %i", { timeout: 120_000 }, async (seed) => {
    const startedAt = Date.now();
    const result = await runConformance({ hosted: hosted(), actor: guard.id, policy: guard.policy, seed, runs: 100, historySequences: 8, stopAtFirstFailure: true, shrinkBudgetMs: 5_000 });
    const matching = result.failures.find(
      (failure) => guard.bug.expectedCategories.includes(failure.category) && guard.bug.transports.includes(failure.transport as never),
    );
    caught.set(guard.id, [...(caught.get(guard.id) ?? []), { seed, failure: matching, ms: Date.now() - startedAt }]);
    expect(result.verdict).toBe("not-conformant");
    const found = result.failures.map((failure) => `${failure.category}/${failure.transport} ${describeHeader(failure.header)}`).slice(0, 8);
    expect(matching, `expected a failure in ${guard.bug.expectedCategories.join("|")} over ${guard.bug.transports.join("|")}; found: ${found.join("; ")}`).toBeDefined();
  });
});

afterAll(() => {
  const total = KNOWN_BAD_GUARDS.length;
  const killed = KNOWN_BAD_GUARDS.filter((guard) => (caught.get(guard.id) ?? []).length === SEEDS.length && caught.get(guard.id)!.every((run) => run.failure)).length;
  const lines = [`mutation score: ${killed}/${total} known-bad guards caught under every seed (${SEEDS.join(", ")})`];
  for (const guard of KNOWN_BAD_GUARDS) {
    const runs = caught.get(guard.id) ?? [];
    const first = runs.find((run) => run.failure)?.failure;
    const median = runs.map((run) => run.ms).sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? 0;
    lines.push(
      `  ${runs.every((run) => run.failure) && runs.length === SEEDS.length ? "killed " : "SURVIVED"} ${guard.id.padEnd(30)} ${guard.bug.bugClass.padEnd(45)} ${first ? `${first.category}/${first.transport} ${describeHeader(first.header).slice(0, 60)}` : "-"} (median ${median} ms)`,
    );
  }
  console.log(lines.join("\n"));
  const score: MutationScore = {
    killed,
    total,
    guards: KNOWN_BAD_GUARDS.map((guard) => {
      const runs = caught.get(guard.id) ?? [];
      const first = runs.find((run) => run.failure)?.failure;
      return {
        id: guard.id,
        bugClass: guard.bug.bugClass,
        killed: runs.length === SEEDS.length && runs.every((run) => run.failure),
        caughtBy: first ? `${first.category} over ${first.transport}: ${describeHeader(first.header)}` : undefined,
      };
    }),
  };
  writeReports({ mutationScore: score } as Report, "reports/latest", { "mutation-score.json": (report) => `${JSON.stringify(report.mutationScore, null, 2)}\n` });
});
