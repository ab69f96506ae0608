import { describeEngine, type Report } from "./report.js";
import { escapeMarkdown, shownOrigin, truncate } from "./escape.js";
import { formatOutcome } from "../probes/outcome.js";
import { orderForReading } from "../conformance/format-failure.js";
import { browserEvidenceMarkdown } from "./browser-section.js";
import { cutOffMarkdown } from "./cut-off-section.js";
import { screeningMarkdown } from "./screening-section.js";

/** A summary that fits a pull-request comment. */
export function renderMarkdown(report: Report): string {
  const icon = report.verdict === "conformant" ? "✅" : report.verdict === "not-conformant" ? "❌" : "⚠️";
  const lines = [
    `## ${icon} Origin conformance: ${report.verdict}${report.complete ? "" : " (incomplete run)"}`,
    "",
    `rivetkit ${report.rivetkitVersion}, Node ${report.nodeVersion}, engine ${describeEngine(report.engine)}, ${report.startedAt}`,
    "",
    ...(report.subjects.length > 0 || !report.browserEvidence ? ["| actor | verdict | transports | probes | failures | seed |", "|---|---|---|---|---|---|"] : []),
  ];
  for (const subject of report.subjects) {
    lines.push(`| ${escapeMarkdown(subject.actor)} | ${subject.verdict} | ${subject.transports.join(", ")} | ${subject.probes} | ${subject.failures.length} | ${subject.seed} |`);
  }
  lines.push(...screeningMarkdown(report));
  for (const subject of report.subjects) {
    if (subject.failures.length === 0) continue;
    lines.push("", `### ${escapeMarkdown(subject.actor)}: ${subject.failures.length} failure(s)`, "", "| category | transport | origin | expected | observed |", "|---|---|---|---|---|");
    for (const failure of orderForReading(subject.failures).slice(0, 15)) {
      lines.push(
        `| ${escapeMarkdown(failure.category)} | ${failure.transport} | ${escapeMarkdown(shownOrigin(failure.header))} | ${failure.expected} | ${escapeMarkdown(truncate(formatOutcome(failure.outcome), 120))} |`,
      );
    }
    const first = orderForReading(subject.failures)[0]!;
    lines.push("", "Replay the first one:", "", "```sh", first.replay.replace(/```/g, "'''"), "```");
  }
  lines.push(...cutOffMarkdown(report));
  if (report.browserEvidence) lines.push(...browserEvidenceMarkdown(report.browserEvidence));
  lines.push("", `_${report.platformFindings[0]}_`, "");
  return lines.join("\n");
}
