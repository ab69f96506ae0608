import { type Block, type Check, checksOf } from "./block.js";
import { escapeXml, truncate } from "./escape.js";
import type { Report } from "./report.js";
import { reportBlocks } from "./sections.js";

/** Lines of a block's notes and rows written to its testsuite's output. */
const OUTPUT_ROWS = 50;

function testcase(block: Block, check: Check): string {
  const opening = `    <testcase classname="${escapeXml(check.subject ?? block.subject ?? "origin conformance")}" name="${escapeXml(check.name)}"`;
  if (check.passed) return `${opening}/>`;
  const body = check.body === undefined ? "/>" : `>${escapeXml(check.body)}</failure>`;
  return `${opening}>\n      <failure message="${escapeXml(truncate(check.message ?? "failed", 2_000))}"${body}\n    </testcase>`;
}

function output(block: Block): string {
  const lines = [
    ...block.notes.map((note) => `${note.label ? `${note.label} ` : ""}${note.text}`),
    ...block.rows.slice(0, OUTPUT_ROWS).map((row) => row.cells.map((cell) => cell.text).join(" | ")),
    ...(block.rows.length > OUTPUT_ROWS ? [`${block.rows.length - OUTPUT_ROWS} more in report.html`] : []),
    ...(block.unlisted ? [`… and ${block.unlisted.count} more ${block.unlisted.where}`] : []),
  ].map((line) => truncate(line, 400));
  return lines.length === 0 ? "" : `\n    <system-out>${escapeXml(lines.join("\n"))}</system-out>`;
}

/** Always with the actor, so that "Failures (3)" of two actors stay two suites. */
const suiteName = (block: Block) => block.suite ?? (block.subject === undefined ? block.title : `${block.subject}: ${block.title}`);

/** A testsuite per block: its checks are the testcases (a failing cell, finding, cut-off or verdict fails), its notes and rows the output. */
function testsuite(block: Block): string {
  const checks = checksOf(block);
  const failures = checks.filter((check) => !check.passed).length;
  const time = ((block.durationMs ?? 0) / 1000).toFixed(3);
  const cases = checks.map((check) => `\n${testcase(block, check)}`).join("");
  return `  <testsuite name="${escapeXml(suiteName(block))}" tests="${checks.length}" failures="${failures}" time="${time}">${cases}${output(block)}\n  </testsuite>`;
}

export function renderJunitBlocks(blocks: readonly Block[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rivet-origin-conformance">\n${blocks.map(testsuite).join("\n")}\n</testsuites>\n`;
}

/** Every section of the report as a testsuite; the file fails exactly when a cell, a finding, a cut-off or the verdict does. */
export function renderJunit(report: Report): string {
  return renderJunitBlocks(reportBlocks(report));
}
