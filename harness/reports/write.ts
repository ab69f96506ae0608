import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Report } from "./report.js";

/** Writes every report format; each file appears whole (written aside, then renamed) or not at all. */
export function writeReports(report: Report, directory: string, renderers: Record<string, (report: Report) => string>): string[] {
  mkdirSync(directory, { recursive: true });
  const written: string[] = [];
  for (const [file, render] of Object.entries(renderers)) {
    const target = join(directory, file);
    const partial = `${target}.partial-${process.pid}`;
    writeFileSync(partial, render(report));
    renameSync(partial, target);
    written.push(target);
  }
  return written;
}
