/**
 * Bad input gets one clear message naming the problem, a distinct exit code
 * (2 for usage, policy and module errors; 3 for infrastructure) and no stack
 * trace; nothing is written.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import getPort from "get-port";
import { afterAll, describe, expect, test } from "vitest";
import { SUPPORTED_RIVETKIT } from "../../harness/versions/rivetkit.js";
import { runCli } from "./run-cli.js";

const fixtures = join(import.meta.dirname, "fixtures");
const REFERENCES = "reference-actors/registry.ts";
const DOCS = ["--allow", "http://localhost:3000", "--allow", "https://myapp.com", "--allow", "https://www.myapp.com"];
const scratch = mkdtempSync(join(tmpdir(), "origin-conformance-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const policyFile = (name: string, content: string) => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};

describe("exit 2: usage, policy and module errors", () => {
  test.each([
    ["a missing module file", ["check", "nope/registry.ts", ...DOCS], /module not found: nope\/registry\.ts/],
    ["a module without a registry", ["check", join(fixtures, "no-registry.ts"), ...DOCS], /exports no rivetkit registry .*it exports: config/],
    ["a module that throws on import", ["check", join(fixtures, "throws-on-import.ts"), ...DOCS], /threw while it was imported: database URL is not set/],
    ["an unknown actor", ["check", REFERENCES, "--actor", "nope", ...DOCS], /unknown actor "nope"; the registry has: seed-allowlist, /],
    ["no policy at all", ["check", REFERENCES, "--actor", "seed-allowlist"], /no policy for actor "seed-allowlist": give --policy <file\.json> or --allow <origin>/],
    ["an allow entry with a trailing slash", ["check", REFERENCES, "--actor", "seed-allowlist", "--allow", "https://myapp.com/"], /allow\[0\]: "https:\/\/myapp\.com\/" is not a serialized origin .*did you mean "https:\/\/myapp\.com"\?/],
    ["both --policy and --allow", ["check", REFERENCES, "--actor", "seed-allowlist", "--policy", "p.json", ...DOCS], /use either --policy or --allow/],
    ["a missing policy file", ["check", REFERENCES, "--actor", "seed-allowlist", "--policy", "missing.json"], /policy file not found: missing\.json/],
    ["an unknown transport", ["check", REFERENCES, "--actor", "seed-allowlist", "--transport", "carrier-pigeon", ...DOCS], /unknown transport carrier-pigeon; choose from http-action/],
    ["a transport the actor does not serve", ["check", REFERENCES, "--actor", "seed-allowlist", "--transport", "raw-request", ...DOCS], /does not serve raw-request; it serves: http-action, http-queue, websocket-connect/],
    ["--runs that is not a number", ["check", REFERENCES, "--runs", "lots", ...DOCS], /--runs must be a positive whole number/],
    ["--path without --seed", ["check", REFERENCES, "--actor", "seed-allowlist", "--path", "3:1", ...DOCS], /--path replays a failure and needs the --seed/],
    ["an unknown flag", ["check", REFERENCES, "--colour"], /unknown option '--colour'/],
    ["a module of an unsupported type", ["check", "package.json", ...DOCS], /unsupported module type \.json/],
  ])("%s", async (_title, args, message) => {
    const run = await runCli(args as string[], { env: { RIVET_ENDPOINT: "" } });
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  // suites/versions/unsupported-rivetkit.test.ts does this with the published rivetkit 2.2.1 installed.
  test("a module whose rivetkit is outside the supported range: refused before the module is imported", async () => {
    const project = join(scratch, "old-rivetkit");
    mkdirSync(join(project, "node_modules/rivetkit"), { recursive: true });
    writeFileSync(join(project, "node_modules/rivetkit/package.json"), JSON.stringify({ name: "rivetkit", version: "2.2.1", main: "index.js" }));
    writeFileSync(join(project, "node_modules/rivetkit/index.js"), "exports.setup = () => ({});\n");
    const imported = join(project, "imported");
    writeFileSync(
      join(project, "ok-set.ts"),
      `import { writeFileSync } from "node:fs";\nimport { setup } from "rivetkit";\nwriteFileSync(${JSON.stringify(imported)}, "");\nexport const registry = setup();\n`,
    );
    const reportDir = join(project, "reports");
    const run = await runCli(["check", join(project, "ok-set.ts"), ...DOCS, "--report-dir", reportDir], { env: { RIVET_ENDPOINT: "" } });
    expect(run.stderr).toContain(`rivetkit 2.2.1 is not supported by this version of rivet-origin-conformance (supported: ${SUPPORTED_RIVETKIT})`);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(imported), "the module ran").toBe(false);
    expect(existsSync(reportDir)).toBe(false);
  });

  test("an invalid policy file names the field and lists unknown keys", async () => {
    const file = policyFile("bad.json", JSON.stringify({ alow: ["https://myapp.com"], match: "fuzzy" }));
    const run = await runCli(["check", REFERENCES, "--actor", "seed-allowlist", "--policy", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown key\(s\): "alow"/);
    expect(run.stderr).toMatch(/match/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  test("a policy file that is not JSON", async () => {
    const run = await runCli(["check", REFERENCES, "--actor", "seed-allowlist", "--policy", policyFile("broken.json", "{ allow: ")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not valid JSON/);
  });

  test("diff with a file that is not a report", async () => {
    const run = await runCli(["diff", policyFile("a.json", "{}"), policyFile("b.json", "{}")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not a report\.json of schema version 1: schemaVersion/);
  });

  test("--verbose shows the stack trace", async () => {
    const run = await runCli(["check", join(fixtures, "throws-on-import.ts"), ...DOCS, "--verbose"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\s+at /m);
  });
});

describe("exit 3: infrastructure", () => {
  test("an unreachable --endpoint, and no report is written", async () => {
    const port = await getPort({ host: "127.0.0.1" });
    const reportDir = join(scratch, "unreachable");
    const run = await runCli(["check", REFERENCES, "--actor", "seed-allowlist", ...DOCS, "--endpoint", `http://127.0.0.1:${port}`, "--report-dir", reportDir]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`no healthy Rivet engine at http://127\\.0\\.0\\.1:${port}`));
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(reportDir)).toBe(false);
  });
});
