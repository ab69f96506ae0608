import type { Verdict } from "../conformance/result.js";
import { type Block, cell } from "./block.js";
import { findingsCountLine, worstLine } from "./findings-section.js";
import { describeEngine, type Report } from "./report.js";

export const verdictStatus = (verdict: Verdict): Block["status"] => (verdict === "conformant" ? "pass" : verdict === "not-conformant" ? "fail" : "warning");

/** The report's title: the verdict, the worst problem, the versions, and one row per actor. */
export function summaryBlocks(report: Report): Block[] {
  const worst = worstLine(report);
  return [
    {
      level: 1,
      title: `Origin conformance: ${report.verdict}${report.complete ? "" : " (incomplete run)"}`,
      status: verdictStatus(report.verdict),
      notes: [
        ...(worst === undefined ? [] : [{ text: worst, kind: "worst" as const }]),
        {
          text: `rivet-origin-conformance ${report.tool.version} · rivetkit ${report.rivetkitVersion} · Node ${report.nodeVersion} · engine ${describeEngine(report.engine)} ${report.engine.endpoint} · ${report.startedAt} → ${report.finishedAt}`,
          kind: "muted",
        },
      ],
      columns: ["actor", "verdict", "problems", "transports", "probes", "failing probes", "seed"],
      rows: report.subjects.map((subject) => ({
        cells: [
          cell(subject.actor),
          cell(subject.verdict),
          cell(findingsCountLine(subject.findings)),
          cell(subject.transports.join(", ")),
          cell(String(subject.probes)),
          cell(String(subject.failures.length)),
          cell(String(subject.seed)),
        ],
      })),
    },
  ];
}
