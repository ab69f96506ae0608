import type { TestProject } from "vitest/node";
import { acquireEngine } from "../engine/engine.js";
import { harnessRivetkit, unsupportedRivetkit } from "../versions/rivetkit.js";

export interface SharedEngineInfo {
  readonly endpoint: string;
  readonly mode: "spawned" | "external";
  readonly pid?: number;
  readonly dataDir?: string;
  readonly readyMs: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    originConformanceEngine: SharedEngineInfo;
  }
}

/**
 * vitest globalSetup: one harness-owned engine for every test file of the run
 * (or the engine named by RIVET_ENDPOINT), stopped when the run ends.
 */
export default async function setup(project: TestProject) {
  const rivetkit = harnessRivetkit();
  const refusal = rivetkit && unsupportedRivetkit(rivetkit.version);
  if (refusal) throw new Error(refusal);
  const engine = await acquireEngine();
  project.provide("originConformanceEngine", {
    endpoint: engine.endpoint,
    mode: engine.mode,
    pid: engine.pid,
    dataDir: engine.dataDir,
    readyMs: engine.readyMs,
  });
  return async () => {
    await engine.stop();
  };
}
