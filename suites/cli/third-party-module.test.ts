/**
 * A user checks a guard module written outside this repository, in a project
 * of its own, gets the right exit code and the four reports, and diffs runs.
 * The checks run on the suite's shared engine (--endpoint): engine ownership is
 * suites/harness and suites/faults' subject, not this file's.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { onSharedEngine, runCli } from "./run-cli.js";

const project = mkdtempSync(join(tmpdir(), "origin-conformance-user-project-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "someone-elses-actor", type: "module", private: true }));
mkdirSync(join(project, "node_modules"));
// The user's own rivetkit install (here: the same files, linked).
symlinkSync(realpathSync(join(import.meta.dirname, "../../node_modules/rivetkit")), join(project, "node_modules/rivetkit"));

const guard = (name: string, check: string) => `
import { actor, setup, UserError } from "rivetkit";
const ALLOWED = ["https://chat.example.org", "https://www.chat.example.org"];
export const ${name} = actor({
  state: { messages: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!(${check})) throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
  actions: { send: (c) => ++c.state.messages },
});
export const registry = setup({ use: { ${name} } });
`;
writeFileSync(join(project, "good.ts"), guard("chat", "ALLOWED.includes(origin)"));
writeFileSync(join(project, "bad.mts"), guard("chat", "ALLOWED.some((allowed) => origin.startsWith(allowed))"));

const FLAGS = ["--allow", "https://chat.example.org", "--allow", "https://www.chat.example.org", "--runs", "30", "--seed", "5", "--transport", "http-action,websocket-connect"];

describe("a module outside the repository", () => {
  test("a startsWith guard: exit 1, four reports, a minimal counterexample with a replay command", { timeout: 180_000 }, async () => {
    const reportDir = join(project, "reports-bad");
    const run = await runCli(["check", "bad.mts", ...FLAGS, ...onSharedEngine(), "--report-dir", reportDir], { cwd: project, timeoutMs: 170_000 });
    expect(run.code, run.stderr).toBe(1);
    for (const file of ["report.json", "junit.xml", "report.md", "report.html"]) expect(existsSync(join(reportDir, file)), file).toBe(true);
    const report = JSON.parse(readFileSync(join(reportDir, "report.json"), "utf8"));
    expect(report).toMatchObject({ schemaVersion: 1, verdict: "not-conformant", complete: true, rivetkitVersion: "2.3.19" });
    const failures = report.subjects[0].failures as { category: string; header: { lines: string[] }; replay: string }[];
    expect(failures.some((failure) => failure.category === "lookalike-domains" && failure.header.lines[0] === "https://chat.example.org.evil.com")).toBe(true);
    expect(failures.every((failure) => failure.replay.startsWith("pnpm conformance check bad.mts --actor chat"))).toBe(true);
    expect(run.stderr).toMatch(/NOT-CONFORMANT/);
    // The in-process tier works on a module from elsewhere too: it agreed with the wire on the corpus, and what it found the wire confirmed.
    expect(report.subjects[0].screening).toMatchObject({ status: "used", disagreements: [] });
    expect(report.subjects[0].screening.corpusAgreed).toBe(report.subjects[0].screening.corpusCompared);
    expect(report.subjects[0].screening.confirmation.failed).toBeGreaterThan(0);
    expect(failures.some((failure) => (failure as { foundBy?: string }).foundBy === "screening" && failure.replay.includes("--path"))).toBe(true);
    expect(readFileSync(join(reportDir, "junit.xml"), "utf8")).toMatch(/<failure message="/);
  });

  test("the exact allowlist: exit 0, and diffs against the failing run show what was fixed", { timeout: 180_000 }, async () => {
    const reportDir = join(project, "reports-good");
    const run = await runCli(["check", "good.ts", ...FLAGS, ...onSharedEngine(), "--report-dir", reportDir, "--json"], { cwd: project, timeoutMs: 170_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: "conformant", subjects: [{ actor: "chat", verdict: "conformant", failures: 0, screening: { status: "used", confirmedFailed: 0 } }] });
    expect(JSON.parse(run.stdout).subjects[0].screening.screened).toBeGreaterThan(0);

    const fixed = await runCli(["diff", join(project, "reports-bad/report.json"), join(reportDir, "report.json")]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/new failures: none/);
    expect(fixed.stdout).toMatch(/fixed: \d+/);

    const regressed = await runCli(["diff", join(reportDir, "report.json"), join(project, "reports-bad/report.json")]);
    expect(regressed.code).toBe(1);
    expect(regressed.stdout).toMatch(/^new failures: \d+$/m);
    expect(regressed.stdout).toContain("  chat · lookalike-domains · http-action: ");
  });
});
