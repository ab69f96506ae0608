/**
 * Failures fold into findings (one per origin value and problem), and every
 * human-readable report leads with the worst grade; report.json carries the grades.
 */
import { describe, expect, test } from "vitest";
import type { Failure } from "../../harness/conformance/result.js";
import { groupFindings } from "../../harness/grading/findings.js";
import { renderHtml } from "../../harness/reports/html.js";
import { renderMarkdown } from "../../harness/reports/markdown.js";
import { RENDERERS } from "../../harness/reports/renderers.js";
import { textSummary } from "../../harness/reports/text-summary.js";
import { DOCS_POLICY } from "../../harness/policy/policy.js";
import { syntheticFailures, syntheticReport, syntheticResult } from "../reports/synthetic-report.js";

describe("findings", () => {
  const { failures, findings } = groupFindings(syntheticFailures(), DOCS_POLICY);

  test("the userinfo origin seen over three transports in two phases is one finding, its six replays folded under it", () => {
    const userinfo = findings.filter((finding) => finding.origin === '"https://myapp.com@evil.com"');
    expect(userinfo).toHaveLength(1);
    expect(userinfo[0]!.transports).toEqual(["http-action", "http-queue", "websocket-connect"]);
    expect(userinfo[0]!.phases).toEqual(["corpus", "screening"]);
    expect(userinfo[0]!.count).toBe(6);
    expect(userinfo[0]!.replays).toHaveLength(6);
    expect(userinfo[0]!.grade).toBe("non-browser-accept");
  });

  test("15 findings in all, the browser-reachable look-alike first and the wrong reject after the non-browser accepts", () => {
    expect(findings).toHaveLength(15);
    expect(findings[0]!.origin).toBe('"https://myapp.com.evil.net"');
    expect(findings[0]!.grade).toBe("browser-reachable-accept");
    expect(findings.at(-1)!.grade).toBe("wrong-reject");
    expect(failures.every((failure) => findings.some((finding) => finding.id === failure.finding && finding.grade === failure.grade))).toBe(true);
  });

  test("header-property failures of one Origin are one finding, named by the shrunk case's other headers, its replay first", () => {
    const base = syntheticFailures().find((failure) => failure.transport === "websocket-connect")!;
    const headerFailure = (extraHeaders: [string, string][], path: string, shrunk: boolean): Failure => ({
      ...base,
      property: "only-origin-decides",
      category: "only-origin-decides",
      phase: "headers",
      header: { lines: [] },
      expected: "reject",
      outcome: { kind: "accepted", evidence: "Init frame" },
      extraHeaders,
      path,
      shrunk,
      replay: `replay ${path}`,
    });
    const many = headerFailure([["Referer", "https://myapp.com/page"], ["Cookie", "session=abc"], ["User-Agent", "node"]], "headers:4", false);
    const shrunk = headerFailure([["Referer", "https://myapp.com/page"]], "headers:4:0:1", true);
    const [finding, ...others] = groupFindings([many, shrunk], DOCS_POLICY).findings;
    expect(others).toEqual([]);
    expect(finding!.origin).toBe('(absent) with Referer: "https://myapp.com/page"');
    expect(finding!.replays).toEqual(["replay headers:4:0:1", "replay headers:4"]);
  });

  test("finding ids do not depend on the seed or on the order of failures", () => {
    const other = groupFindings([...syntheticFailures(99)].reverse(), DOCS_POLICY).findings;
    expect(new Set(other.map((finding) => finding.id))).toEqual(new Set(findings.map((finding) => finding.id)));
  });
});

describe("the text summary", () => {
  const text = textSummary(syntheticResult(syntheticFailures()), "chat");

  test("says what is wrong in plain words, worst grade first, at most 10 findings, then how many more are in report.html", () => {
    const lines = text.split("\n");
    expect(lines[0]).toContain("NOT-CONFORMANT: 15 distinct problems: 1 accepted an origin any web page can send; 13 accepted an origin only a non-browser client can send; 1 refused an allowed origin");
    expect(lines[1]).toMatch(/^ {2}worst: accepted an origin any web page can send/);
    const shown = lines.filter((line) => line.startsWith("    \""));
    expect(shown).toHaveLength(10);
    expect(shown[0]).toContain("https://myapp.com.evil.net");
    expect(text).toContain("5 more in report.html");
    expect(text.indexOf("ACCEPTED AN ORIGIN ANY WEB PAGE CAN SEND")).toBeLessThan(text.indexOf("ACCEPTED AN ORIGIN ONLY A NON-BROWSER CLIENT CAN SEND"));
  });

  test("the userinfo origin is printed once, with one replay command and the rest counted", () => {
    expect(text.split("https://myapp.com@evil.com").length - 1).toBe(1);
    expect(text).toContain("(5 more replay command(s) in report.html)");
  });
});

describe("Markdown, HTML and report.json", () => {
  const report = syntheticReport();

  test("Markdown leads with the worst grade, then the findings table, then a transcript per finding", () => {
    const markdown = renderMarkdown(report);
    const worst = markdown.indexOf("Worst problem: accepted an origin any web page can send");
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(markdown.indexOf("| actor |"));
    expect(markdown).toContain("Transcript (websocket-connect):");
    expect(markdown).toContain("Origin: https://myapp.com.evil.net");
  });

  test("HTML leads with the worst grade and carries a transcript per finding", () => {
    const html = renderHtml(report);
    expect(html.indexOf('class="worst"')).toBeLessThan(html.indexOf("<h2>"));
    expect(html).toContain('class="grade grade-browser-reachable-accept"');
    expect(html).toContain('<pre class="transcript">POST /gateway/a/action/x HTTP/1.1');
  });

  test("report.json carries the grade of every failure and finding", () => {
    const json = JSON.parse(RENDERERS["report.json"]!(report)) as { worstGrade: string; subjects: { failures: { grade: string; finding: string }[]; findings: { grade: string }[] }[] };
    expect(json.worstGrade).toBe("browser-reachable-accept");
    expect(json.subjects[0]!.failures.every((failure) => typeof failure.grade === "string" && failure.finding.length === 16)).toBe(true);
    expect(json.subjects[0]!.findings.map((finding) => finding.grade)).toContain("wrong-reject");
  });

  test("a conformant run has no worst grade and no findings section", () => {
    const clean = syntheticReport(7, []);
    expect(clean.worstGrade).toBeUndefined();
    expect(renderMarkdown(clean)).not.toContain("Worst problem");
    expect(textSummary(syntheticResult([]), "chat")).toContain("no problems found");
  });
});
