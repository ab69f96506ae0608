/**
 * report.html as a reader sees it: rendered from a real run (a known-bad guard,
 * plus the bank's score for it, read from that run) and opened offline
 * in headless Chromium. The matrix colours, failures, replay commands, mutation
 * score and platform findings must be on the page, and nothing may load or run.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { browserRequired, chromiumUnavailableReason, launchChromium } from "../../harness/browser/chromium.js";
import { orderForReading } from "../../harness/conformance/format-failure.js";
import { mutantRunOf, mutationScore } from "../../harness/conformance/mutation-score.js";
import { runConformance } from "../../harness/conformance/run.js";
import { buildReport, type ReportSubject } from "../../harness/reports/report.js";
import { RENDERERS } from "../../harness/reports/renderers.js";
import { HTML_FINDINGS } from "../../harness/reports/findings-section.js";
import { writeReports } from "../../harness/reports/write.js";
import { sharedEngine } from "../../harness/vitest/shared-engine.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { KNOWN_BAD_GUARDS } from "../../reference-actors/known-bad/index.js";
import { registry } from "../../reference-actors/registry.js";

const REPORT_DIR = resolve("reports/latest/html-check");
const unavailable = chromiumUnavailableReason();
const hosted = useHostedRegistry(registry);

describe.skipIf(unavailable !== undefined && !browserRequired())(`report.html in headless chromium${unavailable ? ` (skipped: ${unavailable})` : ""}`, () => {
  test("worst grade first, graded findings with transcripts, matrix colours, failures with replay commands, mutation score and platform findings; offline, nothing runs", { timeout: 360_000 }, async () => {
    const bad = KNOWN_BAD_GUARDS.find((guard) => guard.id === "prefix-match")!;
    const transports = ["http-action", "websocket-connect"] as const;
    const startedAt = new Date();
    const subjects: ReportSubject[] = [];
    const seed = 3;
    const result = await runConformance({ hosted: hosted(), actor: bad.id, policy: bad.policy, transports, runs: 30, seed, historySequences: 4 });
    subjects.push({ ...result, module: "reference-actors" });
    // The bank's score for this guard, read from the same run rather than from a second one.
    const mutantRun = mutantRunOf(bad, seed, result, Date.now() - startedAt.getTime());
    const score = mutationScore([bad], () => [mutantRun], [seed]);
    const report = buildReport({ engine: { mode: sharedEngine().mode, endpoint: sharedEngine().endpoint }, startedAt, subjects, complete: true, mutationScore: score });
    mkdirSync(REPORT_DIR, { recursive: true });
    writeReports(report, REPORT_DIR, RENDERERS);

    const failingCells = subjects.flatMap((subject) => Object.values(subject.matrix).flatMap((row) => Object.values(row).filter((cell) => cell.failed > 0))).length;
    const passingCells = subjects.flatMap((subject) => Object.values(subject.matrix).flatMap((row) => Object.values(row).filter((cell) => cell.failed === 0))).length;
    expect(subjects[0]!.verdict).toBe("not-conformant");
    expect(failingCells).toBeGreaterThan(0);

    const chromium = await launchChromium();
    try {
      const context = await chromium.newContext();
      await context.setOffline(true);
      const page = await context.newPage();
      const requests: string[] = [];
      const problems: string[] = [];
      page.on("request", (request) => requests.push(request.url()));
      page.on("console", (message) => problems.push(`console ${message.type()}: ${message.text()}`));
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("dialog", (dialog) => problems.push(`dialog: ${dialog.message()}`));
      const url = pathToFileURL(join(REPORT_DIR, "report.html")).href;
      await page.goto(url, { timeout: 30_000 });
      await page.screenshot({ path: join(REPORT_DIR, "report.png"), fullPage: true, timeout: 30_000 });

      const view = await page.evaluate(() => {
        const background = (selector: string) => {
          const element = document.querySelector(selector);
          return element ? getComputedStyle(element).backgroundColor : undefined;
        };
        return {
          title: document.querySelector("h1")?.textContent ?? "",
          scripts: document.querySelectorAll("script").length,
          matrixFail: document.querySelectorAll("table td.fail").length,
          matrixPass: document.querySelectorAll("table td.pass").length,
          failBackground: background("td.fail"),
          passBackground: background("td.pass"),
          headings: [...document.querySelectorAll("h2, h3")].map((heading) => heading.textContent ?? ""),
          text: document.body.innerText,
        };
      });
      expect(view.title).toContain("not-conformant");
      expect(view.scripts).toBe(0);
      expect(requests).toEqual([url]);
      expect(problems).toEqual([]);
      // Matrix cells plus the mutation-score row (a caught guard is a pass cell).
      expect(view.matrixFail).toBe(failingCells);
      expect(view.matrixPass).toBe(passingCells + (mutantRun.matching ? 1 : 0));
      expect(view.failBackground).toBe("rgb(255, 235, 233)");
      expect(view.passBackground).toBe("rgb(218, 251, 225)");
      expect(view.headings).toContain(`Failures (${subjects[0]!.failures.length})`);
      expect(view.headings.some((heading) => heading.startsWith(`Mutation score: ${mutantRun.matching ? 1 : 0}/1`))).toBe(true);
      expect(view.headings).toContain("Platform findings");
      expect(view.text).toContain("the guard is the only check");
      // <details> bodies are in the DOM though collapsed: every shown failure carries its replay command.
      const replays = await page.$$eval("details td code", (codes) => codes.map((code) => code.textContent ?? ""));
      for (const failure of orderForReading(subjects[0]!.failures).slice(0, 50)) expect(replays).toContain(failure.replay);

      // Grades: the worst one leads the page, every finding and failure carries its badge, in its colour.
      const graded = await page.evaluate(() => {
        const worst = document.querySelector("p.worst");
        const firstHeading = document.querySelector("h2");
        const badge = (grade: string) => document.querySelector(`.grade-${grade}`);
        return {
          worstText: worst?.textContent ?? "",
          worstBeforeSubjects: worst !== null && firstHeading !== null && (worst.compareDocumentPosition(firstHeading) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
          findings: [...document.querySelectorAll("details.finding")].map((finding) => finding.querySelector(".grade")?.className ?? ""),
          browserBadge: badge("browser-reachable-accept") ? getComputedStyle(badge("browser-reachable-accept")!).backgroundColor : undefined,
          nonBrowserBadge: badge("non-browser-accept") ? getComputedStyle(badge("non-browser-accept")!).backgroundColor : undefined,
          transcripts: [...document.querySelectorAll("pre.transcript")].map((pre) => pre.textContent ?? ""),
        };
      });
      const subject = report.subjects[0]!;
      expect(graded.worstText).toContain("accepted an origin any web page can send");
      expect(graded.worstBeforeSubjects).toBe(true);
      expect(graded.findings).toHaveLength(Math.min(subject.findings.length, HTML_FINDINGS));
      expect(graded.findings[0]).toBe(`grade grade-${subject.findings[0]!.grade}`);
      expect(graded.browserBadge).toBe("rgb(207, 34, 46)");
      expect(graded.nonBrowserBadge).toBe("rgb(251, 143, 68)");
      // Transcripts: the request line and headers as sent, then the HTTP status and body, or the frames and the close code.
      expect(graded.transcripts.length).toBeGreaterThan(0);
      const http = graded.transcripts.find((text) => text.startsWith("POST /gateway/"));
      expect(http).toMatch(/^POST \/gateway\/\S+\/action\/\S+ HTTP\/1\.1\nhost: 127\.0\.0\.1:\d+\n[\s\S]*\norigin: \S+[\s\S]*\n--- answer ---\nHTTP \d{3}\n\n\{/i);
      const websocket = graded.transcripts.find((text) => text.startsWith("GET /gateway/") && text.includes("/connect HTTP/1.1"));
      expect(websocket).toMatch(/sec-websocket-key: \S+/i);
      expect(websocket).toMatch(/--- answer ---\nHTTP 101\nframe \(text\): \{"body":\{"tag":"Init"/);
      await context.close();
    } finally {
      await chromium.close();
    }
  });
});
