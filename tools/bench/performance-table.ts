/**
 * The one table of docs/performance.md that `pnpm bench` regenerates, between
 * its two markers. A row the bench did not measure this time (the suites,
 * without --suites) keeps its earlier line, with that line's date.
 */
import { readFileSync, writeFileSync } from "node:fs";

export const TABLE_START = "<!-- pnpm bench: table start -->";
export const TABLE_END = "<!-- pnpm bench: table end -->";

export interface TableRow {
  /** The first cell; identifies the row across runs. */
  readonly what: string;
  readonly command: string;
  readonly measured: string;
  readonly target: string;
  /** Date (UTC) and the machine's load when measured. */
  readonly when: string;
}

const HEADER = ["| what | command | measured | target | when (UTC), load average |", "|---|---|---|---|---|"];

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
export const renderRow = (row: TableRow) => `| ${[row.what, row.command, row.measured, row.target, row.when].map(cell).join(" | ")} |`;

/** The rows in `order`: measured ones from `fresh`, the rest as `previous` had them, or "not measured yet". */
export function mergeRows(order: readonly Pick<TableRow, "what" | "command" | "target">[], fresh: readonly TableRow[], previous: ReadonlyMap<string, string>): string[] {
  return order.map((slot) => {
    const measured = fresh.find((row) => row.what === slot.what);
    if (measured) return renderRow(measured);
    return previous.get(slot.what) ?? renderRow({ ...slot, measured: "not measured yet", when: "" });
  });
}

/** The table's current rows, keyed by their first cell. */
export function previousRows(document: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of tableLines(document).slice(HEADER.length)) {
    const what = /^\|\s*(.*?)\s*\|/.exec(line)?.[1];
    if (what !== undefined) rows.set(what, line);
  }
  return rows;
}

function tableLines(document: string): string[] {
  const start = document.indexOf(TABLE_START);
  const end = document.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`the document has no table between "${TABLE_START}" and "${TABLE_END}"`);
  return document.slice(start + TABLE_START.length, end).split("\n").filter((line) => line.startsWith("|"));
}

export function withTable(document: string, rows: readonly string[]): string {
  tableLines(document);
  const start = document.indexOf(TABLE_START) + TABLE_START.length;
  const end = document.indexOf(TABLE_END);
  return `${document.slice(0, start)}\n${[...HEADER, ...rows].join("\n")}\n${document.slice(end)}`;
}

export function rewriteTable(path: string, order: readonly Pick<TableRow, "what" | "command" | "target">[], fresh: readonly TableRow[]): void {
  const document = readFileSync(path, "utf8");
  writeFileSync(path, withTable(document, mergeRows(order, fresh, previousRows(document))));
}
