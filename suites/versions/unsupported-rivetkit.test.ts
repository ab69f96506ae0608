/**
 * A user project on a published rivetkit outside the supported range (2.2.1):
 * the installed bin refuses it with one message and exit 2, before any probe,
 * before the module runs, writing nothing; the vitest helper's global setup
 * fails with the same message. (suites/cli/bad-input.test.ts does
 * the same fast, with a stand-in rivetkit package.)
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { SUPPORTED_RIVETKIT } from "../../harness/versions/rivetkit.js";
import { guardModule, installUserProject, packInto, run, type UserProject } from "../package/user-project.js";

const OLD = "2.2.1";

let packDir = "";
let project: UserProject | undefined;

beforeAll(async () => {
  packDir = mkdtempSync(join(tmpdir(), "origin-conformance-pack-"));
  project = await installUserProject({
    tarballPath: join(packDir, await packInto(packDir)),
    rivetkit: OLD,
    ignoredBuilds: ["@sandbox-agent/cli-linux-x64"],
    // The module runs nothing when imported but the registry's definition; a marker shows whether it was imported at all.
    files: {
      "ok-set.ts": `import { writeFileSync } from "node:fs";\nwriteFileSync("imported", "");\n${guardModule("ALLOWED.includes(origin)")}`,
      "vitest.config.ts": `import { defineConfig } from "vitest/config";\nexport default defineConfig({ test: { globalSetup: ["rivet-origin-conformance/vitest/global-setup"] } });\n`,
      "origin.test.ts": `import { describeOriginConformance } from "rivet-origin-conformance/vitest";\nimport { registry } from "./ok-set.js";\ndescribeOriginConformance({ registry, actor: "chat", policy: { allow: ["https://chat.example.org"] } });\n`,
    },
  });
}, 600_000);

afterAll(() => {
  project?.remove();
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

test(`rivetkit ${OLD}: exit 2 naming the version and the supported range, before anything runs`, { timeout: 120_000 }, async () => {
  const directory = project!.directory;
  const result = await run("pnpm", ["exec", "origin-conformance", "check", "ok-set.ts", "--allow", "https://chat.example.org", "--report-dir", "reports"], directory, 110_000);
  expect(result.output).toContain(`origin-conformance: rivetkit ${OLD} is not supported by this version of rivet-origin-conformance (supported: ${SUPPORTED_RIVETKIT})`);
  expect(result.code, result.output).toBe(2);
  expect(result.output).not.toMatch(/exports no rivetkit registry|^\s+at /m);
  expect(existsSync(join(directory, "imported")), "the module was imported").toBe(false);
  expect(existsSync(join(directory, "reports"))).toBe(false);
});

test(`rivetkit ${OLD}: the vitest helper's global setup fails with the same message, before any engine starts`, { timeout: 120_000 }, async () => {
  const directory = project!.directory;
  const result = await run("pnpm", ["exec", "vitest", "run"], directory, 110_000);
  expect(result.output).toContain(`rivetkit ${OLD} is not supported by this version of rivet-origin-conformance (supported: ${SUPPORTED_RIVETKIT})`);
  expect(result.code, result.output).not.toBe(0);
  expect(existsSync(join(directory, "imported")), "the module was imported").toBe(false);
});
