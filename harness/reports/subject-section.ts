import { explainVerdict } from "../conformance/format-failure.js";
import { formatOutcome } from "../probes/outcome.js";
import { type Block, cell, type Cell, type Row } from "./block.js";
import { shownOrigin, truncate } from "./escape.js";
import type { GradedSubject, Report } from "./report.js";
import { verdictStatus } from "./summary-section.js";
import { evidenceLine, openActorLine } from "./text-summary.js";

/** One matrix cell: its counts, coloured, and a testcase that fails on its count, whether or not a failure is listed for it. */
function matrixCell(subject: GradedSubject, category: string, transport: string): Cell {
  const counts = subject.matrix[category]?.[transport as keyof GradedSubject["matrix"][string]];
  if (counts === undefined) return cell("–", { tone: "none" });
  const found = subject.failures.filter((failure) => (failure.category === category || failure.property === category) && failure.transport === transport);
  const failed = found.length > 0 || counts.failed > 0;
  const first = found[0];
  return cell(counts.failed > 0 ? `${counts.failed} failed / ${counts.run}` : `${counts.run} passed`, {
    tone: counts.failed > 0 ? "fail" : "pass",
    check: {
      name: `${category} transport (${transport})`,
      passed: !failed,
      ...(failed
        ? {
            message: `${counts.failed} of ${counts.run} failed${first ? `; e.g. ${shownOrigin(first.header)}: ${truncate(first.problem, 400)}` : ""}`,
            ...(found.length > 0
              ? {
                  body: found
                    .slice(0, 20)
                    .map((failure) => `${shownOrigin(failure.header)}: expected ${failure.expected}, observed ${truncate(formatOutcome(failure.outcome), 400)}\n  replay: ${failure.replay}`)
                    .join("\n"),
                }
              : {}),
          }
        : {}),
    },
  });
}

/** An actor's verdict and its category × transport matrix; the verdict is a testcase that fails whatever the cells show. */
export function subjectBlocks(subject: GradedSubject, report: Report): Block[] {
  const order = report.categories.map((category) => category.id);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const rows: Row[] = Object.keys(subject.matrix)
    .sort((a, b) => rank(a) - rank(b))
    .map((category) => {
      const info = report.categories.find((entry) => entry.id === category);
      return {
        cells: [cell(`${info?.title ?? category} (${category})`, { hint: info?.description ?? category }), ...subject.transports.map((transport) => matrixCell(subject, category, transport))],
      };
    });
  return [
    {
      level: 2,
      subject: subject.actor,
      titledBySubject: true,
      title: subject.verdict,
      status: verdictStatus(subject.verdict),
      suite: `origin conformance: ${subject.actor}`,
      durationMs: subject.durationMs,
      notes: [
        {
          text: `policy: ${JSON.stringify(subject.policy)} · seed ${subject.seed} · ${subject.runs} random cases per transport · ${subject.probes} probes · ${(subject.durationMs / 1000).toFixed(1)} s`,
          kind: "muted",
        },
        { text: evidenceLine(subject), kind: "muted" },
        ...(subject.openActor ? [{ text: openActorLine(subject), kind: "muted" as const }] : []),
        ...subject.skipped.map((skipped) => ({ text: `skipped ${skipped.check}: ${skipped.reason}`, kind: "muted" as const })),
      ],
      columns: ["category × transport", ...subject.transports],
      rows,
      checks: [
        subject.verdict === "conformant"
          ? { name: "verdict", passed: true }
          : { name: "verdict", passed: false, message: `verdict: ${subject.verdict}`, body: truncate(explainVerdict(subject), 20_000) },
      ],
    },
  ];
}
