import type { ScreeningSummary } from "../conformance/result.js";
import { type Block, cell } from "./block.js";
import { truncate } from "./escape.js";
import type { GradedSubject } from "./report.js";

const count = (value: number) => value.toLocaleString("en-US");

/** One line: what the in-process tier screened and what the wire confirmed, or why it was not used. */
export function screeningLine(screening: ScreeningSummary): string {
  const agreement = `it agreed with the wire on ${count(screening.corpusAgreed)} of ${count(screening.corpusCompared)} corpus probes`;
  if (screening.status !== "used") return `in-process screening not used (${screening.status}): ${truncate(screening.reason ?? "")}${screening.corpusCompared > 0 ? `; ${agreement}` : ""}`;
  const { probes, failed, agreedWithTier } = screening.confirmation;
  return (
    `in-process screening: tried ${count(screening.screened)} origin × transport pairs in process (${count(screening.screenedPerSecond)}/s, seed ${screening.seed}); ${agreement}; ` +
    `${count(screening.oracleFailures)} got a different answer from the one the policy calls for; ${probes} of them re-sent to the real actor: ${failed} failed there too, ${agreedWithTier} answered as in process`
  );
}

/** What the in-process tier did for each actor, and where it disagreed with the wire; verdicts come from the wire only. */
export function screeningBlocks(subject: GradedSubject): Block[] {
  const screening = subject.screening;
  if (screening === undefined) return [];
  // Bounded here too: a report.json from elsewhere may carry anything.
  return [
    {
      level: 3,
      subject: subject.actor,
      titledBySubject: true,
      title: "in-process screening (verdicts come from the wire only)",
      notes: [{ text: screeningLine(screening), kind: "muted" }],
      columns: ["transport", "origin", "wire", "in process"],
      rows: screening.disagreements.map((entry) => ({
        cells: [cell(entry.transport), cell(truncate(entry.origin), { code: true }), cell(truncate(entry.wire)), cell(truncate(entry.inProcess))],
      })),
      fold: `where the in-process tier and the wire disagreed (${screening.disagreements.length} shown)`,
    },
  ];
}
