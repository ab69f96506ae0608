import type { CutOff } from "../conformance/result.js";
import type { Report } from "./report.js";
import { escapeHtml, escapeMarkdown, shownOrigin, truncate } from "./escape.js";

/** The cut-off run in one line: why it stopped, where, and how much it did not do. */
export function cutOffSummary(cutOff: CutOff): string {
  const notRun = cutOff.phasesNotRun.length > 0 ? `; phases not run: ${cutOff.phasesNotRun.join(", ")}` : "";
  return `cut off during ${cutOff.phase}: ${truncate(cutOff.reason, 300)}; ${cutOff.sent} probe(s) on the wire lost, ${cutOff.notSent} queued probe(s) never sent${notRun}`;
}

/** Which probes of a subject were cut off, for report.html. */
export function cutOffHtml(cutOff: CutOff): string {
  const e = escapeHtml;
  const rows = cutOff.probes
    .map((probe) => `<tr><td>${e(probe.state)}</td><td>${e(probe.phase)}</td><td>${e(probe.transport)}</td><td><code>${e(shownOrigin(probe.header))}</code></td></tr>`)
    .join("");
  const more = cutOff.sent + cutOff.notSent - cutOff.probes.length;
  return (
    `<p class="cut-off"><b>Incomplete:</b> ${e(cutOffSummary(cutOff))}</p>` +
    `<details><summary>probes cut off (${cutOff.sent + cutOff.notSent})</summary><table><tr><th>state</th><th>phase</th><th>transport</th><th>origin</th></tr>${rows}</table>` +
    `${more > 0 ? `<p class="muted">… and ${more} more</p>` : ""}</details>`
  );
}

/** Subjects a cut-off run never started, for report.html. */
export function notRunHtml(report: Report): string {
  if (!report.subjectsNotRun?.length) return "";
  return `<p class="cut-off"><b>Not run</b> (the run was cut off before them): ${report.subjectsNotRun.map(escapeHtml).join(", ")}</p>`;
}

/** Cut-off subjects and subjects not run, for report.md. */
export function cutOffMarkdown(report: Report): string[] {
  const lines: string[] = [];
  for (const subject of report.subjects) {
    if (subject.cutOff === undefined) continue;
    const cutOff = subject.cutOff;
    lines.push("", `### ${escapeMarkdown(subject.actor)}: incomplete`, "", escapeMarkdown(cutOffSummary(cutOff)), "", "| state | phase | transport | origin |", "|---|---|---|---|");
    for (const probe of cutOff.probes.slice(0, 15)) lines.push(`| ${probe.state} | ${escapeMarkdown(probe.phase)} | ${probe.transport} | ${escapeMarkdown(shownOrigin(probe.header))} |`);
    const more = cutOff.sent + cutOff.notSent - Math.min(cutOff.probes.length, 15);
    if (more > 0) lines.push("", `… and ${more} more probe(s) cut off (report.json lists up to ${cutOff.probes.length})`);
  }
  if (report.subjectsNotRun?.length) lines.push("", `Not run (the run was cut off before them): ${report.subjectsNotRun.map(escapeMarkdown).join(", ")}`);
  return lines;
}
