import { orderForReading } from "../conformance/format-failure.js";
import { gradeInfo } from "../grading/grade.js";
import { formatOutcome } from "../probes/outcome.js";
import { type Block, cell, type Detail } from "./block.js";
import { shownOrigin, truncate } from "./escape.js";
import { transcriptText } from "./findings-section.js";
import type { GradedSubject } from "./report.js";

/** Failures listed with everything about them; the rest are in report.json. */
export const LISTED_FAILURES = 50;

/**
 * Each actor's failing probes, the most telling first, each with what was
 * expected and observed, sent and received, and its replay. No testcases: the
 * matrix cells already fail on them.
 */
export function failuresBlocks(subject: GradedSubject): Block[] {
  if (subject.failures.length === 0) return [];
  const rows = orderForReading(subject.failures)
    .slice(0, LISTED_FAILURES)
    .map((failure) => {
      const details: Detail[] = [
        { label: "expected", text: failure.expected, kind: "text" },
        { label: "observed", text: truncate(formatOutcome(failure.outcome), 400), kind: "text" },
        { label: "sent", text: truncate(failure.request, 400), kind: "code" },
        { label: "got", text: truncate(failure.response, 400), kind: "code" },
        ...(failure.seed !== undefined ? [{ label: "seed, path", text: `${failure.seed}, ${failure.path ?? ""}${failure.shrunk ? " (shrunk)" : ""}`, kind: "text" as const }] : []),
        { label: "replay", text: failure.replay, kind: "code" },
        ...(failure.transcript ? [{ label: "transcript", text: transcriptText(failure.transcript), kind: "transcript" as const }] : []),
      ];
      return {
        cells: [
          cell(gradeInfo(failure.grade).title, { grade: failure.grade }),
          cell(failure.category),
          cell(failure.transport),
          cell(shownOrigin(failure.header), { code: true }),
          cell(failure.problem),
        ],
        details,
      };
    });
  return [
    {
      level: 3,
      subject: subject.actor,
      title: `Failures (${subject.failures.length})`,
      notes: [],
      columns: ["grade", "category", "transport", "origin", "problem"],
      rows,
      layout: "items" as const,
      item: "failure",
      ...(subject.failures.length > LISTED_FAILURES ? { unlisted: { count: subject.failures.length - LISTED_FAILURES, where: "in report.json" } } : {}),
    },
  ];
}
