#!/usr/bin/env node
// The installed `origin-conformance` command, run in this process so that
// signals reach the CLI's own handlers. From the build (dist/) it imports the
// compiled CLI; from a source checkout it imports the TypeScript through tsx.
import { existsSync } from "node:fs";

const compiled = new URL("./main.js", import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("./main.ts", import.meta.url).href);
}
