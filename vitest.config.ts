import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["suites/**/*.test.ts"],
    // The version matrix installs rivetkit once per version (minutes): `pnpm test:versions` (vitest.versions.config.ts).
    exclude: [...configDefaults.exclude, "suites/versions/**"],
    globalSetup: ["harness/vitest/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ["default", ["junit", { outputFile: "reports/latest/vitest-junit.xml" }]] : ["default"],
  },
});
