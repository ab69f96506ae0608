/**
 * A report section as neutral data: a heading, notes, and rows of cells, with
 * what JUnit needs to know (checks that pass or fail). Every section builds
 * blocks (sections.ts); every human-readable format renders the same list of
 * blocks (markdown.ts, html.ts, junit.ts), so no format can silently lack a section.
 */
import type { Grade } from "../grading/grade.js";

/** A testcase: passed or failed, with a one-line message and a longer body. */
export interface Check {
  readonly name: string;
  readonly passed: boolean;
  readonly message?: string;
  readonly body?: string;
  /** The actor it belongs to, when it is not the block's own. */
  readonly subject?: string;
}

export interface Cell {
  readonly text: string;
  /** Literal text: an origin, a command, a request line. */
  readonly code?: boolean;
  /** A pass or fail colour where the cell is a judgement (a matrix cell, a caught guard). */
  readonly tone?: "pass" | "fail" | "none";
  /** Shown as the grade's badge. */
  readonly grade?: Grade;
  /** More about the cell, where a format can show it on hover. */
  readonly hint?: string;
  readonly check?: Check;
}

/** A labelled piece of a row, shown folded under it: a replay command, a transcript. */
export interface Detail {
  readonly label: string;
  readonly text: string;
  readonly kind: "text" | "code" | "transcript";
}

export interface Row {
  readonly cells: readonly Cell[];
  readonly details?: readonly Detail[];
  readonly check?: Check;
}

export interface Note {
  readonly text: string;
  /** worst: the run's worst problem, leading the report; warning: an incomplete run; muted: context. */
  readonly kind?: "worst" | "warning" | "muted";
  /** A bold lead-in, e.g. "Incomplete:". */
  readonly label?: string;
}

export interface Block {
  /** 1: the report's title; 2: a section; 3: a part of one. */
  readonly level: 1 | 2 | 3;
  /** The actor it is about; absent for the run as a whole. */
  readonly subject?: string;
  /** Show the subject in front of the title ("chat: incomplete"). */
  readonly titledBySubject?: boolean;
  readonly title: string;
  /** An anchor a format may give the block's heading. */
  readonly anchor?: string;
  readonly status?: "pass" | "fail" | "warning";
  readonly notes: readonly Note[];
  /** Without columns, rows are a list of one-cell items. */
  readonly columns?: readonly string[];
  readonly rows: readonly Row[];
  /** table: one line per row; items: each row a folded item with its details (findings, failures). */
  readonly layout?: "table" | "items";
  /** What an item is ("finding"), for a format that styles items. */
  readonly item?: string;
  /** A caption a format may fold the rows under. */
  readonly fold?: string;
  /** Rows the data holds but the block does not list, and where they are. */
  readonly unlisted?: { readonly count: number; readonly where: string };
  /** Testcases of the block itself (the verdict, "the run completed"). */
  readonly checks?: readonly Check[];
  /** A JUnit testsuite name other than the heading. */
  readonly suite?: string;
  readonly durationMs?: number;
}

export const cell = (text: string, options: Omit<Cell, "text"> = {}): Cell => ({ text, ...options });

/** The heading as plain text: "subject: title" or the title. */
export function headingText(block: Block): string {
  return block.titledBySubject && block.subject !== undefined ? `${block.subject}: ${block.title}` : block.title;
}

/** Every check of a block, in order: the block's own, then each row's and each cell's. */
export function checksOf(block: Block): Check[] {
  return [
    ...(block.checks ?? []),
    ...block.rows.flatMap((row) => [...(row.check ? [row.check] : []), ...row.cells.flatMap((each) => (each.check ? [each.check] : []))]),
  ];
}
