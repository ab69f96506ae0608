import { describeHeader, type OriginHeader } from "../origin/header.js";

/** Longest origin rendering shown in the human-readable reports (report.json keeps it whole). */
export const SHOWN_ORIGIN_MAX = 300;

export function truncate(text: string, max = SHOWN_ORIGIN_MAX): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** The origin as an escaped, bounded string: no raw control bytes, no invisible characters. */
export function shownOrigin(header: OriginHeader): string {
  return truncate(describeHeader(header));
}

/** Control characters (but tab and line breaks) as visible `\uXXXX` text: an answer or reason from the wire may carry any byte. */
export function showControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function escapeHtml(text: string): string {
  return showControls(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function escapeXml(text: string): string {
  // XML 1.0 cannot carry most control characters at all, even escaped.
  return escapeHtml(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "\ufffd");
}

/** Markdown table cells and inline code: no pipes, backticks or line breaks that could break out. */
export function escapeMarkdown(text: string): string {
  return showControls(text).replace(/[\\`*_{}[\]()#+\-!|<>]/g, (char) => `\\${char}`).replace(/[\r\n]+/g, " ");
}

/** Markdown prose, headings and table cells the harness words: only what could make markup, links or a table break is escaped. */
export function escapeMarkdownInline(text: string): string {
  return showControls(text).replace(/[\\`*_{}[\]<>|]/g, (char) => `\\${char}`).replace(/[\r\n]+/g, " ");
}
