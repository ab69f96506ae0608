import { configDefaults, defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/** The slow tier (`pnpm test:versions`): user projects installed with each supported rivetkit, one file at a time. */
export default defineConfig({
  ...base,
  test: { ...base.test, globalSetup: [], include: ["suites/versions/**/*.test.ts"], exclude: configDefaults.exclude, fileParallelism: false },
});
