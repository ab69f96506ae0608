import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly peerDependencies?: Record<string, string>;
}

/**
 * The nearest package.json named `name`, looking upwards from `directory`, and the
 * directory it is in. Looked up by hand because packages (rivetkit among them) may
 * leave `./package.json` out of their exports.
 */
export function packageJsonAbove(directory: string, name: string): { readonly json: PackageJson; readonly directory: string } | undefined {
  for (; directory !== dirname(directory); directory = dirname(directory)) {
    const file = join(directory, "package.json");
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, "utf8")) as PackageJson;
    if (json.name === name && json.version) return { json, directory };
  }
  return undefined;
}
