import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { harnessRivetkit, type RivetkitInstall } from "../versions/rivetkit.js";
import { EngineError } from "./errors.js";

/**
 * The rivet-engine binary of the user's rivetkit: the one in the @rivetkit/engine-cli
 * that rivetkit itself depends on (pinned to its own version upstream), so the engine
 * always matches the rivetkit that hosts the registry. `rivetkit` defaults to the copy
 * this harness imports (a peer dependency: the user's). `RIVET_ENGINE_BINARY`
 * overrides it, as in engine-cli.
 */
export function resolveEngineBinary(override?: string, rivetkit: RivetkitInstall | undefined = harnessRivetkit()): string {
  const explicit = override ?? userEngineBinary();
  if (explicit !== undefined) {
    if (!existsSync(explicit)) {
      throw new EngineError("binary-missing", `the engine binary ${explicit} does not exist`);
    }
    return explicit;
  }
  // engine-cli honours RIVET_ENGINE_BINARY too: hide the stub from it while it looks.
  const stub = process.env.RIVET_ENGINE_BINARY;
  try {
    delete process.env.RIVET_ENGINE_BINARY;
    if (rivetkit === undefined) throw new Error("rivetkit is not installed (it is a peer dependency of rivet-origin-conformance)");
    const cli = createRequire(join(rivetkit.directory, "package.json"))("@rivetkit/engine-cli") as { getEnginePath(): string };
    return cli.getEnginePath();
  } catch (error) {
    throw new EngineError(
      "binary-missing",
      `no rivet-engine binary: ${(error as Error).message.split("\n")[0]} ` +
        "(on glibc Linux with pnpm, pnpm-workspace.yaml must list libc: [glibc, musl] under supportedArchitectures)",
    );
  } finally {
    if (stub !== undefined) process.env.RIVET_ENGINE_BINARY = stub;
  }
}

/**
 * The version of the @rivetkit/engine-cli package the binary comes from (it may
 * differ from what the engine itself reports: engine-cli 2.3.18 ships a
 * rivet-engine that says 2.3.17); undefined when it is not found.
 */
export function engineCliVersion(rivetkit: RivetkitInstall | undefined = harnessRivetkit()): string | undefined {
  if (rivetkit === undefined) return undefined;
  try {
    return (createRequire(join(rivetkit.directory, "package.json"))("@rivetkit/engine-cli/package.json") as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Where the user's RIVET_ENGINE_BINARY is kept once hosting a registry pointed
 * RIVET_ENGINE_BINARY at the stub that refuses rivetkit's own engine (and children inherit both).
 */
export const SAVED_ENGINE_BINARY_VARIABLE = "ORIGIN_CONFORMANCE_ENGINE_BINARY";

/** RIVET_ENGINE_BINARY as the user set it: never the refuse-to-spawn stub the harness itself put there. */
function userEngineBinary(): string | undefined {
  const value = process.env.RIVET_ENGINE_BINARY;
  if (value !== undefined && /refuse-to-spawn\.mjs$/.test(value)) return process.env[SAVED_ENGINE_BINARY_VARIABLE] || undefined;
  return value === "" ? undefined : value;
}
