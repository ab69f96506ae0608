/**
 * The "Browser evidence" section of report.md and report.html: which Origin a
 * real browser sent from each kind of page, and each actor's decision per
 * transport next to the oracle's. Every value is escaped (harness/reports/escape.ts).
 */
import type { BrowserDecision, BrowserEvidence, BrowserEvidenceRow } from "./report.js";
import { escapeHtml, escapeMarkdown, truncate } from "./escape.js";

/** How one subject fared from the browser. */
export interface BrowserSubjectSummary {
  readonly subject: string;
  readonly role: BrowserEvidenceRow["role"];
  readonly policy?: BrowserEvidenceRow["policy"];
  /** A decision the oracle expected that was not observed (errored, timeout, ...). */
  readonly undecided: number;
  readonly disagreements: number;
  /** Page kinds with a disagreement. */
  readonly caughtFrom: readonly string[];
  readonly rows: readonly BrowserEvidenceRow[];
}

const isDecision = (observed: string) => observed === "accepted" || observed === "rejected";

export function summarizeBrowserSubjects(evidence: BrowserEvidence): BrowserSubjectSummary[] {
  const subjects = [...new Set(evidence.rows.map((row) => row.subject))];
  return subjects.map((subject) => {
    const rows = evidence.rows.filter((row) => row.subject === subject);
    const decisions = rows.flatMap((row) => row.decisions.map((decision) => ({ row, decision })));
    return {
      subject,
      role: rows[0]!.role,
      policy: rows[0]!.policy,
      undecided: decisions.filter(({ decision }) => decision.expected !== "not-sent" && !isDecision(decision.observed)).length,
      disagreements: decisions.filter(({ decision }) => !decision.agrees).length,
      caughtFrom: [...new Set(decisions.filter(({ decision }) => !decision.agrees && isDecision(decision.observed)).map(({ row }) => row.pageKind))],
      rows,
    };
  });
}

/** The headline for one subject: a guard is conformant or not; a known-bad guard is caught or not. */
export function subjectStatus(summary: BrowserSubjectSummary): { text: string; ok: boolean } {
  if (summary.undecided > 0) return { text: `${summary.undecided} probe(s) without a decision`, ok: false };
  if (summary.role === "known-bad") {
    return summary.caughtFrom.length > 0
      ? { text: `caught from the browser (page ${summary.caughtFrom.join(", ")})`, ok: true }
      : { text: "NOT caught from the browser", ok: false };
  }
  if (summary.role === "recorder") return { text: summary.disagreements === 0 ? "accepted every request that reached it" : `${summary.disagreements} request(s) not accepted`, ok: summary.disagreements === 0 };
  return summary.disagreements === 0
    ? { text: "every decision equals the oracle's", ok: true }
    : { text: `${summary.disagreements} decision(s) differ from the oracle's (page ${summary.caughtFrom.join(", ")})`, ok: false };
}

function cellText(decision: BrowserDecision | undefined): string {
  if (decision === undefined) return "–";
  if (decision.expected === "not-sent") return `not sent (${decision.observed}: blocked by the browser)`;
  const observed = decision.observed === "rejected" ? truncate(decision.detail, 60) : decision.observed;
  return `${decision.agrees ? "✓" : "✗"} ${observed} (expected ${decision.expected})`;
}

function originText(row: BrowserEvidenceRow): string {
  if (!row.reached) return "(nothing sent)";
  return row.originSent === null ? "(no Origin header)" : JSON.stringify(row.originSent);
}

const decisionOf = (row: BrowserEvidenceRow, transport: string) => row.decisions.find((decision) => decision.transport === transport);

const policyText = (policy: BrowserEvidenceRow["policy"]) =>
  policy === undefined ? "accepts everything, records the Origin" : `allow ${policy.allow.join(", ")}; match ${policy.match}; missing Origin ${policy.missingOrigin}; reject code ${policy.rejectCode}`;

export function browserEvidenceMarkdown(evidence: BrowserEvidence): string[] {
  const m = escapeMarkdown;
  const transports = evidence.transports.map((transport) => transport.id);
  const lines = ["", `### Browser evidence (${m(evidence.browser)})`, ""];
  for (const summary of summarizeBrowserSubjects(evidence)) {
    const status = subjectStatus(summary);
    lines.push(`#### ${status.ok ? "✅" : "❌"} ${m(summary.subject)} (${summary.role}): ${m(status.text)}`, "", `_${m(policyText(summary.policy))}_`, "");
    lines.push(`| page kind | page's origin | Origin sent | ${transports.map(m).join(" | ")} |`, `|${"---|".repeat(3 + transports.length)}`);
    for (const row of summary.rows) {
      const cells = transports.map((transport) => m(cellText(decisionOf(row, transport))));
      lines.push(`| ${m(row.pageKind)} | ${m(row.pageOrigin)} | ${m(originText(row))} | ${cells.join(" | ")} |`);
    }
    lines.push("");
  }
  return lines;
}

export function browserEvidenceHtml(evidence: BrowserEvidence): string {
  const e = escapeHtml;
  const transports = evidence.transports.map((transport) => transport.id);
  const parts = [
    `<style>#browser-evidence td code{word-break:normal;white-space:nowrap}#browser-evidence td{font-size:13px}</style>`,
    `<h2>Browser evidence</h2>`, `<p class="muted">${e(evidence.browser)}: each page kind is a real page; the Origin is what the browser put on the wire, as the echo actor recorded it.</p>`];
  for (const summary of summarizeBrowserSubjects(evidence)) {
    const status = subjectStatus(summary);
    parts.push(`<h3>${e(summary.subject)} <span class="muted">(${e(summary.role)})</span>: <span class="${status.ok ? "verdict-conformant" : "verdict-not-conformant"}">${e(status.text)}</span></h3>`);
    parts.push(`<p class="muted">${e(policyText(summary.policy))}</p>`);
    const header = transports.map((transport) => `<th>${e(transport)}</th>`).join("");
    const rows = summary.rows.map((row) => {
      const cells = transports.map((transport) => {
        const decision = decisionOf(row, transport);
        const css = decision === undefined ? "none" : decision.agrees ? "pass" : "fail";
        return `<td class="${css}" title="${e(decision?.detail ?? "")}">${e(cellText(decision))}</td>`;
      });
      return `<tr><th>${e(row.pageKind)}</th><td><code>${e(row.pageOrigin)}</code></td><td><code>${e(originText(row))}</code></td>${cells.join("")}</tr>`;
    });
    parts.push(`<table><tr><th>page kind</th><th>page's origin</th><th>Origin sent</th>${header}</tr>${rows.join("")}</table>`);
  }
  parts.push(
    `<h3>Page kinds</h3><table>${evidence.pageKinds.map((kind) => `<tr><th>${e(kind.id)}</th><td>${e(kind.description)}<br><span class="muted">${e(kind.rationale)}</span></td></tr>`).join("")}</table>`,
  );
  parts.push(`<h3>Browser transports</h3><table>${evidence.transports.map((transport) => `<tr><th>${e(transport.id)}</th><td>${e(transport.description)}</td></tr>`).join("")}</table>`);
  return `<section id="browser-evidence">${parts.join("\n")}</section>`;
}
