/**
 * The package as a user gets it: packed (which builds dist/), installed with
 * pnpm into a project of its own next to its own rivetkit and vitest, then used
 * the three documented ways: the types (tsc), the vitest helper (one test file
 * and the global setup), and the installed `origin-conformance` bin.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { guardModule, installUserProject, MANIFEST, packInto, run, type UserProject } from "./user-project.js";

const testFile = (registryModule: string) => `import { describeOriginConformance } from "rivet-origin-conformance/vitest";
import { CATEGORIES } from "rivet-origin-conformance";
import { expect, test } from "vitest";
import { registry } from "./${registryModule}";

test("the package's root export loads", () => expect(CATEGORIES.length).toBeGreaterThan(10));

describeOriginConformance({
  registry,
  actor: "chat",
  policy: { allow: ["https://chat.example.org", "https://www.chat.example.org"] },
  runs: 30,
  seed: 11,
  transports: ["http-action", "websocket-connect"],
});
`;

const apiScript = `import { runConformance, formatFailure, type ConformanceResult } from "rivet-origin-conformance";
import { registry } from "./good-registry.js";
const result: ConformanceResult = await runConformance({ registry, actor: "chat", policy: { allow: ["https://chat.example.org"] }, runs: 20 });
for (const failure of result.failures) console.log(formatFailure(failure));
`;

let project = "";
let userProject: UserProject | undefined;
/** The tarball's file list, relative to the package root. */
let packedFiles: string[] = [];

const TSCONFIG = JSON.stringify({
  compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, noEmit: true, types: ["node"] },
  include: ["*.ts"],
});

const VITEST_CONFIG = `import { defineConfig } from "vitest/config";
export default defineConfig({
  test: { globalSetup: ["rivet-origin-conformance/vitest/global-setup"], testTimeout: 300_000, hookTimeout: 300_000 },
});
`;

beforeAll(async () => {
  const packDir = mkdtempSync(join(tmpdir(), "origin-conformance-pack-"));
  try {
    const tarball = await packInto(packDir);
    const listed = await run("tar", ["-tzf", join(packDir, tarball)], packDir, 30_000);
    if (listed.code !== 0) throw new Error(`tar -tzf failed\n${listed.output}`);
    packedFiles = listed.output.split("\n").filter(Boolean).map((file) => file.replace(/^package\//, ""));
    userProject = await installUserProject({
      tarballPath: join(packDir, tarball),
      rivetkit: MANIFEST.devDependencies.rivetkit!,
      files: {
        "tsconfig.json": TSCONFIG,
        "vitest.config.ts": VITEST_CONFIG,
        "good-registry.ts": guardModule("ALLOWED.includes(origin)"),
        "bad-registry.ts": guardModule("ALLOWED.some((allowed) => origin.startsWith(allowed))"),
        "good.test.ts": testFile("good-registry.js"),
        "bad.test.ts": testFile("bad-registry.js"),
        "check.ts": apiScript,
      },
    });
    project = userProject.directory;
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}, 480_000);

afterAll(() => userProject?.remove());

describe("installed in a user project (pnpm add -D of the packed package)", () => {
  test("the tarball holds the harness, its types and the correct references; no bench, soak, research, known-bad or support files", () => {
    for (const file of ["dist/harness/index.js", "dist/harness/index.d.ts", "dist/harness/cli/bin.mjs", "dist/reference-actors/correct-registry.js", "README.md", "package.json"]) {
      expect(packedFiles, file).toContain(file);
    }
    const unwanted = /(^|\/)(tools|bench|soak|suites|known-bad|support)\/|levers|PERFORMANCE|reference-actors\/(registry|index)\./;
    expect(packedFiles.filter((file) => unwanted.test(file))).toEqual([]);
  });

  test("the installed bin has no known-bad bank: --mutants is bad input (exit 2), before any engine starts", { timeout: 60_000 }, async () => {
    const result = await run("pnpm", ["exec", "origin-conformance", "--mutants", "--report-dir", join(project, "never")], project, 50_000);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toContain("--mutants runs the bank of known-bad guards, which comes with the repository");
    expect(existsSync(join(project, "never"))).toBe(false);
  });

  test("the exports come with types: the user's tsc accepts the documented API", { timeout: 120_000 }, async () => {
    const checked = await run("pnpm", ["exec", "tsc", "-p", "."], project, 110_000);
    expect(checked.code, checked.output).toBe(0);
  });

  test("vitest helper, an exact allowlist: the user's vitest run passes", { timeout: 240_000 }, async () => {
    const result = await run("pnpm", ["exec", "vitest", "run", "good.test.ts", "--reporter=verbose"], project, 230_000);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/Tests\s+\d+ passed/);
    expect(result.output).toMatch(/transport \(websocket-connect\)/);
  });

  test("vitest helper, a startsWith guard: the user's vitest run fails with the counterexample and its replay command", { timeout: 240_000 }, async () => {
    const result = await run("pnpm", ["exec", "vitest", "run", "bad.test.ts", "--reporter=verbose"], project, 230_000);
    expect(result.code, result.output).toBe(1);
    expect(result.output).toContain("https://chat.example.org.");
    expect(result.output).toMatch(/ORIGIN_CONFORMANCE_SEED=\d+/);
  });

  test("the installed origin-conformance bin: exit 0 and the four reports", { timeout: 240_000 }, async () => {
    const reportDir = join(project, "reports");
    const result = await run(
      "pnpm",
      ["exec", "origin-conformance", "check", "good-registry.ts", "--allow", "https://chat.example.org", "--allow", "https://www.chat.example.org",
        "--runs", "20", "--transport", "http-action,websocket-connect", "--report-dir", reportDir, "--json"],
      project,
      230_000,
    );
    expect(result.code, result.output).toBe(0);
    for (const file of ["report.json", "junit.xml", "report.md", "report.html"]) expect(existsSync(join(reportDir, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(join(reportDir, "report.json"), "utf8"))).toMatchObject({ verdict: "conformant", tool: { name: "rivet-origin-conformance", version: "0.1.0" } });
  });
});
