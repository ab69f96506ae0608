import { readFileSync } from "node:fs";
import { z } from "zod";
import { describeHeader } from "../origin/header.js";
import { REPORT_SCHEMA_VERSION } from "./report.js";

/** The part of report.json a diff reads, validated: a baseline may come from another version or be hand-edited. */
const reportForDiff = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  verdict: z.string(),
  subjects: z.array(
    z.object({
      actor: z.string(),
      matrix: z.record(z.string(), z.record(z.string(), z.object({ run: z.number(), passed: z.number(), failed: z.number() }))),
      failures: z.array(
        z.object({
          category: z.string(),
          transport: z.string(),
          header: z.object({ lines: z.array(z.string()), name: z.string().optional() }),
          replay: z.string(),
        }),
      ),
    }),
  ),
});

type DiffableReport = z.infer<typeof reportForDiff>;

export class ReportFileError extends Error {
  override readonly name = "ReportFileError";
}

export function readReport(path: string): DiffableReport {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ReportFileError(`cannot read report ${path}: ${(error as Error).message}`);
  }
  const parsed = reportForDiff.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ReportFileError(`${path} is not a report.json of schema version ${REPORT_SCHEMA_VERSION}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** One failing cell: actor × category × transport, with an example origin and its replay. */
export interface FailingCell {
  readonly key: string;
  readonly actor: string;
  readonly category: string;
  readonly transport: string;
  readonly example: string;
  readonly replay: string;
}

export interface ReportDiff {
  readonly newFailures: readonly FailingCell[];
  readonly fixed: readonly FailingCell[];
  readonly unchanged: readonly FailingCell[];
}

function failingCells(report: DiffableReport): Map<string, FailingCell> {
  const cells = new Map<string, FailingCell>();
  for (const subject of report.subjects) {
    for (const failure of subject.failures) {
      const key = `${subject.actor} · ${failure.category} · ${failure.transport}`;
      if (!cells.has(key)) {
        cells.set(key, { key, actor: subject.actor, category: failure.category, transport: failure.transport, example: describeHeader(failure.header), replay: failure.replay });
      }
    }
  }
  return cells;
}

/** Compares failing cells: new ones are regressions; the run exits 1 on any. */
export function diffReports(baseline: DiffableReport, current: DiffableReport): ReportDiff {
  const before = failingCells(baseline);
  const after = failingCells(current);
  return {
    newFailures: [...after.values()].filter((cell) => !before.has(cell.key)),
    fixed: [...before.values()].filter((cell) => !after.has(cell.key)),
    unchanged: [...after.values()].filter((cell) => before.has(cell.key)),
  };
}

export function formatDiff(diff: ReportDiff): string {
  const section = (title: string, cells: readonly FailingCell[]) =>
    cells.length === 0 ? [`${title}: none`] : [`${title}: ${cells.length}`, ...cells.map((cell) => `  ${cell.key}: ${cell.example.slice(0, 120)}`)];
  return [...section("new failures", diff.newFailures), ...section("fixed", diff.fixed), ...section("unchanged failures", diff.unchanged)].join("\n");
}
