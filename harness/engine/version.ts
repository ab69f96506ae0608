import { execFileSync } from "node:child_process";

/**
 * The version a rivet-engine binary reports (`rivet-engine --version` prints
 * "Rivet 2.3.19" on its first line), or undefined when it says nothing usable.
 * Bounded: the binary answers in milliseconds.
 */
export function engineBinaryVersion(binary: string): string | undefined {
  try {
    const output = execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 5_000, stdio: ["ignore", "pipe", "ignore"] });
    return /^Rivet (\S+)/m.exec(output)?.[1];
  } catch {
    return undefined;
  }
}
