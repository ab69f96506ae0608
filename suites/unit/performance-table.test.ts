/** `pnpm bench` rewrites only docs/performance.md's table, and keeps the rows it did not measure this time. */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { mergeRows, previousRows, renderRow, TABLE_END, TABLE_START, withTable } from "../../tools/bench/performance-table.js";

const ORDER = [
  { what: "suite", command: "pnpm test", target: "<= 5 min" },
  { what: "check", command: "pnpm conformance check", target: "<= 10 s" },
  { what: "floor", command: "pnpm bench", target: "about 1.0" },
];
const DOCUMENT = `# Title\n\nbefore\n\n${TABLE_START}\n| what | command | measured | target | when |\n|---|---|---|---|---|\n| suite | pnpm test | 250 s | <= 5 min | 2026-11-30 12:00, load 1.00 |\n| gone | x | y | z | w |\n${TABLE_END}\n\nafter\n`;

describe("the performance table", () => {
  test("a measured row replaces its line; an unmeasured one keeps its earlier line or says it was not measured; rows outside the order go", () => {
    const fresh = [{ ...ORDER[1]!, measured: "median 9.5 s of 5", when: "2026-11-30 13:00, load 2.00" }];
    const rows = mergeRows(ORDER, fresh, previousRows(DOCUMENT));
    expect(rows).toEqual([
      "| suite | pnpm test | 250 s | <= 5 min | 2026-11-30 12:00, load 1.00 |",
      "| check | pnpm conformance check | median 9.5 s of 5 | <= 10 s | 2026-11-30 13:00, load 2.00 |",
      "| floor | pnpm bench | not measured yet | about 1.0 |  |",
    ]);
    const rewritten = withTable(DOCUMENT, rows);
    expect(rewritten.startsWith("# Title\n\nbefore\n\n")).toBe(true);
    expect(rewritten.endsWith(`${TABLE_END}\n\nafter\n`)).toBe(true);
    expect(rewritten).not.toContain("| gone |");
    expect(previousRows(rewritten).get("check")).toBe(rows[1]);
  });

  test("a cell's pipe is escaped, so the row keeps its columns", () => {
    expect(renderRow({ what: "a", command: "x | y", measured: "m", target: "t", when: "w" })).toBe("| a | x \\| y | m | t | w |");
  });

  test("docs/performance.md has the markers, and a document without them is refused", () => {
    const document = readFileSync("docs/performance.md", "utf8");
    expect(previousRows(document).size).toBeGreaterThan(4);
    expect(() => withTable("# no table\n", [])).toThrow(/no table between/);
  });
});
