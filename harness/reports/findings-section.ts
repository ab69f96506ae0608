import type { Finding, GradedFailure } from "../grading/findings.js";
import { gradeInfo, GRADES, type Grade } from "../grading/grade.js";
import { formatOutcome } from "../probes/outcome.js";
import type { Transcript } from "../probes/transcript.js";
import { escapeHtml, escapeMarkdown, showControls, truncate } from "./escape.js";
import type { GradedSubject, Report } from "./report.js";

/** Findings shown in a terminal before "N more in report.html". */
export const FINDINGS_ON_SCREEN = 10;

const count = (value: number) => value.toLocaleString("en-US");

/** "3 problems: 1 accepted an origin any web page can send, 2 refused an allowed origin". */
export function findingsCountLine(findings: readonly Finding[]): string {
  if (findings.length === 0) return "no problems found";
  const parts = GRADES.map((info) => ({ info, n: findings.filter((finding) => finding.grade === info.id).length }))
    .filter(({ n }) => n > 0)
    .map(({ info, n }) => `${count(n)} ${info.title}`);
  return `${count(findings.length)} distinct problem${findings.length === 1 ? "" : "s"}: ${parts.join("; ")}`;
}

/** Where a finding showed, in words. */
export function findingWhere(finding: Finding): string {
  const failures = finding.count === 1 ? "" : `; ${count(finding.count)} failing probes`;
  return `over ${finding.transports.join(", ")} (found by ${finding.phases.join(", ")}${failures})`;
}

/** Findings by grade, worst first, at most `max` of them, then how many more the HTML report has. */
export function findingsText(findings: readonly Finding[], failures: readonly GradedFailure[], max = FINDINGS_ON_SCREEN): string[] {
  const lines: string[] = [];
  let grade: Grade | undefined;
  for (const finding of findings.slice(0, max)) {
    if (finding.grade !== grade) {
      grade = finding.grade;
      const n = findings.filter((each) => each.grade === grade).length;
      lines.push("", `  ${gradeInfo(grade).title.toUpperCase()} (${n}):`);
    }
    const first = failures.find((failure) => failure.finding === finding.id);
    lines.push(`    ${finding.origin} ${findingWhere(finding)}`);
    lines.push(`      ${finding.problem}${first ? `; expected ${first.expected}, observed ${truncate(formatOutcome(first.outcome), 160)}` : ""}`);
    const more = finding.replays.length > 1 ? `   (${finding.replays.length - 1} more replay command(s) in report.html)` : "";
    lines.push(`      replay: ${finding.replays[0]}${more}`);
  }
  if (findings.length > max) lines.push("", `  ${count(findings.length - max)} more in report.html`);
  return lines;
}

/** A transcript's bytes shown visibly: CR LF ends a line; any other control byte or byte >= 0x80 as \xNN. */
export function showTranscript(text: string): string {
  return text
    .replace(/\r\n/g, "\n")
    .replace(/[^\n\x20-\x7e]/g, (char) => {
      const code = char.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
    });
}

export function transcriptText(transcript: Transcript): string {
  return `${showTranscript(transcript.sent).replace(/\n+$/, "")}\n\n--- answer ---\n${showTranscript(transcript.received)}`;
}

export function worstLine(report: Pick<Report, "worstGrade">): string | undefined {
  if (report.worstGrade === undefined) return undefined;
  const info = gradeInfo(report.worstGrade);
  return `Worst problem: ${info.title}. ${info.meaning}`;
}

const firstFailureOf = (subject: GradedSubject, finding: Finding) => subject.failures.find((failure) => failure.finding === finding.id);

/** Findings whose replay and transcript the Markdown shows (it has to fit a pull-request comment). */
export const MARKDOWN_TRANSCRIPTS = 5;

/** Findings of one subject as Markdown: a table by grade, then the worst findings' replay and transcript. */
export function findingsMarkdown(subject: GradedSubject, max = 15): string[] {
  if (subject.findings.length === 0) return [];
  const lines = [
    "",
    `### ${escapeMarkdown(subject.actor)}: ${escapeMarkdown(findingsCountLine(subject.findings))}`,
    "",
    "| grade | origin | transports | found by | problem |",
    "|---|---|---|---|---|",
  ];
  for (const finding of subject.findings.slice(0, max)) {
    lines.push(
      `| ${escapeMarkdown(gradeInfo(finding.grade).title)} | ${escapeMarkdown(truncate(finding.origin))} | ${finding.transports.join(", ")} | ${finding.phases.join(", ")} | ${escapeMarkdown(truncate(finding.problem, 160))} |`,
    );
  }
  if (subject.findings.length > max) lines.push("", `${count(subject.findings.length - max)} more in report.html`);
  const fence = (text: string) => showControls(text).replace(/```/g, "'''");
  for (const finding of subject.findings.slice(0, MARKDOWN_TRANSCRIPTS)) {
    const failure = firstFailureOf(subject, finding);
    lines.push("", `**${escapeMarkdown(gradeInfo(finding.grade).title)}: ${escapeMarkdown(truncate(finding.origin, 120))}**`, "", "```sh", fence(finding.replays[0]!), "```");
    if (failure?.transcript) lines.push("", `Transcript (${failure.transport}):`, "", "```text", fence(transcriptText(failure.transcript)), "```");
  }
  if (subject.findings.length > MARKDOWN_TRANSCRIPTS) lines.push("", `Replays and transcripts of the other ${count(subject.findings.length - MARKDOWN_TRANSCRIPTS)} finding(s) are in report.html.`);
  return lines;
}

/** Findings report.html shows in full; the rest are counted (report.json has them all). */
export const HTML_FINDINGS = 100;

/** Findings of one subject as HTML: grade badges, where each showed, replays and a transcript, folded. */
export function findingsHtml(subject: GradedSubject, max = HTML_FINDINGS): string {
  if (subject.findings.length === 0) return "";
  const e = escapeHtml;
  const items = subject.findings.slice(0, max).map((finding) => {
    const failure = firstFailureOf(subject, finding);
    const transcript = failure?.transcript
      ? `<p>Transcript (${e(failure.transport)}):</p><pre class="transcript">${e(transcriptText(failure.transcript))}</pre>`
      : `<p class="muted">no transcript (a property that spans several probes)</p>`;
    return (
      `<details class="finding"><summary><span class="grade grade-${e(finding.grade)}">${e(gradeInfo(finding.grade).title)}</span> <code>${e(truncate(finding.origin))}</code> ${e(findingWhere(finding))}</summary>` +
      `<p>${e(finding.problem)}${failure ? `; expected ${e(failure.expected)}, observed ${e(truncate(formatOutcome(failure.outcome), 400))}` : ""}</p>` +
      `<p>categories: ${e(finding.categories.join(", "))}</p>` +
      `<p>replay:</p><ul>${finding.replays.map((replay) => `<li><code>${e(replay)}</code></li>`).join("")}</ul>${transcript}</details>`
    );
  });
  const more = subject.findings.length > max ? `<p class="muted">${count(subject.findings.length - max)} more in report.json</p>` : "";
  return `<h3>Findings: ${e(findingsCountLine(subject.findings))}</h3>${items.join("\n")}${more}`;
}

export const GRADE_STYLE = `
.grade{display:inline-block;padding:0 .4rem;border-radius:.6rem;font-weight:600;font-size:12px}
.grade-browser-reachable-accept{background:#cf222e;color:#fff}.grade-non-browser-accept{background:#fb8f44;color:#1b1f24}
.grade-wrong-reject{background:#bf8700;color:#fff}.grade-no-decision{background:#8c959f;color:#fff}.grade-wrong-rejection-code{background:#ddf4ff;color:#0969da}
pre.transcript{background:#f6f8fa;padding:.5rem;max-height:30rem;overflow:auto}
.worst{font-size:1.1rem;padding:.5rem;border-left:4px solid #cf222e;background:#fff8f8}`;
