import { renderHtml } from "./html.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import type { Report } from "./report.js";
import { renderSarif } from "./sarif.js";

/** Every report file, by name, rendered from the same Report data. */
export const RENDERERS: Record<string, (report: Report) => string> = {
  "report.json": (report) => `${JSON.stringify(report, null, 2)}\n`,
  "junit.xml": renderJunit,
  "report.md": renderMarkdown,
  "report.html": renderHtml,
  "report.sarif": renderSarif,
};
