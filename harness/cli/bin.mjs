#!/usr/bin/env node
// The installed `origin-conformance` command, run in this process so that
// signals reach the CLI's own handlers. From the build (dist/) it imports the
// compiled CLI; from a source checkout it imports the TypeScript through tsx.
import { existsSync } from "node:fs";

const compiled = new URL("./main.js", import.meta.url);
const fromBuild = existsSync(compiled);
if (!fromBuild) {
  const { register } = await import("tsx/esm/api");
  register();
}
// rivetkit is a peer dependency: the copy found here is the user's. It is checked before the CLI
// imports it, because a rivetkit outside the tested range may not even load under the CLI.
const versions = await import(new URL(`../versions/rivetkit.${fromBuild ? "js" : "ts"}`, import.meta.url).href);
const installed = versions.harnessRivetkit();
const refusal = installed
  ? versions.unsupportedRivetkit(installed.version)
  : `rivetkit is not installed: add it to your project (supported: ${versions.SUPPORTED_RIVETKIT})`;
if (refusal) {
  process.stderr.write(`origin-conformance: ${refusal}\n`);
  process.exit(2);
}
await import(fromBuild ? compiled.href : new URL("./main.ts", import.meta.url).href);
