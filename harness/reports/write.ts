import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Report } from "./report.js";

/** The reports could not be written (read-only dir, disk full, ...); nothing in the dir was changed. */
export class ReportWriteError extends Error {
  override readonly name = "ReportWriteError";
}

function reason(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}

function removeQuietly(path: string) {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // its dir is not there or not a dir: nothing was written
  }
}

/** Node's recursive mkdir says ENOENT on a read-only file system: ask the nearest existing ancestor why. */
function whyNotWritable(directory: string, error: unknown): string {
  let existing = directory;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    accessSync(existing, constants.W_OK);
  } catch (denied) {
    return reason(denied);
  }
  return reason(error);
}

/**
 * Fails with ReportWriteError when `directory` cannot take a file: read-only,
 * not a directory, no permission, no space left. For the start of a run,
 * before any probe; what it creates to find out is removed again (a run that
 * ends before its reports leaves no empty report dir).
 */
export function assertWritable(directory: string): void {
  const probe = join(directory, `.origin-conformance-write-test-${process.pid}`);
  let created: string | undefined;
  try {
    created = mkdirSync(directory, { recursive: true });
    writeFileSync(probe, "ok\n");
  } catch (error) {
    throw new ReportWriteError(`${directory} cannot be written: ${whyNotWritable(directory, error)}`);
  } finally {
    removeQuietly(created ?? probe);
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
    for (const { partial } of staged) removeQuietly(partial);
    throw new ReportWriteError(`the reports could not be written to ${directory}: ${reason(error)}; nothing there was changed`);
  }
  for (const { partial, target } of staged) renameSync(partial, target);
  return staged.map(({ target }) => target);
}
