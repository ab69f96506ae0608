import type { CutOff } from "../conformance/result.js";
import { type Block, cell } from "./block.js";
import { shownOrigin, truncate } from "./escape.js";
import type { GradedSubject, Report } from "./report.js";

/** The cut-off run in one line: why it stopped, where, and how much it did not do. */
export function cutOffSummary(cutOff: CutOff): string {
  const notRun = cutOff.phasesNotRun.length > 0 ? `; phases not run: ${cutOff.phasesNotRun.join(", ")}` : "";
  return `cut off during ${cutOff.phase}: ${truncate(cutOff.reason, 300)}; ${cutOff.sent} probe(s) on the wire lost, ${cutOff.notSent} queued probe(s) never sent${notRun}`;
}

const NOT_RUN = "not run: the run was cut off before this subject";

/** Where a run was cut off in an actor: why, and which probes it lost or never sent. */
export function cutOffBlocks(subject: GradedSubject): Block[] {
  const cutOff = subject.cutOff;
  if (cutOff === undefined) return [];
  const total = cutOff.sent + cutOff.notSent;
  return [
    {
      level: 2,
      subject: subject.actor,
      titledBySubject: true,
      title: "incomplete",
      notes: [{ label: "Incomplete:", text: cutOffSummary(cutOff), kind: "warning" }],
      columns: ["state", "phase", "transport", "origin"],
      rows: cutOff.probes.map((probe) => ({ cells: [cell(probe.state), cell(probe.phase), cell(probe.transport), cell(shownOrigin(probe.header), { code: true })] })),
      fold: `probes cut off (${total})`,
      ...(total > cutOff.probes.length ? { unlisted: { count: total - cutOff.probes.length, where: "not kept" } } : {}),
      checks: [{ name: "the run completed", passed: false, message: cutOffSummary(cutOff) }],
    },
  ];
}

/** The actors a cut-off run never started: each a failing "the run completed". */
export function notRunBlocks(report: Report): Block[] {
  if (!report.subjectsNotRun?.length) return [];
  return [
    {
      level: 2,
      title: "Not run (the run was cut off before them)",
      notes: [],
      rows: report.subjectsNotRun.map((actor) => ({ cells: [cell(actor)], check: { name: "the run completed", passed: false, message: NOT_RUN, subject: actor } })),
    },
  ];
}
