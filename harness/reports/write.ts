import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Report } from "./report.js";

/** The reports could not be written (read-only dir, disk full, ...); nothing in the dir was changed. */
export class ReportWriteError extends Error {
  override readonly name = "ReportWriteError";
}

function reason(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}

/**
 * Fails with ReportWriteError when `directory` (created if missing) cannot
 * take a file: read-only, not a directory, no permission, no space left. For
 * the start of a run, before any probe.
 */
export function assertWritable(directory: string): void {
  const probe = join(directory, `.origin-conformance-write-test-${process.pid}`);
  try {
    mkdirSync(directory, { recursive: true });
    writeFileSync(probe, "ok\n");
  } catch (error) {
    throw new ReportWriteError(`${directory} cannot be written: ${reason(error)}`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/**
 * Writes every report format, all or nothing: each file is written aside
 * first; only when all of them are whole are they renamed into place. If any
 * cannot be written (disk full), the ones written aside are removed and the
 * directory keeps what it had.
 */
export function writeReports(report: Report, directory: string, renderers: Record<string, (report: Report) => string>): string[] {
  const staged: { partial: string; target: string }[] = [];
  try {
    mkdirSync(directory, { recursive: true });
    for (const [file, render] of Object.entries(renderers)) {
      const target = join(directory, file);
      const partial = `${target}.partial-${process.pid}`;
      staged.push({ partial, target });
      writeFileSync(partial, render(report));
    }
  } catch (error) {
    for (const { partial } of staged) rmSync(partial, { force: true });
    throw new ReportWriteError(`the reports could not be written to ${directory}: ${reason(error)}; nothing there was changed`);
  }
  for (const { partial, target } of staged) renameSync(partial, target);
  return staged.map(({ target }) => target);
}
