/**
 * The CLI on bank mutants (engine-backed; run this file alone): report.sarif
 * validates against the SARIF 2.1.0 schema and points at the line where the
 * guard's onBeforeConnect is written; GitHub's step summary and annotations
 * appear when their variables are set; --fail-on decides the exit code only.
 * The checks run on the suite's shared engine (--endpoint).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Log } from "sarif";
import { afterAll, describe, expect, test } from "vitest";
import { sarifSchemaErrors } from "../reports/sarif-schema.js";
import { onSharedEngine, runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "origin-conformance-sarif-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DOCS_FLAGS = ["--allow", "http://localhost:3000", "--allow", "https://myapp.com", "--allow", "https://www.myapp.com"];
const RUN_FLAGS = ["--runs", "20", "--seed", "3", "--screen", "300", "--transport", "http-action,websocket-connect", "--corpus", join(dir, "corpus.json")];

/** The 1-based line of `onBeforeConnect` in a bank file, found by reading the file (the harness finds it through V8 and the source map). */
function hookLine(file: string): number {
  const lines = readFileSync(file, "utf8").split("\n");
  const index = lines.findIndex((line) => /^\s*onBeforeConnect\b/.test(line));
  expect(index).toBeGreaterThan(0);
  return index + 1;
}

describe("report.sarif of a bank mutant", () => {
  test("prefix-match: exit 1, valid SARIF at the guard's line, a browser-reachable error, GitHub summary and annotations", { timeout: 240_000 }, async () => {
    const reportDir = join(dir, "prefix-match");
    const summary = join(dir, "step-summary.md");
    writeFileSync(summary, "");
    const run = await runCli(["check", "reference-actors/registry.ts", "--actor", "prefix-match", ...DOCS_FLAGS, ...RUN_FLAGS, ...onSharedEngine(), "--report-dir", reportDir], {
      timeoutMs: 230_000,
      env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
    });
    expect(run.code, run.stderr).toBe(1);

    const log = JSON.parse(readFileSync(join(reportDir, "report.sarif"), "utf8")) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = log.runs[0]!.results!;
    expect(results.length).toBeGreaterThan(0);
    const line = hookLine("reference-actors/known-bad/prefix-match.ts");
    for (const result of results) {
      const location = result.locations![0]!.physicalLocation!;
      expect(location.artifactLocation!.uri).toBe("reference-actors/known-bad/prefix-match.ts");
      expect(location.region!.startLine).toBe(line);
    }
    // https://myapp.com.evil.com is what any attacker's page sends: an error; the userinfo form only a script can send: a warning.
    expect(results.find((result) => result.ruleId === "origin-conformance/lookalike-domains")?.level).toBe("error");
    expect(results.find((result) => result.ruleId === "origin-conformance/userinfo")?.level).toBe("warning");

    const report = JSON.parse(readFileSync(join(reportDir, "report.json"), "utf8")) as { worstGrade: string; subjects: { findings: { origin: string; transports: string[] }[] }[] };
    expect(report.worstGrade).toBe("browser-reachable-accept");
    const userinfo = report.subjects[0]!.findings.filter((finding) => finding.origin === '"https://myapp.com@evil.com"');
    expect(userinfo).toHaveLength(1);
    expect(userinfo[0]!.transports.sort()).toEqual(["http-action", "websocket-connect"]);
    expect(run.stderr.split("https://myapp.com@evil.com\"").length - 1).toBeLessThanOrEqual(1);

    expect(readFileSync(summary, "utf8")).toMatch(/^## ❌ Origin conformance: not-conformant\n\n\*\*Worst problem: accepted an origin any web page can send/);
    const annotations = run.stdout.split("\n").filter((text) => text.startsWith("::error "));
    expect(annotations.length).toBeGreaterThan(0);
    expect(annotations.length).toBeLessThanOrEqual(10);
    expect(annotations[0]).toContain(`file=reference-actors/known-bad/prefix-match.ts,line=${line},`);
  });

  test("case-insensitive-compare under --fail-on browser-reachable: exit 0 (nothing a browser sends gets through), the report still lists everything", { timeout: 240_000 }, async () => {
    const reportDir = join(dir, "case-insensitive");
    const run = await runCli(
      ["check", "reference-actors/registry.ts", "--actor", "case-insensitive-compare", ...DOCS_FLAGS, ...RUN_FLAGS, ...onSharedEngine(), "--report-dir", reportDir, "--fail-on", "browser-reachable"],
      { timeoutMs: 230_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(reportDir, "report.json"), "utf8")) as { verdict: string; worstGrade: string; subjects: { findings: unknown[] }[] };
    expect(report.verdict).toBe("not-conformant");
    expect(report.worstGrade).toBe("non-browser-accept");
    expect(report.subjects[0]!.findings.length).toBeGreaterThan(0);
    const log = JSON.parse(readFileSync(join(reportDir, "report.sarif"), "utf8")) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]!.results!.every((result) => result.level === "warning")).toBe(true);
    expect(run.stderr).toContain("--fail-on browser-reachable: no browser-reachable wrong accept");
  });
});

test("--fail-on with another value: exit 2, one message, nothing spawned", { timeout: 60_000 }, async () => {
  const run = await runCli(["check", "reference-actors/registry.ts", "--actor", "prefix-match", ...DOCS_FLAGS, "--fail-on", "sometimes", "--report-dir", join(dir, "never")]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/--fail-on <grade>.*sometimes.*invalid.*any, browser-reachable/);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});
