import type { Block, Detail } from "./block.js";
import { escapeMarkdown, escapeMarkdownInline, showControls, truncate } from "./escape.js";
import type { Report } from "./report.js";
import { reportBlocks } from "./sections.js";

/** Rows of a block report.md lists (it has to fit a pull-request comment); report.html has them all. */
export const MARKDOWN_ROWS = 15;
/** Items (findings, failures) whose details (replays, transcripts) report.md shows. */
export const MARKDOWN_TRANSCRIPTS = 5;

const ICONS = { pass: "✅ ", fail: "❌ ", warning: "⚠️ " } as const;
/** Above the longest text a section already bounds (an origin shown with its length), below what would flood a comment. */
const INLINE_MAX = 600;
const inline = (text: string) => escapeMarkdownInline(truncate(text, INLINE_MAX));
const fence = (language: string, text: string) => ["```" + language, showControls(text).replace(/```/g, "'''"), "```"];

function heading(block: Block): string {
  // An actor's name comes from the user's code: escaped in full.
  const subject = block.titledBySubject && block.subject !== undefined ? `${escapeMarkdown(block.subject)}: ` : "";
  return `${"#".repeat(block.level + 1)} ${block.status ? ICONS[block.status] : ""}${subject}${inline(block.title)}`;
}

function detailLines(detail: Detail): string[] {
  if (detail.kind === "text") return [`${inline(detail.label)}: ${inline(detail.text)}`];
  return [`${inline(detail.label)}:`, "", ...fence(detail.kind === "transcript" ? "text" : "sh", detail.text)];
}

function blockLines(block: Block): string[] {
  const lines = [heading(block)];
  for (const note of block.notes) {
    const text = `${note.label ? `**${inline(note.label)}** ` : ""}${inline(note.text)}`;
    lines.push("", note.kind === "worst" ? `**${text}**` : note.kind === "muted" ? `_${text}_` : text);
  }
  // A pull-request comment shows what failed: rows whose every judged cell passed are only counted.
  const passed = block.rows.filter((row) => row.cells.some((cell) => cell.tone === "pass") && !row.cells.some((cell) => cell.tone === "fail"));
  const listed = block.rows.filter((row) => !passed.includes(row));
  const shown = listed.slice(0, MARKDOWN_ROWS);
  if (shown.length > 0) {
    lines.push("");
    if (block.columns === undefined) for (const row of shown) lines.push(`- ${row.cells.map((cell) => inline(cell.text)).join(" ")}`);
    else {
      lines.push(`| ${block.columns.map(inline).join(" | ")} |`, `|${"---|".repeat(block.columns.length)}`);
      for (const row of shown) lines.push(`| ${row.cells.map((cell) => inline(cell.text)).join(" | ")} |`);
    }
  }
  if (listed.length > shown.length) lines.push("", `${listed.length - shown.length} more in report.html`);
  if (passed.length > 0) lines.push("", `${passed.length}${listed.length > 0 ? " more" : ""} row(s) with every check passed: in report.html`);
  if (block.unlisted) lines.push("", `… and ${block.unlisted.count} more ${block.unlisted.where}`);
  if (block.layout === "items") {
    const detailed = block.rows.slice(0, MARKDOWN_TRANSCRIPTS);
    for (const row of detailed) {
      lines.push("", `**${row.cells.slice(0, 2).map((cell) => inline(truncate(cell.text, 120))).join(": ")}**`);
      for (const detail of row.details ?? []) lines.push("", ...detailLines(detail));
    }
    if (block.rows.length > detailed.length) lines.push("", `Replays and transcripts of the other ${block.rows.length - detailed.length} are in report.html.`);
  }
  return lines;
}

export function renderMarkdownBlocks(blocks: readonly Block[]): string {
  return `${blocks.map((block) => blockLines(block).join("\n")).join("\n\n")}\n`;
}

/** A summary that fits a pull-request comment. */
export function renderMarkdown(report: Report): string {
  return renderMarkdownBlocks(reportBlocks(report));
}
