import type { Finding, GradedFailure } from "../grading/findings.js";
import { gradeInfo, GRADES, type Grade } from "../grading/grade.js";
import { formatOutcome } from "../probes/outcome.js";
import type { Transcript } from "../probes/transcript.js";
import { type Block, cell, type Detail } from "./block.js";
import { truncate } from "./escape.js";
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

/** Findings report.html shows in full; the rest are counted (report.json has them all). */
export const HTML_FINDINGS = 100;

/** What a finding's row folds: where it showed, its replays and the first failure's transcript. */
function findingDetails(subject: GradedSubject, finding: Finding): Detail[] {
  const failure = firstFailureOf(subject, finding);
  return [
    { label: "problem", text: `${finding.problem}${failure ? `; expected ${failure.expected}, observed ${truncate(formatOutcome(failure.outcome), 400)}` : ""}`, kind: "text" },
    { label: "categories", text: finding.categories.join(", "), kind: "text" },
    ...finding.replays.map((replay) => ({ label: "replay", text: replay, kind: "code" as const })),
    failure?.transcript
      ? { label: `Transcript (${failure.transport})`, text: transcriptText(failure.transcript), kind: "transcript" }
      : { label: "transcript", text: "no transcript (a property that spans several probes)", kind: "text" },
  ];
}

/** Each actor's findings by grade, worst first: one failing testcase per finding, with its replay. */
export function findingsBlocks(subject: GradedSubject): Block[] {
  if (subject.findings.length === 0) return [];
  const rows = subject.findings.slice(0, HTML_FINDINGS).map((finding) => ({
    cells: [
      cell(gradeInfo(finding.grade).title, { grade: finding.grade }),
      cell(truncate(finding.origin), { code: true }),
      cell(finding.transports.join(", ")),
      cell(finding.phases.join(", ")),
      cell(truncate(finding.problem, 160)),
    ],
    details: findingDetails(subject, finding),
    check: {
      name: `${gradeInfo(finding.grade).title}: ${truncate(finding.origin, 120)}`,
      passed: false,
      message: `${truncate(finding.origin, 120)} ${findingWhere(finding)}: ${truncate(finding.problem, 400)}`,
      body: finding.replays.map((replay) => `replay: ${replay}`).join("\n"),
    },
  }));
  return [
    {
      level: 3,
      subject: subject.actor,
      titledBySubject: true,
      title: findingsCountLine(subject.findings),
      notes: [],
      columns: ["grade", "origin", "transports", "found by", "problem"],
      rows,
      layout: "items" as const,
      item: "finding",
      ...(subject.findings.length > HTML_FINDINGS ? { unlisted: { count: subject.findings.length - HTML_FINDINGS, where: "in report.json" } } : {}),
    },
  ];
}
