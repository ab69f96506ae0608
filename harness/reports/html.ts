import type { Block, Cell, Detail, Row } from "./block.js";
import { escapeHtml as e } from "./escape.js";
import type { Report } from "./report.js";
import { reportBlocks } from "./sections.js";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.pass{background:#dafbe1}td.fail{background:#ffebe9;font-weight:600}td.none{background:#f6f8fa;color:#8c959f}
.verdict-conformant{color:#1a7f37}.verdict-not-conformant{color:#cf222e}.verdict-infrastructure-failure{color:#9a6700}
code,pre{font-family:ui-monospace,monospace;font-size:12px;background:#f6f8fa;padding:.1rem .3rem;white-space:pre-wrap;word-break:break-all}
details{margin:.3rem 0}.muted{color:#57606a}
.grade{display:inline-block;padding:0 .4rem;border-radius:.6rem;font-weight:600;font-size:12px}
.grade-browser-reachable-accept{background:#cf222e;color:#fff}.grade-non-browser-accept{background:#fb8f44;color:#1b1f24}
.grade-wrong-reject{background:#bf8700;color:#fff}.grade-no-decision{background:#8c959f;color:#fff}.grade-wrong-rejection-code{background:#ddf4ff;color:#0969da}
pre.transcript{background:#f6f8fa;padding:.5rem;max-height:30rem;overflow:auto}
.worst{font-size:1.1rem;padding:.5rem;border-left:4px solid #cf222e;background:#fff8f8}`;

const STATUS_CLASS = { pass: "verdict-conformant", fail: "verdict-not-conformant", warning: "verdict-infrastructure-failure" } as const;
const NOTE_CLASS = { worst: "worst", warning: "cut-off", muted: "muted" } as const;

function cellContent(cell: Cell): string {
  if (cell.grade !== undefined) return `<span class="grade grade-${e(cell.grade)}">${e(cell.text)}</span>`;
  return cell.code ? `<code>${e(cell.text)}</code>` : e(cell.text);
}

function tableCell(cell: Cell): string {
  const attributes = `${cell.tone ? ` class="${cell.tone}"` : ""}${cell.hint ? ` title="${e(cell.hint)}"` : ""}`;
  return `<td${attributes}>${cellContent(cell)}</td>`;
}

function detailContent(detail: Detail): string {
  if (detail.kind === "transcript") return `<pre class="transcript">${e(detail.text)}</pre>`;
  return detail.kind === "code" ? `<code>${e(detail.text)}</code>` : e(detail.text);
}

/** A finding or a failure: its cells as the summary line, its details folded under it. */
function item(block: Block, row: Row): string {
  const details = (row.details ?? []).map((detail) => `<tr><th>${e(detail.label)}</th><td>${detailContent(detail)}</td></tr>`).join("");
  return `<details${block.item ? ` class="${e(block.item)}"` : ""}><summary>${row.cells.map(cellContent).join(" · ")}</summary><table>${details}</table></details>`;
}

function rows(block: Block): string {
  if (block.rows.length === 0) return "";
  if (block.layout === "items") return block.rows.map((row) => item(block, row)).join("\n");
  if (block.columns === undefined) return `<ul>${block.rows.map((row) => `<li>${row.cells.map(cellContent).join(" ")}</li>`).join("")}</ul>`;
  const header = `<tr>${block.columns.map((column) => `<th>${e(column)}</th>`).join("")}</tr>`;
  const table = `<table>${header}${block.rows.map((row) => `<tr>${row.cells.map(tableCell).join("")}</tr>`).join("")}</table>`;
  return block.fold ? `<details><summary>${e(block.fold)}</summary>${table}</details>` : table;
}

function blockHtml(block: Block): string {
  const level = block.level;
  const title = e(block.titledBySubject && block.subject !== undefined ? `${block.subject}: ${block.title}` : block.title);
  const parts = [`<h${level}${block.anchor ? ` id="${e(block.anchor)}"` : ""}>${block.status ? `<span class="${STATUS_CLASS[block.status]}">${title}</span>` : title}</h${level}>`];
  for (const note of block.notes) parts.push(`<p${note.kind ? ` class="${NOTE_CLASS[note.kind]}"` : ""}>${note.label ? `<b>${e(note.label)}</b> ` : ""}${e(note.text)}</p>`);
  parts.push(rows(block));
  if (block.unlisted) parts.push(`<p class="muted">… and ${block.unlisted.count} more ${e(block.unlisted.where)}</p>`);
  return parts.filter((part) => part !== "").join("\n");
}

export function renderHtmlBlocks(blocks: readonly Block[], title: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${e(title)}</title><style>${STYLE}</style></head><body>${blocks.map(blockHtml).join("\n")}</body></html>\n`;
}

/** One self-contained file (no scripts, no external resources) that opens offline. */
export function renderHtml(report: Report): string {
  return renderHtmlBlocks(reportBlocks(report), `Origin conformance: ${report.verdict}`);
}
