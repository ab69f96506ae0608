import { readFileSync } from "node:fs";
import { configDefaults, defineConfig } from "vitest/config";

/** Which tier each test file runs in; suites/unit/tiers.test.ts checks it against `vitest list`. */
const tiers = JSON.parse(readFileSync(new URL("./suites/tiers.json", import.meta.url), "utf8")) as { fast: string[]; slow: string[] };

// Per project, not inherited: a project that extended the root config would also run the root's
// globalSetup again, and start an engine of its own.
const projectDefaults = { testTimeout: 60_000, hookTimeout: 60_000 } as const;

export default defineConfig({
  test: {
    // One engine for every test file of the run, whichever projects run (the root project's globalSetup runs once).
    globalSetup: ["harness/vitest/global-setup.ts"],
    reporters: process.env.CI ? ["default", "junit"] : ["default"],
    outputFile: { junit: "reports/latest/vitest-junit.xml" },
    projects: [
      // `pnpm test`: the unit tests and the engine-backed essentials.
      { test: { ...projectDefaults, name: "fast", include: tiers.fast } },
      // `pnpm test:slow`: every other file (a file missing from tiers.json lands here, and the tiers test names it).
      // The version matrix installs rivetkit once per version (minutes): `pnpm test:versions` (vitest.versions.config.ts).
      { test: { ...projectDefaults, name: "slow", include: ["suites/**/*.test.ts"], exclude: [...configDefaults.exclude, "suites/versions/**", ...tiers.fast] } },
    ],
  },
});
