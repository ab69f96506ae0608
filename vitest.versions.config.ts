import { configDefaults, defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/** The slow tier (`pnpm test:versions`): user projects installed with each supported rivetkit, one file at a time. */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    projects: undefined,
    globalSetup: [],
    include: ["suites/versions/**/*.test.ts"],
    exclude: configDefaults.exclude,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    outputFile: { junit: "reports/latest/vitest-junit-versions.xml" },
  },
});
