/**
 * `origin-conformance check` on a whole registry: every actor on one engine,
 * a report with a row per actor, the worst verdict, and an actor with no origin
 * guard flagged with its own finding. Then the config file, init, and the
 * config's bad input (exit 2, one line naming the file and the key).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { sharedEngine } from "../../harness/vitest/shared-engine.js";
import { runCli } from "../cli/run-cli.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const DOCS = { allow: ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"] };
const scratch = mkdtempSync(join(tmpdir(), "origin-conformance-registry-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const dir = (files: Record<string, string> = {}) => {
  const path = join(scratch, `d${++dirs}`);
  mkdirSync(path, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
  return path;
};
// Narrowed so the wrong actor's hundreds of failures do not dominate: the registry-level behaviour is what is tested here.
const QUICK = ["--transport", "http-action,websocket-connect", "--runs", "10", "--screen", "0"];
type Summary = { verdict: string; subjects: { actor: string; verdict: string; probes: number; findings: number; openActor?: string }[] };

describe("check › a whole registry (no --actor)", () => {
  test("three actors, no flags but the policy: one correct, one wrong, one with no guard", { timeout: 600_000 }, async () => {
    const work = dir({ "policy.json": JSON.stringify(DOCS) });
    const reports = join(work, "reports");
    const run = await runCli(["check", join(FIXTURES, "three-actors.ts"), "--policy", join(work, "policy.json"), "--report-dir", reports, "--corpus", join(work, "corpus.json"), "--endpoint", sharedEngine().endpoint, "--json", ...QUICK], { timeoutMs: 580_000 });
    expect(run.code, run.stderr).toBe(1);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.verdict).toBe("not-conformant");
    expect(Object.fromEntries(summary.subjects.map((subject) => [subject.actor, subject.verdict]))).toEqual({ chatRoom: "conformant", document: "not-conformant", admin: "not-conformant" });
    const admin = summary.subjects.find((subject) => subject.actor === "admin")!;
    expect(admin.openActor).toMatch(/no origin guard: the actor has no onBeforeConnect/);
    expect(admin.probes, "a handful of probes prove an open actor").toBeLessThan(30);

    const report = JSON.parse(readFileSync(join(reports, "report.json"), "utf8")) as { subjects: { actor: string; findings: { problem: string; grade: string }[] }[] };
    const adminFindings = report.subjects.find((subject) => subject.actor === "admin")!.findings;
    expect(adminFindings).toHaveLength(1);
    expect(adminFindings[0]!.problem).toMatch(/^no origin guard: every origin is accepted/);
    expect(adminFindings[0]!.grade).toBe("browser-reachable-accept");
    const sarif = readFileSync(join(reports, "report.sarif"), "utf8");
    expect(sarif).toContain('"ruleId": "origin-conformance/no-origin-guard"');
    const markdown = readFileSync(join(reports, "report.md"), "utf8");
    for (const actor of ["chatRoom", "document", "admin"]) expect(markdown).toContain(actor);
  });

  test("from the config file alone: the registry, the policy, and an actor declared public", { timeout: 300_000 }, async () => {
    const work = dir({
      "origin-conformance.config.json": JSON.stringify({ registry: join(FIXTURES, "public-and-guarded.ts"), policy: DOCS, actors: { presence: { public: true }, lobby: { public: true } }, runs: 10, transports: ["http-action", "websocket-connect"] }),
    });
    const run = await runCli(["check", "--report-dir", join(work, "reports"), "--corpus", join(work, "corpus.json"), "--endpoint", sharedEngine().endpoint, "--screen", "0", "--json"], { cwd: work, timeoutMs: 280_000 });
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.subjects.map(({ actor, verdict, openActor }) => ({ actor, verdict, openActor }))).toEqual([
      { actor: "chatRoom", verdict: "conformant", openActor: undefined },
      { actor: "presence", verdict: "conformant", openActor: "declared public" },
      // Its guard reads the request, so "public" is checked in full: every generated origin must pass.
      { actor: "lobby", verdict: "conformant", openActor: undefined },
    ]);
    expect(summary.subjects.find((subject) => subject.actor === "presence")!.probes).toBeLessThan(20);
    expect(summary.subjects.find((subject) => subject.actor === "lobby")!.probes).toBeGreaterThan(100);
  });
});

describe("init", () => {
  test("writes a starter config naming the actors with no guard, and refuses to overwrite it", async () => {
    const work = dir();
    const first = await runCli(["init", join(FIXTURES, "four-actors.ts")], { cwd: work });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/5 actor\(s\): chatRoom, document, admin, presence, lobby/);
    expect(first.stdout).toMatch(/admin: no origin guard/);
    expect(first.stdout).toMatch(/presence: no origin guard/);
    expect(first.stdout).not.toMatch(/chatRoom: no origin guard/);
    expect(first.stdout, "a guard that reads the request is a guard, even one that lets everything in").not.toMatch(/lobby: no origin guard/);
    expect(existsSync(join(work, "origin-conformance.config.ts"))).toBe(true);
    const again = await runCli(["init", join(FIXTURES, "four-actors.ts")], { cwd: work });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/origin-conformance\.config\.ts already exists/);
    // Until the allowlist is filled in, check says so: no engine, no probe.
    const check = await runCli(["check"], { cwd: work });
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/origin-conformance\.config\.ts: policy: allow: must list at least one origin/);
  });
});

describe("check › bad config (exit 2, the file and the key, nothing written)", () => {
  const registry = join(FIXTURES, "three-actors.ts");
  test.each([
    ["a config that names an actor the registry lacks", { "origin-conformance.config.json": JSON.stringify({ registry, policy: DOCS, actors: { chatRom: {} } }) }, /origin-conformance\.config\.json: actors\.chatRom: the registry has no actor "chatRom"; did you mean "chatRoom"\?/],
    ["two config files found", { "origin-conformance.config.json": "{}", "origin-conformance.config.mjs": "export default {};\n" }, /two config files found in .*: origin-conformance\.config\.mjs and origin-conformance\.config\.json/],
    ["a config that does not parse", { "origin-conformance.config.json": '{ "policy": ' }, /origin-conformance\.config\.json: not valid JSON/],
    ["a registry path the config does not resolve", { "origin-conformance.config.json": JSON.stringify({ registry: "./src/registry.ts", policy: DOCS }) }, /origin-conformance\.config\.json: registry: \.\/src\/registry\.ts does not resolve to a file/],
    ["an unknown key", { "origin-conformance.config.json": JSON.stringify({ registry, polciy: DOCS }) }, /origin-conformance\.config\.json: unknown key "polciy"; did you mean "policy"\?/],
  ])("%s", async (_title, files, message) => {
    const work = dir(files);
    const run = await runCli(["check", "--report-dir", join(work, "reports")], { cwd: work, env: { RIVET_ENDPOINT: "" } });
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(join(work, "reports"))).toBe(false);
  });
  test("--config names one explicitly, and a missing one is named", async () => {
    const work = dir();
    const run = await runCli(["check", "--config", "nope.config.json"], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/config file not found: nope\.config\.json/);
  });
});
