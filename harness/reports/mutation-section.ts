import { type Block, cell } from "./block.js";
import type { Report } from "./report.js";

/** The bank of known-bad guards: which were caught, and by what; a guard that survived is a failing testcase. */
export function mutationBlocks(report: Report): Block[] {
  const score = report.mutationScore;
  if (score === undefined) return [];
  return [
    {
      level: 2,
      title: `Mutation score: ${score.killed}/${score.total} known-bad guards caught${score.falsePositives === undefined ? "" : `; ${score.falsePositives} false positive(s)`}`,
      status: score.killed === score.total && !score.falsePositives ? "pass" : "fail",
      notes: [],
      columns: ["known-bad guard", "bug class", "caught by"],
      rows: score.guards.map((guard) => ({
        cells: [cell(guard.id), cell(guard.bugClass), cell(guard.caughtBy ?? "survived", { tone: guard.killed ? "pass" : "fail" })],
        check: { name: `known-bad guard ${guard.id} is caught`, passed: guard.killed, ...(guard.killed ? {} : { message: `${guard.id} (${guard.bugClass}) survived` }) },
      })),
      ...(score.falsePositives
        ? { checks: [{ name: "no false positives", passed: false, message: `${score.falsePositives} correct reference guard(s) reported as failing` }] }
        : {}),
    },
  ];
}
