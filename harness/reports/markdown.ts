import { describeEngine, type Report } from "./report.js";
import { escapeMarkdown } from "./escape.js";
import { findingsCountLine, findingsMarkdown, worstLine } from "./findings-section.js";
import { browserEvidenceMarkdown } from "./browser-section.js";
import { cutOffMarkdown } from "./cut-off-section.js";
import { screeningMarkdown } from "./screening-section.js";

/** A summary that fits a pull-request comment. */
export function renderMarkdown(report: Report): string {
  const icon = report.verdict === "conformant" ? "✅" : report.verdict === "not-conformant" ? "❌" : "⚠️";
  const lines = [
    `## ${icon} Origin conformance: ${report.verdict}${report.complete ? "" : " (incomplete run)"}`,
    "",
    ...(report.worstGrade === undefined ? [] : [`**${escapeMarkdown(worstLine(report)!)}**`, ""]),
    `rivetkit ${report.rivetkitVersion}, Node ${report.nodeVersion}, engine ${describeEngine(report.engine)}, ${report.startedAt}`,
    "",
    ...(report.subjects.length > 0 || !report.browserEvidence ? ["| actor | verdict | problems | transports | probes | failing probes | seed |", "|---|---|---|---|---|---|---|"] : []),
  ];
  for (const subject of report.subjects) {
    lines.push(
      `| ${escapeMarkdown(subject.actor)} | ${subject.verdict} | ${escapeMarkdown(findingsCountLine(subject.findings))} | ${subject.transports.join(", ")} | ${subject.probes} | ${subject.failures.length} | ${subject.seed} |`,
    );
  }
  lines.push(...screeningMarkdown(report));
  for (const subject of report.subjects) lines.push(...findingsMarkdown(subject));
  lines.push(...cutOffMarkdown(report));
  if (report.browserEvidence) lines.push(...browserEvidenceMarkdown(report.browserEvidence));
  lines.push("", `_${report.platformFindings[0]}_`, "");
  return lines.join("\n");
}
