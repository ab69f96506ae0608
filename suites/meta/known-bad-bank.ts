/**
 * The suite's own proof, part 2: every known-bad guard is caught, under the
 * given seeds, in a category and over a transport its header names. Each run
 * stops at its first confirmed, shrunk counterexample; the corpus cases the
 * in-process tier predicts to fail are probed first (harness/screening), but
 * what counts is only what the wire showed. Prints the mutation score and
 * writes it to reports/latest/`scoreFile`.
 *
 * The bank runs under three seeds in all: seed 1 in the fast tier
 * (known-bad-guards.test.ts), seeds 2 and 3 in the slow one
 * (known-bad-guards-more-seeds.test.ts); suites/tiers.json.
 */
import { afterAll, describe, test } from "vitest";
import { formatMutationScore, type MutantRun, mutationScore, runMutant } from "../../harness/conformance/mutation-score.js";
import type { Report } from "../../harness/reports/report.js";
import { writeReports } from "../../harness/reports/write.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { KNOWN_BAD_GUARDS } from "../../reference-actors/known-bad/index.js";
import { registry } from "../../reference-actors/registry.js";

export function describeKnownBadBank(seeds: readonly number[], scoreFile: string): void {
  const hosted = useHostedRegistry(registry);
  const runs = new Map<string, MutantRun[]>();
  const runsOf = (id: string) => runs.get(id) ?? [];

  // Side by side (vitest's maxConcurrency at a time): each run has instances of its own, and most of a run's time is waiting on the engine.
  const cases = KNOWN_BAD_GUARDS.flatMap((guard) => seeds.map((seed) => ({ guard, seed, id: guard.id, bugClass: guard.bug.bugClass })));
  describe("known-bad bank", () => {
    test.concurrent.for(cases)("known-bad guard ($id): $bugClass, caught under seed $seed", { timeout: 120_000 }, async ({ guard, seed }, { expect }) => {
      const run = await runMutant(hosted(), guard, seed);
      runs.set(guard.id, [...runsOf(guard.id), run]);
      expect(run.verdict).toBe("not-conformant");
      expect(run.matching, `expected a failure in ${guard.bug.expectedCategories.join("|")} over ${guard.bug.transports.join("|")}; found: ${run.found.join("; ")}`).toBeDefined();
    });
  });

  afterAll(() => {
    const score = mutationScore(KNOWN_BAD_GUARDS, runsOf, seeds);
    console.log(formatMutationScore(score, runsOf, seeds));
    writeReports({ mutationScore: score } as Report, "reports/latest", { [scoreFile]: (report) => `${JSON.stringify(report.mutationScore, null, 2)}\n` });
  });
}
