import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { EngineError } from "./errors.js";

const require = createRequire(import.meta.url);

/**
 * The rivet-engine binary shipped in @rivetkit/engine-cli (a musl build that
 * also runs on glibc). `RIVET_ENGINE_BINARY` overrides it, as in engine-cli.
 */
export function resolveEngineBinary(override?: string): string {
  const explicit = override ?? process.env.RIVET_ENGINE_BINARY;
  if (explicit !== undefined) {
    if (!existsSync(explicit)) {
      throw new EngineError("binary-missing", `the engine binary ${explicit} does not exist`);
    }
    return explicit;
  }
  try {
    const cli = require("@rivetkit/engine-cli") as { getEnginePath(): string };
    return cli.getEnginePath();
  } catch (error) {
    throw new EngineError(
      "binary-missing",
      `no rivet-engine binary: ${(error as Error).message.split("\n")[0]} ` +
        "(on glibc Linux with pnpm, pnpm-workspace.yaml must list libc: [glibc, musl] under supportedArchitectures)",
    );
  }
}
