/**
 * report.html's grades and transcripts as a reader sees them, in headless
 * Chromium, from a hand-made report (no engine: html-in-chromium.test.ts does
 * the same on a real run). The worst grade leads the page; each finding shows
 * its grade in its colour and the request exactly as sent, then the answer.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { browserRequired, chromiumUnavailableReason, launchChromium } from "../../harness/browser/chromium.js";
import { renderHtml } from "../../harness/reports/html.js";
import { syntheticReport } from "./synthetic-report.js";

const dir = mkdtempSync(join(tmpdir(), "origin-conformance-grades-html-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const unavailable = chromiumUnavailableReason();

describe.skipIf(unavailable !== undefined && !browserRequired())(`grades and transcripts in report.html${unavailable ? ` (skipped: ${unavailable})` : ""}`, () => {
  test("the worst grade first, a badge per finding in its colour, transcripts as sent; offline, nothing runs", { timeout: 90_000 }, async () => {
    const report = syntheticReport();
    const file = join(dir, "report.html");
    writeFileSync(file, renderHtml(report));
    const chromium = await launchChromium();
    try {
      const context = await chromium.newContext();
      await context.setOffline(true);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(error.message));
      page.on("console", (message) => problems.push(message.text()));
      await page.goto(pathToFileURL(file).href, { timeout: 30_000 });
      const view = await page.evaluate(() => {
        const first = document.body.firstElementChild?.nextElementSibling;
        const findings = [...document.querySelectorAll("details.finding")];
        return {
          secondElement: first?.className ?? "",
          worstText: document.querySelector("p.worst")?.textContent ?? "",
          grades: findings.map((finding) => {
            const badge = finding.querySelector(".grade")!;
            return { text: badge.textContent ?? "", background: getComputedStyle(badge).backgroundColor };
          }),
          transcripts: findings.map((finding) => finding.querySelector("pre.transcript")?.textContent ?? ""),
          scripts: document.querySelectorAll("script").length,
        };
      });
      expect(problems).toEqual([]);
      expect(view.scripts).toBe(0);
      expect(view.secondElement).toBe("worst");
      expect(view.worstText).toContain("Worst problem: accepted an origin any web page can send");
      const subject = report.subjects[0]!;
      expect(view.grades).toHaveLength(subject.findings.length);
      expect(view.grades[0]).toEqual({ text: "accepted an origin any web page can send", background: "rgb(207, 34, 46)" });
      expect(view.grades[1]).toEqual({ text: "accepted an origin only a non-browser client can send", background: "rgb(251, 143, 68)" });
      expect(view.grades.at(-1)).toEqual({ text: "refused an allowed origin", background: "rgb(191, 135, 0)" });
      // The look-alike's transcript: the request line and headers as written (CR LF shown as line ends), then the answer.
      expect(view.transcripts[0]).toBe(
        'POST /gateway/a/action/x HTTP/1.1\nHost: 127.0.0.1:1\nOrigin: https://myapp.com.evil.net\n\n{"args":[]}\n\n--- answer ---\nHTTP 200\n\n{"output":1}',
      );
      await context.close();
    } finally {
      await chromium.close();
    }
  });
});
