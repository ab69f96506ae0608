/** Where report.sarif points: the line of the actor's onBeforeConnect in its source file, through tsx's source map, wrapped or not. */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { guardLocation } from "../../harness/registry/guard-location.js";
import { instrumentActor } from "../../harness/registry/witness.js";
import { caseInsensitiveCompare } from "../../reference-actors/known-bad/case-insensitive-compare.js";
import { prefixMatch } from "../../reference-actors/known-bad/prefix-match.js";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Found by reading the file, independently of the inspector and the source map. */
function hookLine(relative: string): number {
  return readFileSync(`${ROOT}${relative}`, "utf8").split("\n").findIndex((line) => /^\s*onBeforeConnect\b/.test(line)) + 1;
}

test("a bank guard: its file, relative to the repository root, and the line of onBeforeConnect", async () => {
  const file = "reference-actors/known-bad/prefix-match.ts";
  expect(await guardLocation(prefixMatch, `${ROOT}reference-actors/registry.ts`, ROOT)).toEqual({ file, line: hookLine(file), exact: true });
});

test("the same once the hosted registry has wrapped the hook", async () => {
  const file = "reference-actors/known-bad/case-insensitive-compare.ts";
  instrumentActor(caseInsensitiveCompare);
  expect(await guardLocation(caseInsensitiveCompare, `${ROOT}reference-actors/registry.ts`, ROOT)).toEqual({ file, line: hookLine(file), exact: true });
});

test("no onBeforeConnect: the registry module's first line", async () => {
  expect(await guardLocation({ config: {} }, `${ROOT}reference-actors/registry.ts`, ROOT)).toEqual({ file: "reference-actors/registry.ts", line: 1, exact: false });
});
