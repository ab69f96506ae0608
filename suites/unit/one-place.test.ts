/**
 * The ledger's two "exactly one place" rules, read from the source: only the
 * prober appends a wire observation, and only derive.ts makes a failure.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const HARNESS = fileURLToPath(new URL("../../harness", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const files = sources(HARNESS).map((path) => ({ path: relative(HARNESS, path), text: readFileSync(path, "utf8") }));
const where = (pattern: RegExp) => files.filter(({ text }) => pattern.test(text)).map(({ path }) => path).sort();

describe("ledger › one place", () => {
  test("wire observations are appended only by the prober", () => {
    expect(where(/\.appendProbe\(/)).toEqual(["conformance/prober.ts"]);
  });
  test("failures are made only in derive.ts (a property id given to a failure appears nowhere else)", () => {
    expect(where(/\bproperty:\s*"(oracle|cross-transport|history-independence|side-effect-safety|only-origin-decides)"/)).toEqual([]);
    expect(where(/\badd\(\w+(\.entry)?, "(oracle|cross-transport|history-independence|side-effect-safety|only-origin-decides)"/)).toEqual(["conformance/derive.ts"]);
  });
  test("a run's verdict is computed only by verdictOf", () => {
    expect(where(/verdict: verdictOf\(|=\s*verdictOf\(/)).toEqual(["conformance/run.ts"]);
  });
});
