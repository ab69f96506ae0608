import type { Report } from "./report.js";
import { escapeXml, shownOrigin, truncate } from "./escape.js";
import { formatOutcome } from "../probes/outcome.js";
import { cutOffSummary } from "./cut-off-section.js";
import { explainVerdict } from "../conformance/format-failure.js";

/** One testcase per actor × category × transport; failures carry the counterexample. */
export function renderJunit(report: Report): string {
  const suites: string[] = [];
  for (const subject of report.subjects) {
    const cases: string[] = [];
    let failures = 0;
    for (const [category, row] of Object.entries(subject.matrix)) {
      for (const transport of subject.transports) {
        const cell = row[transport];
        if (cell === undefined) continue;
        const name = `${category} transport (${transport})`;
        const found = subject.failures.filter((failure) => (failure.category === category || failure.property === category) && failure.transport === transport);
        // A cell fails on its count, whether or not a failure is listed for it.
        if (found.length === 0 && cell.failed === 0) {
          cases.push(`    <testcase classname="${escapeXml(subject.actor)}" name="${escapeXml(name)}"/>`);
          continue;
        }
        failures++;
        const first = found[0];
        const body = found
          .slice(0, 20)
          .map((failure) => `${shownOrigin(failure.header)}: expected ${failure.expected}, observed ${truncate(formatOutcome(failure.outcome), 400)}\n  replay: ${failure.replay}`)
          .join("\n");
        cases.push(
          `    <testcase classname="${escapeXml(subject.actor)}" name="${escapeXml(name)}">\n      <failure message="${escapeXml(`${cell.failed} of ${cell.run} failed${first ? `; e.g. ${shownOrigin(first.header)}: ${truncate(first.problem, 400)}` : ""}`)}">${escapeXml(body)}</failure>\n    </testcase>`,
        );
      }
    }
    if (subject.cutOff) {
      failures++;
      cases.push(`    <testcase classname="${escapeXml(subject.actor)}" name="the run completed">\n      <failure message="${escapeXml(cutOffSummary(subject.cutOff))}"/>\n    </testcase>`);
    }
    // The verdict, derived from every observation of the run: it fails whatever the cells show.
    if (subject.verdict === "conformant") cases.push(`    <testcase classname="${escapeXml(subject.actor)}" name="verdict"/>`);
    else {
      failures++;
      cases.push(
        `    <testcase classname="${escapeXml(subject.actor)}" name="verdict">\n      <failure message="${escapeXml(`verdict: ${subject.verdict}`)}">${escapeXml(truncate(explainVerdict(subject), 20_000))}</failure>\n    </testcase>`,
      );
    }
    suites.push(
      `  <testsuite name="origin conformance: ${escapeXml(subject.actor)}" tests="${cases.length}" failures="${failures}" time="${(subject.durationMs / 1000).toFixed(3)}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  for (const actor of report.subjectsNotRun ?? []) {
    suites.push(
      `  <testsuite name="origin conformance: ${escapeXml(actor)}" tests="1" failures="1" time="0">\n    <testcase classname="${escapeXml(actor)}" name="the run completed">\n      <failure message="not run: the run was cut off before this subject"/>\n    </testcase>\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rivet-origin-conformance">\n${suites.join("\n")}\n</testsuites>\n`;
}
