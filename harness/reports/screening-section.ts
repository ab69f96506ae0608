import type { ScreeningSummary } from "../conformance/result.js";
import { escapeHtml, escapeMarkdown, truncate } from "./escape.js";
import type { Report } from "./report.js";

const count = (value: number) => value.toLocaleString("en-US");

/** One line: what the in-process tier screened and what the wire confirmed, or why it was not used. */
export function screeningLine(screening: ScreeningSummary): string {
  const agreement = `it agreed with the wire on ${count(screening.corpusAgreed)} of ${count(screening.corpusCompared)} corpus probes`;
  if (screening.status !== "used") return `in-process screening not used (${screening.status}): ${truncate(screening.reason ?? "")}${screening.corpusCompared > 0 ? `; ${agreement}` : ""}`;
  const { probes, failed, agreedWithTier } = screening.confirmation;
  return (
    `in-process screening: tried ${count(screening.screened)} origin × transport pairs in process (${count(screening.screenedPerSecond)}/s, seed ${screening.seed}); ${agreement}; ` +
    `${count(screening.oracleFailures)} got a different answer from the one the policy calls for; ${probes} of them re-sent to the real actor: ${failed} failed there too, ${agreedWithTier} answered as in process`
  );
}

export function screeningHtml(screening: ScreeningSummary): string {
  const e = escapeHtml;
  // Bounded here too: a report.json from elsewhere may carry anything.
  const rows = screening.disagreements.map((entry) => `<tr><td>${e(entry.transport)}</td><td><code>${e(truncate(entry.origin))}</code></td><td>${e(truncate(entry.wire))}</td><td>${e(truncate(entry.inProcess))}</td></tr>`);
  return (
    `<p class="muted">${e(screeningLine(screening))}</p>` +
    (rows.length > 0 ? `<details><summary>where the in-process tier and the wire disagreed (${rows.length} shown)</summary><table><tr><th>transport</th><th>origin</th><th>wire</th><th>in process</th></tr>${rows.join("")}</table></details>` : "")
  );
}

export function screeningMarkdown(report: Report): string[] {
  const lines: string[] = [];
  for (const subject of report.subjects) {
    if (subject.screening === undefined) continue;
    if (lines.length === 0) lines.push("", "#### In-process screening (verdicts come from the wire only)", "");
    lines.push(`- ${escapeMarkdown(subject.actor)}: ${escapeMarkdown(screeningLine(subject.screening))}`);
  }
  return lines;
}
