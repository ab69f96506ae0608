/** With GITHUB_STEP_SUMMARY and GITHUB_ACTIONS set: the Markdown report is appended, and the worst findings become bounded annotations. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { githubAnnotations, MAX_ANNOTATIONS, publishToGitHub } from "../../harness/reports/github.js";
import { GUARD_LOCATION, syntheticReport } from "../reports/synthetic-report.js";

const dir = mkdtempSync(join(tmpdir(), "origin-conformance-github-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("GITHUB_STEP_SUMMARY: the Markdown report is appended to what the step already wrote", () => {
  const summary = join(dir, "summary.md");
  writeFileSync(summary, "earlier step output\n");
  const printed: string[] = [];
  publishToGitHub(syntheticReport(), "any", { GITHUB_STEP_SUMMARY: summary }, (text) => printed.push(text));
  const text = readFileSync(summary, "utf8");
  expect(text.startsWith("earlier step output\n## ❌ Origin conformance: not-conformant")).toBe(true);
  expect(text).toContain("Worst problem: accepted an origin any web page can send");
  expect(printed).toEqual([]); // no annotations without GITHUB_ACTIONS
});

test("GITHUB_ACTIONS: ::error annotations at the guard's line, worst first, bounded, escaped", () => {
  const printed: string[] = [];
  publishToGitHub(syntheticReport(), "any", { GITHUB_ACTIONS: "true" }, (text) => printed.push(text));
  const lines = printed.join("").trimEnd().split("\n");
  expect(lines).toHaveLength(MAX_ANNOTATIONS + 1);
  expect(lines[0]!.startsWith(`::error file=${GUARD_LOCATION.file},line=${GUARD_LOCATION.line},title=chat%3A accepted an origin any web page can send::"https://myapp.com.evil.net" over http-action, websocket-connect`)).toBe(true);
  expect(lines.slice(0, MAX_ANNOTATIONS).every((line) => line.startsWith("::error file=src/chat.ts,line=12,"))).toBe(true);
  expect(lines.at(-1)).toBe("::notice::5 more finding(s) in report.html and report.sarif");
  expect(lines.every((line) => !line.includes("\r"))).toBe(true);
});

test("--fail-on browser-reachable: only the browser-reachable finding is an error, the rest are warnings", () => {
  const lines = githubAnnotations(syntheticReport(), "browser-reachable");
  expect(lines.filter((line) => line.startsWith("::error"))).toHaveLength(1);
  expect(lines.filter((line) => line.startsWith("::warning"))).toHaveLength(MAX_ANNOTATIONS - 1);
});

test("a conformant run prints no annotation and still writes its summary", () => {
  const summary = join(dir, "clean.md");
  const printed: string[] = [];
  publishToGitHub(syntheticReport(7, []), "any", { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary }, (text) => printed.push(text));
  expect(printed).toEqual([]);
  expect(readFileSync(summary, "utf8")).toContain("Origin conformance: conformant");
});
