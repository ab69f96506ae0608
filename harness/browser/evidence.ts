/**
 * Browser evidence as report data: one decision per (actor, page kind,
 * transport), judged against the oracle for the Origin the browser actually
 * sent; the browser report (report.json/md/html/junit.xml) and a screenshot of
 * its HTML, taken in the same chromium.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Verdict } from "../conformance/result.js";
import { expectedDecision } from "../oracle/oracle.js";
import { ABSENT, originLine } from "../origin/header.js";
import type { Policy } from "../policy/policy.js";
import { formatOutcome, type Outcome } from "../probes/outcome.js";
import { summarizeBrowserSubjects } from "../reports/browser-section.js";
import { type BrowserDecision, type BrowserEvidence, type BrowserEvidenceRow, buildReport, type Report } from "../reports/report.js";
import { RENDERERS } from "../reports/renderers.js";
import { writeReports } from "../reports/write.js";
import type { BrowserTransportId } from "./browser-probe.js";
import type { LaunchedChromium } from "./chromium.js";
import type { BrowserExpectation } from "./page-kinds.js";

export type SubjectRole = BrowserEvidenceRow["role"];

/**
 * The decision for one cell. `originSent` is what the echo actor recorded from
 * the same page over the same transport (null: no Origin header).
 */
export function judge(input: {
  transport: BrowserTransportId;
  role: SubjectRole;
  policy?: Policy;
  expectation: BrowserExpectation;
  originSent: string | null;
  outcome: Outcome;
}): BrowserDecision {
  const detail = formatOutcome(input.outcome);
  const observed = input.outcome.kind;
  if (input.expectation.kind === "blocked-by-browser") {
    // Nothing may reach the actor; any decision would mean the browser sent it after all.
    return { transport: input.transport, expected: "not-sent", observed, detail, agrees: observed === "errored" };
  }
  if (input.role === "recorder" || input.policy === undefined) {
    return { transport: input.transport, expected: "accept", observed, detail, agrees: observed === "accepted" };
  }
  const expected = expectedDecision(input.policy, input.originSent === null ? ABSENT : originLine(input.originSent));
  const agrees =
    expected === "accept"
      ? observed === "accepted"
      : input.outcome.kind === "rejected" && input.outcome.code === input.policy.rejectCode;
  return { transport: input.transport, expected, observed, detail, agrees };
}

/** A guard is conformant when every decision equals the oracle's; known-bad guards and the recorder do not count. */
export function browserVerdict(evidence: BrowserEvidence): Verdict {
  const guards = summarizeBrowserSubjects(evidence).filter((summary) => summary.role === "guard");
  if (guards.some((summary) => summary.undecided > 0)) return "infrastructure-failure";
  return guards.some((summary) => summary.disagreements > 0) ? "not-conformant" : "conformant";
}

export function browserReport(input: { engine: { mode: "spawned" | "external"; endpoint: string }; startedAt: Date; evidence: BrowserEvidence }): Report {
  const base = buildReport({ engine: input.engine, startedAt: input.startedAt, subjects: [], complete: true });
  return { ...base, verdict: browserVerdict(input.evidence), browserEvidence: input.evidence };
}

export interface WrittenBrowserReport {
  readonly files: readonly string[];
  readonly screenshot: string;
}

/** Writes every report format to `directory`, then screenshots report.html in chromium (down to its browser evidence) to `directory/report.png`. */
export async function writeBrowserReport(report: Report, directory: string, chromium: LaunchedChromium, timeoutMs = 20_000): Promise<WrittenBrowserReport> {
  mkdirSync(directory, { recursive: true });
  const files = writeReports(report, directory, RENDERERS);
  const screenshot = resolve(join(directory, "report.png"));
  const context = await chromium.newContext();
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(resolve(join(directory, "report.html"))).href, { waitUntil: "load", timeout: timeoutMs });
    // From the top (verdict, versions) to the end of the browser evidence section; the generic sections after it are left out.
    const section = await page.locator("#browser-evidence").boundingBox({ timeout: timeoutMs });
    const height = section === null ? undefined : Math.ceil(section.y + section.height + 24);
    await page.screenshot({ path: screenshot, fullPage: true, timeout: timeoutMs, ...(height === undefined ? {} : { clip: { x: 0, y: 0, width: 1280, height } }) });
  } finally {
    await Promise.race([context.close().catch(() => undefined), new Promise((done) => setTimeout(done, 5_000).unref())]);
  }
  return { files, screenshot };
}
