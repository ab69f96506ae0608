/**
 * describeOriginConformance is a gate: a user's vitest run fails exactly when
 * the run's derived verdict is not conformant, including when its only fault
 * is one wrong decision found in screening, or one probe that saw no decision.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, test } from "vitest";
import { sharedEngine } from "../../harness/vitest/shared-engine.js";

const CONFIG = fileURLToPath(new URL("./fixtures/vitest.helper-gate.config.ts", import.meta.url));
const VITEST = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");

function childVitest(scenario: string, fixture?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // The child runs on this run's engine (RIVET_ENDPOINT): it spawns none of its own.
    const child = spawn(process.execPath, [VITEST, "run", "--config", CONFIG, "--reporter", "verbose"], {
      env: { ...process.env, GATE_SCENARIO: scenario, ...(fixture && { GATE_FIXTURE: fixture }), RIVET_ENDPOINT: sharedEngine().endpoint, CI: "", NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the child vitest (${scenario}) did not finish within 150 s\n${output}`));
    }, 150_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output: stripVTControlCharacters(output) });
    });
  });
}

describe("vitest helper › gate (describeOriginConformance in a child vitest run)", () => {
  test("clean: the child passes, verdict test included", { timeout: 160_000 }, async () => {
    const { code, output } = await childVitest("clean");
    expect(code, output).toBe(0);
    expect(output).toMatch(/✓ .*verdict: conformant/);
  });
  test("one wrong decision found only in screening: the child fails, on the verdict and on the cell", { timeout: 160_000 }, async () => {
    const { code, output } = await childVitest("screening-only");
    expect(code, output).toBe(1);
    expect(output).toMatch(/× .*verdict: conformant/);
    expect(output).toMatch(/wrong decision/);
  });
  test("one undecided probe whose replay passes: the child fails on the verdict and on its cell", { timeout: 160_000 }, async () => {
    const { code, output } = await childVitest("one-undecided");
    expect(code, output).toBe(1);
    expect(output).toMatch(/× .*verdict: conformant/);
    expect(output).toMatch(/got no decision/);
  });
});

describe("vitest helper › gate (describeRegistryConformance in a child vitest run)", () => {
  test("a registry with an unguarded actor: the child fails on that actor's verdict, and only there", { timeout: 160_000 }, async () => {
    const { code, output } = await childVitest("registry", "suites/conformance/fixtures/registry-gate.fixture.ts");
    expect(code, output).toBe(1);
    expect(output).toMatch(/✓ .*chatRoom.*verdict: conformant/);
    expect(output).toMatch(/× .*admin.*verdict: conformant/);
    expect(output).toMatch(/no origin guard: every origin is accepted \(the actor has no onBeforeConnect\)/);
  });
});
