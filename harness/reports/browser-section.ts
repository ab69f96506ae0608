/**
 * The "Browser evidence" section of the reports: which Origin a real browser
 * sent from each kind of page, and each actor's decision per transport next to
 * the oracle's.
 */
import { type Block, cell } from "./block.js";
import { truncate } from "./escape.js";
import type { BrowserDecision, BrowserEvidence, BrowserEvidenceRow, Report } from "./report.js";

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

/** What a real browser sent from each kind of page, and each actor's decisions next to the oracle's; a guard that disagrees, or a known-bad guard not caught, fails. */
export function browserBlocks(report: Report): Block[] {
  const evidence = report.browserEvidence;
  if (evidence === undefined) return [];
  const transports = evidence.transports.map((transport) => transport.id);
  const subjects: Block[] = summarizeBrowserSubjects(evidence).map((summary) => {
    const status = subjectStatus(summary);
    return {
      level: 3,
      subject: summary.subject,
      titledBySubject: true,
      title: `${summary.role}: ${status.text}`,
      status: status.ok ? "pass" : "fail",
      notes: [{ text: policyText(summary.policy), kind: "muted" }],
      columns: ["page kind", "page's origin", "Origin sent", ...transports],
      rows: summary.rows.map((row) => ({
        cells: [
          cell(row.pageKind),
          cell(row.pageOrigin, { code: true }),
          cell(originText(row), { code: true }),
          ...transports.map((transport) => {
            const decision = decisionOf(row, transport);
            return cell(cellText(decision), { tone: decision === undefined ? "none" : decision.agrees ? "pass" : "fail", hint: decision?.detail ?? "" });
          }),
        ],
      })),
      checks: [{ name: "decides as the oracle from a real browser", passed: status.ok, ...(status.ok ? {} : { message: status.text }) }],
    };
  });
  return [
    {
      level: 2,
      title: `Browser evidence (${evidence.browser})`,
      anchor: "browser-evidence",
      notes: [{ text: "Each page kind is a real page; the Origin is what the browser put on the wire, as the echo actor recorded it.", kind: "muted" }],
      rows: [],
    },
    ...subjects,
    {
      level: 3,
      title: "Page kinds",
      notes: [],
      columns: ["page kind", "what it is, and why"],
      rows: evidence.pageKinds.map((kind) => ({ cells: [cell(kind.id), cell(`${kind.description} ${kind.rationale}`)] })),
    },
    {
      level: 3,
      title: "Browser transports",
      notes: [],
      columns: ["transport", "what it is"],
      rows: evidence.transports.map((transport) => ({ cells: [cell(transport.id), cell(transport.description)] })),
    },
  ];
}
