/**
 * The committed tier mapping (suites/tiers.json) is what vitest runs: every
 * test file vitest lists is in exactly one tier, the one the mapping says;
 * no file is missing from the mapping, and no mapped file is stale.
 */
import { describe, expect, test } from "vitest";
import { committedTiers, listedFiles, tierMismatches } from "../tier-mapping.js";

describe("tier mapping", () => {
  test("suites/tiers.json matches `vitest list`", { timeout: 90_000 }, () => {
    const listing = listedFiles();
    expect(listing.length).toBeGreaterThan(40);
    expect(tierMismatches(committedTiers(), listing)).toEqual([]);
  });

  test("the fast tier holds the unit tests and the engine-backed essentials", () => {
    const { fast = [], slow = [] } = committedTiers();
    for (const essential of ["suites/meta/known-bad-guards.test.ts", "suites/meta/correct-references.test.ts", "suites/calibration/what-the-guard-sees.test.ts", "suites/cli/bad-input.test.ts"]) expect(fast).toContain(essential);
    expect(slow.filter((file) => file.startsWith("suites/unit/"))).toEqual([]);
  });

  test("names each kind of disagreement", () => {
    const mapping = { fast: ["a.test.ts", "b.test.ts", "stale.test.ts"], slow: ["b.test.ts", "c.test.ts"] };
    const listing = [
      { file: "a.test.ts", projectName: "fast" },
      { file: "b.test.ts", projectName: "fast" },
      { file: "c.test.ts", projectName: "fast" },
      { file: "c.test.ts", projectName: "slow" },
      { file: "new.test.ts", projectName: "slow" },
    ];
    expect(tierMismatches(mapping, listing)).toEqual([
      "b.test.ts: mapped to fast and to slow",
      "c.test.ts: run by 2 projects (fast, slow)",
      "new.test.ts: not in suites/tiers.json (vitest runs it in slow)",
      "stale.test.ts: in suites/tiers.json, but vitest runs no such file",
    ]);
    expect(tierMismatches({ fast: ["a.test.ts"] }, [{ file: "a.test.ts", projectName: "slow" }])).toEqual(["a.test.ts: mapped to fast, but vitest runs it in slow"]);
  });
});
