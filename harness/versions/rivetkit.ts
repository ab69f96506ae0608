import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import semver from "semver";
import { packageJsonAbove } from "./package-json.js";

/** A rivetkit installation: its version and the directory of its package.json. */
export interface RivetkitInstall {
  readonly version: string;
  readonly directory: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** The tested range: this package's peerDependencies entry for rivetkit (package.json is the one place it is written). */
export const SUPPORTED_RIVETKIT: string = packageJsonAbove(HERE, "rivet-origin-conformance")?.json.peerDependencies?.rivetkit ?? "unknown";

/**
 * The rivetkit that `import "rivetkit"` gets in `fromFile`, or undefined when
 * none resolves from there (the module imports rivetkit some other way, or not at all).
 */
export function rivetkitFor(fromFile: string): RivetkitInstall | undefined {
  let entry: string;
  try {
    entry = createRequire(fromFile).resolve("rivetkit");
  } catch {
    return undefined;
  }
  const found = packageJsonAbove(dirname(entry), "rivetkit");
  return found && { version: found.json.version!, directory: found.directory };
}

/** The rivetkit this harness imports: a peer dependency, so in a user's project the user's own copy. */
export function harnessRivetkit(): RivetkitInstall | undefined {
  return rivetkitFor(join(HERE, "rivetkit.js"));
}

/** Undefined when `version` is in the tested range; else the refusal, in the words the CLI prints. */
export function unsupportedRivetkit(version: string): string | undefined {
  if (semver.valid(version) && semver.satisfies(version, SUPPORTED_RIVETKIT)) return undefined;
  return `rivetkit ${version} is not supported by this version of rivet-origin-conformance (supported: ${SUPPORTED_RIVETKIT})`;
}
