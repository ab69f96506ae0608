import { inject } from "vitest";
import type { EngineHandle } from "../engine/engine.js";

/** The run's engine, as provided by the globalSetup. Test files never stop it. */
export function sharedEngine(): EngineHandle {
  const info = inject("originConformanceEngine");
  if (info === undefined) {
    throw new Error("no shared engine: add 'rivet-origin-conformance/vitest/global-setup' to globalSetup in vitest.config");
  }
  return {
    mode: info.mode,
    endpoint: info.endpoint,
    pid: info.pid,
    dataDir: info.dataDir,
    readyMs: info.readyMs,
    died: () => undefined,
    stop: async () => {},
  };
}
