/**
 * How a whole-registry check grows with the registry: `origin-conformance
 * check` (no --actor) on generated registries of N copies of the docs guard,
 * each under its own name, one engine per check, as a user runs it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type TimedRun, timeCommand } from "./run-times.js";

const SEED_GUARD = fileURLToPath(new URL("../../reference-actors/correct/seed-allowlist.ts", import.meta.url));
const DOCS_ALLOW = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

/** A registry module of `count` distinct actors, each the docs guard. */
export function generatedRegistry(count: number): string {
  const names = Array.from({ length: count }, (_, index) => `room${index + 1}`);
  return [
    `import { setup } from "rivetkit";`,
    `import { seedAllowlistFor } from ${JSON.stringify(SEED_GUARD)};`,
    `const allow = ${JSON.stringify(DOCS_ALLOW)};`,
    `export const registry = setup({ use: { ${names.map((name) => `${name}: seedAllowlistFor(allow)`).join(", ")} } });`,
    ``,
  ].join("\n");
}

/** One whole-registry check of `count` actors at the default profile: CLI wall time, engine start included. */
export async function timeRegistryCheck(count: number, boundMs: number): Promise<TimedRun> {
  const work = mkdtempSync(join(tmpdir(), "origin-conformance-bench-registry-"));
  try {
    // Inside the repository, so the module resolves rivetkit as a user's project does.
    const module = fileURLToPath(new URL(`../../reference-actors/.bench-registry-${process.pid}-${count}.ts`, import.meta.url));
    writeFileSync(module, generatedRegistry(count));
    try {
      const args = ["harness/cli/main.ts", "check", module, ...DOCS_ALLOW.flatMap((origin) => ["--allow", origin]), "--report-dir", join(work, "reports"), "--corpus", join(work, "corpus.json")];
      return await timeCommand("node_modules/.bin/tsx", args, boundMs, /verdict:/);
    } finally {
      rmSync(module, { force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const REGISTRY_SIZES = [1, 5, 20] as const;
