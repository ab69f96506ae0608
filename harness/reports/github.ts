import { appendFileSync } from "node:fs";
import { gradeInfo } from "../grading/grade.js";
import { findingWhere } from "./findings-section.js";
import { renderMarkdown } from "./markdown.js";
import type { Report } from "./report.js";

/** Annotations printed at most, worst first: GitHub shows only a handful per step anyway. */
export const MAX_ANNOTATIONS = 10;

export type FailOn = "any" | "browser-reachable";

/** Workflow-command escaping (actions/toolkit's command.ts): data, then property values. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * `::error file=…,line=…,title=…::message` lines for the worst findings, at
 * most MAX_ANNOTATIONS, at the line where each actor's guard is defined. A
 * finding that the exit code ignores (under `--fail-on browser-reachable`) is
 * a warning, not an error.
 */
export function githubAnnotations(report: Report, failOn: FailOn): string[] {
  const findings = report.subjects
    .flatMap((subject) => subject.findings.map((finding) => ({ subject, finding })))
    .sort((a, b) => report.grades.findIndex((g) => g.id === a.finding.grade) - report.grades.findIndex((g) => g.id === b.finding.grade));
  const lines = findings.slice(0, MAX_ANNOTATIONS).map(({ subject, finding }) => {
    const location = subject.guardLocation ?? { file: subject.module, line: 1 };
    const failing = failOn === "any" || finding.grade === "browser-reachable-accept";
    const title = `${subject.actor}: ${gradeInfo(finding.grade).title}`;
    const text = `${finding.origin} ${findingWhere(finding)}: ${finding.problem}. Replay: ${finding.replays[0]}`;
    return `::${failing ? "error" : "warning"} file=${escapeProperty(location.file)},line=${location.line},title=${escapeProperty(title)}::${escapeData(text)}`;
  });
  if (findings.length > MAX_ANNOTATIONS) lines.push(`::notice::${findings.length - MAX_ANNOTATIONS} more finding(s) in report.html and report.sarif`);
  return lines;
}

/** What a run does for GitHub Actions: the Markdown report into the step summary, annotations on stdout. */
export function publishToGitHub(report: Report, failOn: FailOn, env: NodeJS.ProcessEnv, write: (text: string) => void): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${renderMarkdown(report)}\n`);
  if (env.GITHUB_ACTIONS === "true") for (const line of githubAnnotations(report, failOn)) write(`${line}\n`);
}
