/**
 * The suite's own proof, part 1: every correct reference guard passes every
 * category and property under its policy (no false positives), and the
 * in-process tier agrees with the wire on each one's corpus.
 *
 * Once per tier: the default profile in the fast tier (correct-references.test.ts:
 * a wire sample of the corpus, the tier deciding the rest only while it agrees
 * with every wire probe), the thorough profile in the slow one
 * (correct-references-thorough.test.ts: every corpus case over the wire, the
 * tier compared on all of them); suites/tiers.json.
 */
import { afterAll, describe, expect, test } from "vitest";
import type { Profile } from "../../harness/conformance/run.js";
import type { Report } from "../../harness/reports/report.js";
import { writeReports } from "../../harness/reports/write.js";
import { runConformance } from "../../harness/conformance/run.js";
import { formatFailure } from "../../harness/conformance/format-failure.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { CORRECT_ACTORS } from "../../reference-actors/correct/index.js";
import { registry } from "../../reference-actors/registry.js";

export function describeCorrectReferences(profile: Profile, reportFile: string): void {
  const hosted = useHostedRegistry(registry);
  const falsePositives: string[] = [];
  const checked: string[] = [];
  afterAll(() => {
    console.log(`false positives (${profile} profile): ${falsePositives.length} of ${checked.length} correct reference guards (${falsePositives.join(", ") || "none"})`);
    writeReports({} as Report, "reports/latest", {
      [reportFile]: () => `${JSON.stringify({ profile, falsePositives: falsePositives.length, checked, failing: falsePositives }, null, 2)}\n`,
    });
  });

  describe.each(CORRECT_ACTORS.map((reference) => ({ ...reference })))(`correct reference ($id), ${profile} profile`, (reference) => {
    test("passes every category and property over every transport it serves", { timeout: 240_000 }, async () => {
      const result = await runConformance({ hosted: hosted(), actor: reference.id, policy: reference.policy, seed: 20261129, profile, ...(profile === "default" ? { runs: 60, historySequences: 6 } : {}) });
      checked.push(reference.id);
      if (result.verdict !== "conformant") falsePositives.push(reference.id);
      expect(result.failures.slice(0, 5).map(formatFailure).join("\n\n")).toBe("");
      expect(result.verdict).toBe("conformant");
      // The header property ran over every transport it serves.
      for (const transport of result.transports) expect(result.matrix["only-origin-decides"]?.[transport]?.run, transport).toBeGreaterThan(0);
      const screening = result.screening!;
      if (profile === "default") {
        expect(result.probes).toBeGreaterThan(150);
        // Every corpus case was decided, by the wire or by a tier that agreed with every wire probe of the run.
        expect(result.tierCorpus?.fallback, result.tierCorpus?.fallback).toBeUndefined();
        expect(result.tierCorpus!.decidedInProcess + result.tierCorpus!.decidedOnWire).toBeGreaterThan(500);
        expect(screening.corpusCompared).toBeGreaterThan(100);
      } else {
        // Every corpus case over the wire, and the tier compared with each of them.
        expect(result.tierCorpus).toBeUndefined();
        expect(result.probes).toBeGreaterThan(500);
        expect(screening.corpusCompared).toBeGreaterThan(500);
      }
      // The in-process tier agreed with the wire on every corpus case it was compared on, screened, and the wire confirmed its sample.
      expect(screening, screening?.reason).toMatchObject({ status: "used", disagreements: [], oracleFailures: 0 });
      expect(screening.corpusAgreed).toBe(screening.corpusCompared);
      expect(screening.screened).toBeGreaterThan(0);
      expect(screening.confirmation.agreedWithTier).toBe(screening.confirmation.probes);
    });
  });
}
