/**
 * Every section of the reports reaches every human-readable format: report.md,
 * report.html and junit.xml render the same list of blocks. The sections come
 * from the code (SECTIONS); a report that has something for each of them is
 * rendered, and each block must show in each format, and each failing check
 * must fail in junit.xml.
 */
import { describe, expect, test } from "vitest";
import type { ConformanceResult } from "../../harness/conformance/result.js";
import { checksOf, headingText } from "../../harness/reports/block.js";
import { escapeHtml, escapeMarkdownInline, escapeXml } from "../../harness/reports/escape.js";
import { renderHtml } from "../../harness/reports/html.js";
import { renderJunit } from "../../harness/reports/junit.js";
import { renderMarkdown } from "../../harness/reports/markdown.js";
import { buildReport, type Report } from "../../harness/reports/report.js";
import { reportBlocks, sectionBlocks, SECTIONS } from "../../harness/reports/sections.js";
import { GUARD_LOCATION, syntheticFailures, syntheticResult } from "./synthetic-report.js";

/** A cut-off run with screening, an actor not run, the bank's score and browser evidence: something for every section. */
function everySectionReport(): Report {
  const result: ConformanceResult = {
    ...syntheticResult(syntheticFailures()),
    verdict: "infrastructure-failure",
    cutOff: {
      reason: "the engine died",
      phase: "corpus",
      phasesNotRun: ["random"],
      sent: 1,
      notSent: 1,
      probes: [{ phase: "corpus", transport: "http-action", header: { lines: ["https://evil.com"] }, state: "sent" }],
    },
    screening: {
      status: "unfaithful",
      reason: "the tier disagreed with the wire",
      corpusCompared: 2,
      corpusAgreed: 1,
      disagreements: [{ transport: "http-action", origin: "https://evil.com", wire: "accepted", inProcess: "rejected" }],
      seed: 7,
      screened: 0,
      screenedPerSecond: 0,
      oracleFailures: 0,
      confirmation: { probes: 0, failed: 0, agreedWithTier: 0 },
    },
  };
  const report = buildReport({
    engine: { mode: "spawned", endpoint: "http://127.0.0.1:1" },
    startedAt: new Date(0),
    subjects: [{ ...result, module: "src/registry.ts", guardLocation: GUARD_LOCATION }],
    complete: false,
    subjectsNotRun: ["later"],
    mutationScore: { killed: 1, total: 2, guards: [{ id: "prefix-match", bugClass: "prefix", killed: true, caughtBy: "lookalike-domains" }, { id: "sampled-check", bugClass: "intermittent", killed: false }] },
  });
  return {
    ...report,
    browserEvidence: {
      browser: "Chromium (test)",
      pageKinds: [{ id: "same-origin", title: "same origin", description: "a page on an allowed origin", rationale: "must be accepted" }],
      transports: [{ id: "websocket-connect", title: "WebSocket", description: "the rivet protocol" }],
      rows: [
        {
          subject: "seed-allowlist",
          role: "guard",
          policy: { allow: ["http://localhost:4000"], match: "exact", missingOrigin: "reject", rejectCode: "origin_not_allowed" },
          pageKind: "same-origin",
          pageOrigin: "http://localhost:4000",
          reached: true,
          originSent: "http://localhost:4000",
          decisions: [{ transport: "websocket-connect", expected: "accept", observed: "accepted", detail: "Init", agrees: true }],
        },
      ],
    },
  };
}

describe("report sections as blocks", () => {
  const report = everySectionReport();
  const blocks = reportBlocks(report);
  const formats = { markdown: renderMarkdown(report), html: renderHtml(report), junit: renderJunit(report) };

  test.each(SECTIONS.map((section) => [section.id, section] as const))("the fixture has something for section %s", (_id, section) => {
    expect(sectionBlocks(section, report).length).toBeGreaterThan(0);
  });

  test("the blocks are every section's, each once", () => {
    expect(blocks).toHaveLength(SECTIONS.flatMap((section) => sectionBlocks(section, report)).length);
  });

  test.each(blocks.map((block) => [headingText(block), block] as const))("%s: in report.md, report.html and junit.xml", (_heading, block) => {
    expect(formats.markdown).toContain(escapeMarkdownInline(block.title));
    expect(formats.html).toContain(escapeHtml(headingText(block)));
    const suites = [...formats.junit.matchAll(/<testsuite name="([^"]*)"/g)].map((match) => match[1]!);
    const named = suites.filter((name) => name.includes(escapeXml(block.suite ?? block.title)));
    expect(named.length, `no testsuite named after ${block.title}`).toBeGreaterThan(0);
    if (block.subject !== undefined) expect(named.some((name) => name.includes(escapeXml(block.subject!)))).toBe(true);
  });

  test("junit.xml: a testsuite per block, and a failure per failing check", () => {
    expect(formats.junit.match(/<testsuite /g)).toHaveLength(blocks.length);
    const failing = blocks.flatMap(checksOf).filter((check) => !check.passed);
    expect(failing.length).toBeGreaterThan(0);
    expect(formats.junit.match(/<failure /g)).toHaveLength(failing.length);
    // The sections the old junit.xml lacked.
    expect(formats.junit).toContain('<testsuite name="chat: in-process screening (verdicts come from the wire only)"');
    expect(formats.junit).toMatch(/<testsuite name="Browser evidence \(Chromium \(test\)\)"/);
    expect(formats.junit).toMatch(/name="known-bad guard sampled-check is caught">\s*<failure message="sampled-check \(intermittent\) survived"/);
  });

  test("report.md lists what failed and counts the rows whose every check passed; report.html lists them all", () => {
    expect(formats.markdown).toMatch(/^\| sampled-check \| intermittent \| survived \|$/m);
    expect(formats.markdown).not.toMatch(/^\| prefix-match \|/m);
    expect(formats.markdown).toContain("1 more row(s) with every check passed: in report.html");
    expect(formats.html).toContain("<td>prefix-match</td>");
  });

  test("junit.xml of a conformant run has no failure", () => {
    const passing: ConformanceResult = { ...syntheticResult([]), matrix: { userinfo: { "http-action": { run: 2, passed: 2, failed: 0 } } } };
    const clean = renderJunit(buildReport({ engine: { mode: "spawned", endpoint: "http://127.0.0.1:1" }, startedAt: new Date(0), subjects: [{ ...passing, module: "m.ts" }], complete: true }));
    expect(clean).toMatch(/<testcase classname="chat" name="userinfo transport \(http-action\)"\/>/);
    expect(clean).toMatch(/<testcase classname="chat" name="verdict"\/>/);
    expect(clean).not.toContain("<failure");
  });
});
