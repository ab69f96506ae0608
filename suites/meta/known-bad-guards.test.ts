/**
 * The suite's own proof, part 2: every known-bad guard is caught, under several
 * seeds, in a category and over a transport its header names. Each run stops
 * at its first confirmed, shrunk counterexample; the corpus cases the in-process
 * tier predicts to fail are probed first (harness/screening), but what counts
 * is only what the wire showed. Prints the mutation score.
 */
import { afterAll, describe, expect, test } from "vitest";
import { formatMutationScore, type MutantRun, mutationScore, runMutant } from "../../harness/conformance/mutation-score.js";
import type { Report } from "../../harness/reports/report.js";
import { writeReports } from "../../harness/reports/write.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { KNOWN_BAD_GUARDS } from "../../reference-actors/known-bad/index.js";
import { registry } from "../../reference-actors/registry.js";

const SEEDS = [1, 2, 3];
const hosted = useHostedRegistry(registry);
const runs = new Map<string, MutantRun[]>();
const runsOf = (id: string) => runs.get(id) ?? [];

describe.each(KNOWN_BAD_GUARDS.map((guard) => ({ ...guard })))("known-bad guard ($id): $bug.bugClass", (guard) => {
  test.each(SEEDS)("caught under seed %i", { timeout: 120_000 }, async (seed) => {
    const run = await runMutant(hosted(), guard, seed);
    runs.set(guard.id, [...runsOf(guard.id), run]);
    expect(run.verdict).toBe("not-conformant");
    expect(run.matching, `expected a failure in ${guard.bug.expectedCategories.join("|")} over ${guard.bug.transports.join("|")}; found: ${run.found.join("; ")}`).toBeDefined();
  });
});

afterAll(() => {
  const score = mutationScore(KNOWN_BAD_GUARDS, runsOf, SEEDS);
  console.log(formatMutationScore(score, runsOf, SEEDS));
  writeReports({ mutationScore: score } as Report, "reports/latest", { "mutation-score.json": (report) => `${JSON.stringify(report.mutationScore, null, 2)}\n` });
});
