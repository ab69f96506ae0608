/**
 * Hostile values in the report: origins (and actor names, answers, reasons)
 * like `"><script>alert(1)</script>`, markup that breaks tables and code
 * fences, control bytes, and a 100 KB origin. report.json keeps every value
 * whole and round-trips; report.html, report.md and junit.xml escape them and
 * truncate the long one; report.html opened in headless Chromium runs nothing,
 * with its Content-Security-Policy and without it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { browserRequired, chromiumUnavailableReason, launchChromium } from "../../harness/browser/chromium.js";
import type { ConformanceResult, Failure } from "../../harness/conformance/result.js";
import { parsePolicy } from "../../harness/policy/policy.js";
import type { OriginHeader } from "../../harness/origin/header.js";
import { readReport } from "../../harness/reports/diff.js";
import { buildReport, type Report, type ReportSubject } from "../../harness/reports/report.js";
import { RENDERERS } from "../../harness/reports/renderers.js";
import { writeReports } from "../../harness/reports/write.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";

const SCRIPT = `"><script>alert(1)</script>`;
const PAYLOADS = [
  SCRIPT,
  `<img src=x onerror="document.body.dataset.pwned='img'">`,
  `</code></td></tr></table><svg onload=alert(2)>`,
  `<details open ontoggle=alert(3)>`,
  `' onmouseover='alert(4)' x='`,
  "<script>document.title='PWNED'</script>",
  "| a | b |\n## pwned heading\n```\n[click](javascript:alert(5))",
  "]]><!-- --><?xml version='1.0'?>&amp;&lt;\u0000\u0001\u001b\ufffe",
];
const HUGE = `https://${"a".repeat(100_000)}.com`;
const evil = (index: number) => PAYLOADS[index % PAYLOADS.length]!;

function failure(index: number, header: OriginHeader): Failure {
  return {
    property: "oracle",
    category: index === 0 ? "null-origin" : "case-variants",
    transport: index % 2 === 0 ? "http-action" : "websocket-connect",
    phase: "corpus",
    undecided: index % 3 !== 0,
    entry: index,
    caseId: `case-${evil(index)}`,
    header,
    expected: "reject",
    outcome:
      index % 3 === 0
        ? { kind: "rejected", group: evil(index + 1), code: evil(index + 2), message: evil(index + 3), status: 500, evidence: evil(index + 4) }
        : { kind: "errored", detail: evil(index + 5) },
    problem: `accepted ${evil(index)}`,
    request: `POST /gateway/${evil(index + 1)}/action/x`,
    response: `HTTP 500 ${evil(index + 2)}`,
    replay: `pnpm conformance check x.ts --actor ${evil(index + 3)}`,
  };
}

function hostileReport(): Report {
  const headers: OriginHeader[] = [...PAYLOADS.map((payload) => ({ lines: [payload] })), { lines: [HUGE] }, { lines: [SCRIPT, HUGE], name: "oRiGiN" }];
  const subject: ReportSubject = {
    actor: `actor ${SCRIPT}`,
    module: `module ${PAYLOADS[1]}`,
    policy: parsePolicy(DOCS_POLICY),
    transports: ["http-action", "websocket-connect"],
    seed: 1,
    runs: 10,
    verdict: "infrastructure-failure",
    matrix: {
      "null-origin": { "http-action": { run: 3, passed: 2, failed: 1 } },
      "case-variants": { "websocket-connect": { run: 4, passed: 3, failed: 1 } },
      [SCRIPT]: { "http-action": { run: 1, passed: 0, failed: 1 } },
    },
    failures: headers.map((header, index) => failure(index, header)),
    skipped: [{ check: `side-effect-safety ${PAYLOADS[2]}`, reason: `reading ${PAYLOADS[3]} gave no number` }],
    undecided: 1,
    infrastructureProbes: 1,
    engineDied: `engine exited: ${PAYLOADS[4]}`,
    cutOff: {
      reason: `the engine died: ${PAYLOADS[5]}`,
      phase: `corpus ${PAYLOADS[6]}`,
      phasesNotRun: ["random", "history"],
      sent: 2,
      notSent: 1,
      probes: [
        { phase: "corpus", transport: "http-action", header: { lines: [SCRIPT] }, state: "sent" },
        { phase: "corpus", transport: "websocket-connect", header: { lines: [HUGE] }, state: "sent" },
        { phase: "corpus", transport: "http-action", header: { lines: [PAYLOADS[6]!] }, state: "not-sent" },
      ],
    },
    probes: 20,
    ledger: { evidence: 18, diagnostic: 2, inProcess: 0 },
    screening: {
      status: "unfaithful",
      reason: `the tier disagreed ${PAYLOADS[1]}`,
      corpusCompared: 3,
      corpusAgreed: 1,
      disagreements: [
        { transport: "http-action", origin: SCRIPT, wire: `accepted ${PAYLOADS[2]}`, inProcess: HUGE },
        { transport: "websocket-connect", origin: HUGE, wire: SCRIPT, inProcess: `rejected ${PAYLOADS[3]}` },
      ],
      seed: 1,
      screened: 0,
      screenedPerSecond: 0,
      oracleFailures: 0,
      confirmation: { probes: 0, failed: 0, agreedWithTier: 0 },
    },
    startedAt: new Date(0).toISOString(),
    durationMs: 1234,
  } satisfies ConformanceResult & { module: string };
  return buildReport({
    engine: { mode: "spawned", endpoint: "http://127.0.0.1:1" },
    startedAt: new Date(0),
    subjects: [subject],
    complete: false,
    subjectsNotRun: [`next ${SCRIPT}`, `after ${PAYLOADS[6]}`],
  });
}

/** The tags and attributes report.html's own template uses; anything else came from a value. */
const HTML_TAGS = new Set(["!doctype", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "span", "code", "table", "tr", "th", "td", "details", "summary", "b", "ul", "li", "br", "pre"]);
const HTML_ATTRIBUTES = new Set(["lang", "charset", "http-equiv", "content", "class", "title"]);
const JUNIT_TAGS = new Set(["?xml", "testsuites", "testsuite", "testcase", "failure", "system-out"]);

function tagsOf(markup: string): { name: string; attributes: string[] }[] {
  return [...markup.matchAll(/<(\/?)([!?a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)].map((match) => ({
    name: match[2]!.toLowerCase(),
    attributes: [...match[3]!.matchAll(/\s([a-zA-Z-]+)=/g)].map((attribute) => attribute[1]!.toLowerCase()),
  }));
}

const longestRun = (text: string) => Math.max(0, ...[...text.matchAll(/a+/g)].map((match) => match[0].length));
const scratch = mkdtempSync(join(tmpdir(), "origin-conformance-faulttest-report-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const REPORT_DIR = resolve("reports/latest/hostile");

describe("fault (hostile values) › in (origins, actor names, answers, reasons, a 100 KB origin) › format (json, html, md, junit)", () => {
  const report = hostileReport();
  const rendered = Object.fromEntries(Object.entries(RENDERERS).map(([file, render]) => [file, render(report)]));

  test("report.json keeps every value whole and round-trips; the baseline schema reads it", () => {
    const json = rendered["report.json"]!;
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(JSON.parse(json).subjects[0].failures.at(-2).header.lines[0]).toBe(HUGE);
    expect(JSON.parse(json).subjects[0].actor).toBe(`actor ${SCRIPT}`);
    const file = join(scratch, "report.json");
    writeFileSync(file, json);
    expect(() => readReport(file)).not.toThrow();
  });

  test("report.html: only the template's own tags and attributes, values escaped, the long one truncated", () => {
    const html = rendered["report.html"]!;
    for (const tag of tagsOf(html)) {
      expect(HTML_TAGS, `<${tag.name}>`).toContain(tag.name);
      for (const attribute of tag.attributes) expect(HTML_ATTRIBUTES, `<${tag.name} ${attribute}=>`).toContain(attribute);
    }
    expect(html).not.toMatch(/<script|<img|<svg|<details open/i);
    expect(html).toContain("&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(longestRun(html)).toBeLessThan(1_000);
    expect(html).toContain("(100014 characters)");
    // Control bytes from the wire are shown, not passed through.
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(html).toContain("\\u001b");
    expect(html.length).toBeLessThan(150_000);
  });

  test("report.md: no raw markup outside code fences, no broken table rows or fences, no injected headings, the long value truncated", () => {
    const markdown = rendered["report.md"]!;
    // A fenced block is literal text; it must hold no fence of its own.
    const fences = [...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)];
    expect(fences.length).toBeGreaterThan(0);
    for (const fence of fences) expect(fence[1]).not.toContain("```");
    const outsideFences = markdown.replace(/^```[a-z]*\n[\s\S]*?^```$/gm, "");
    expect(outsideFences).not.toMatch(/(^|[^\\])<(script|img|svg|details)/i);
    expect(outsideFences).not.toMatch(/^#+ pwned/m);
    expect(outsideFences).not.toMatch(/[^\\]\[click\]\(javascript:/);
    const lines = markdown.split("\n");
    expect(lines.filter((line) => line.startsWith("```")).length % 2).toBe(0);
    // Every table row has as many unescaped pipes as its header row.
    let columns = 0;
    for (const line of lines) {
      if (!line.startsWith("|")) {
        columns = 0;
        continue;
      }
      const pipes = line.replace(/\\\|/g, "").split("|").length;
      if (columns === 0) columns = pipes;
      expect(pipes, line.slice(0, 200)).toBe(columns);
    }
    expect(longestRun(markdown)).toBeLessThan(1_000);
    expect(markdown).toContain("100014 characters");
    expect(markdown).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  test("junit.xml: only its own elements, no raw markup or XML-illegal bytes in values, the long value truncated", () => {
    const xml = rendered["junit.xml"]!;
    for (const tag of tagsOf(xml)) expect(JUNIT_TAGS, `<${tag.name}>`).toContain(tag.name);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(xml).not.toMatch(/&(?!(#\d+|amp|lt|gt|quot|apos);)/);
    expect(xml).not.toMatch(/<script|<img|<svg/i);
    expect(longestRun(xml)).toBeLessThan(1_000);
    expect(xml).toMatch(/name="the run completed"/);
    expect(xml).toMatch(/failure message="not run: the run was cut off before this subject"/);
  });

  const unavailable = chromiumUnavailableReason();
  test("report.html in headless Chromium: nothing runs, with and without its CSP; junit.xml parses as XML", { timeout: 90_000 }, async (context) => {
    if (unavailable !== undefined && !browserRequired()) context.skip(`chromium is not available: ${unavailable}`);
    mkdirSync(REPORT_DIR, { recursive: true });
    writeReports(report, REPORT_DIR, RENDERERS);
    const chromium = await launchChromium();
    try {
      const browserContext = await chromium.newContext();
      await browserContext.setOffline(true);
      // Flags any sign of script from the page: script elements or on* handlers reaching the DOM, blocked scripts (CSP reports), globals set.
      await browserContext.addInitScript(() => {
        const flags: string[] = [];
        (window as unknown as { __flags: string[] }).__flags = flags;
        document.addEventListener("securitypolicyviolation", (event) => flags.push(`csp violation: ${event.violatedDirective} ${event.blockedURI}`));
        new MutationObserver((records) => {
          for (const record of records) {
            for (const node of record.addedNodes) {
              if (!(node instanceof Element)) continue;
              for (const element of [node, ...node.querySelectorAll("*")]) {
                if (element.tagName === "SCRIPT") flags.push(`script element: ${element.textContent}`);
                for (const attribute of element.attributes) if (/^on/i.test(attribute.name)) flags.push(`handler ${attribute.name} on <${element.tagName}>`);
              }
            }
          }
        }).observe(document, { childList: true, subtree: true });
      });
      const page = await browserContext.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on("pageerror", (error) => errors.push(error.message));
      const html = rendered["report.html"]!;
      const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "");
      expect(withoutCsp).not.toBe(html);
      await page.route("http://report.invalid/**", (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: withoutCsp }));

      for (const url of [pathToFileURL(join(REPORT_DIR, "report.html")).href, "http://report.invalid/without-csp.html"]) {
        await page.goto(url, { timeout: 30_000 });
        await page.waitForTimeout(300);
        const seen = await page.evaluate(() => ({
          flags: (window as unknown as { __flags: string[] }).__flags,
          scripts: document.querySelectorAll("script").length,
          handlers: [...document.querySelectorAll("*")].filter((element) => [...element.attributes].some((attribute) => /^on/i.test(attribute.name))).length,
          title: document.title,
          pwned: document.body.dataset.pwned ?? null,
          text: document.body.innerText,
        }));
        expect(seen.flags, url).toEqual([]);
        expect(seen.scripts, url).toBe(0);
        expect(seen.handlers, url).toBe(0);
        expect(seen.title, url).not.toMatch(/PWNED/);
        expect(seen.pwned, url).toBeNull();
        // The payloads are shown as text, for the reader to see.
        expect(seen.text, url).toContain(`actor ${SCRIPT}`);
        expect(seen.text, url).toContain("(100014 characters)");
      }
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      await page.goto(pathToFileURL(join(REPORT_DIR, "report.html")).href, { timeout: 30_000 });
      await page.screenshot({ path: join(REPORT_DIR, "report.png"), fullPage: false, timeout: 30_000 });

      const parsed = await page.evaluate((xml) => {
        const documentNode = new DOMParser().parseFromString(xml, "application/xml");
        return { error: documentNode.querySelector("parsererror")?.textContent ?? null, cases: documentNode.querySelectorAll("testcase").length };
      }, readFileSync(join(REPORT_DIR, "junit.xml"), "utf8"));
      expect(parsed.error).toBeNull();
      expect(parsed.cases).toBeGreaterThan(0);
    } finally {
      await chromium.close();
    }
  });
});
