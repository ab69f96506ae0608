/**
 * The package as a user gets it: packed (which builds dist/), installed with
 * pnpm into a project of its own next to its own rivetkit and vitest, then used
 * the three documented ways: the types (tsc), the vitest helper (one test file
 * and the global setup), and the installed `origin-conformance` bin.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const REPOSITORY = join(import.meta.dirname, "../..");
const manifest = JSON.parse(readFileSync(join(REPOSITORY, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** One command in the user's project, bounded in time; its stdout and stderr together. */
function run(command: string, args: readonly string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // CI is cleared so that the user's vitest run looks like a developer's, and no inherited reporter config applies.
    const child = spawn(command, args, { cwd, env: { ...process.env, CI: "", FORCE_COLOR: "0", NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`${command} ${args.join(" ")} did not finish within ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const guardModule = (check: string) => `import { actor, setup, UserError } from "rivetkit";
const ALLOWED = ["https://chat.example.org", "https://www.chat.example.org"];
export const chat = actor({
  state: { messages: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!(${check})) throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
  actions: { send: (c) => ++c.state.messages },
});
export const registry = setup({ use: { chat } });
`;

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

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "origin-conformance-installed-"));
  const packed = await run("pnpm", ["pack", "--pack-destination", project], REPOSITORY, 120_000);
  expect(packed.code, packed.output).toBe(0);
  const tarball = readdirSync(project).find((file) => file.endsWith(".tgz"));
  expect(tarball, packed.output).toBeDefined();

  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: "my-actors",
      private: true,
      type: "module",
      devDependencies: {
        "rivet-origin-conformance": `file:./${tarball}`,
        rivetkit: manifest.dependencies.rivetkit,
        vitest: manifest.devDependencies.vitest,
        vite: manifest.devDependencies.vite,
        typescript: manifest.devDependencies.typescript,
        "@types/node": manifest.devDependencies["@types/node"],
      },
    }),
  );
  // What the README tells users to add: the engine binary ships as a musl package only.
  writeFileSync(join(project, "pnpm-workspace.yaml"), readFileSync(join(REPOSITORY, "pnpm-workspace.yaml"), "utf8"));
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, noEmit: true, types: ["node"] },
      include: ["*.ts"],
    }),
  );
  writeFileSync(
    join(project, "vitest.config.ts"),
    `import { defineConfig } from "vitest/config";
export default defineConfig({
  test: { globalSetup: ["rivet-origin-conformance/vitest/global-setup"], testTimeout: 300_000, hookTimeout: 300_000 },
});
`,
  );
  writeFileSync(join(project, "good-registry.ts"), guardModule("ALLOWED.includes(origin)"));
  writeFileSync(join(project, "bad-registry.ts"), guardModule("ALLOWED.some((allowed) => origin.startsWith(allowed))"));
  writeFileSync(join(project, "good.test.ts"), testFile("good-registry.js"));
  writeFileSync(join(project, "bad.test.ts"), testFile("bad-registry.js"));
  writeFileSync(join(project, "check.ts"), apiScript);

  const installed = await run("pnpm", ["install", "--prefer-offline"], project, 180_000);
  expect(installed.code, installed.output).toBe(0);
}, 300_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("installed in a user project (pnpm add -D of the packed package)", () => {
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
