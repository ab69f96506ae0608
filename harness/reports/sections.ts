/**
 * The sections of the human-readable reports, in reading order. Markdown, HTML
 * and JUnit each render `reportBlocks(report)`, so a section added here shows
 * in every format (suites/reports/blocks-in-every-format.test.ts).
 */
import type { Block } from "./block.js";
import { browserBlocks } from "./browser-section.js";
import { categoriesBlocks } from "./categories-section.js";
import { cutOffBlocks, notRunBlocks } from "./cut-off-section.js";
import { failuresBlocks } from "./failures-section.js";
import { findingsBlocks } from "./findings-section.js";
import { mutationBlocks } from "./mutation-section.js";
import { platformBlocks } from "./platform-section.js";
import type { GradedSubject, Report } from "./report.js";
import { screeningBlocks } from "./screening-section.js";
import { subjectBlocks } from "./subject-section.js";
import { summaryBlocks } from "./summary-section.js";

/** A section about the whole run, or one shown for each actor; either gives no block when the report has nothing for it. */
export type Section =
  | { readonly id: string; readonly scope: "run"; readonly blocks: (report: Report) => Block[] }
  | { readonly id: string; readonly scope: "actor"; readonly blocks: (subject: GradedSubject, report: Report) => Block[] };

/** Actor sections are shown together, actor by actor, where the first of them stands. */
export const SECTIONS: readonly Section[] = [
  { id: "summary", scope: "run", blocks: summaryBlocks },
  { id: "subject", scope: "actor", blocks: subjectBlocks },
  { id: "cut-off", scope: "actor", blocks: cutOffBlocks },
  { id: "screening", scope: "actor", blocks: screeningBlocks },
  { id: "findings", scope: "actor", blocks: findingsBlocks },
  { id: "failures", scope: "actor", blocks: failuresBlocks },
  { id: "not-run", scope: "run", blocks: notRunBlocks },
  { id: "mutation-score", scope: "run", blocks: mutationBlocks },
  { id: "browser-evidence", scope: "run", blocks: browserBlocks },
  { id: "platform-findings", scope: "run", blocks: platformBlocks },
  { id: "categories", scope: "run", blocks: categoriesBlocks },
];

/** One section's blocks for a report: for an actor section, those of every actor. */
export function sectionBlocks(section: Section, report: Report): Block[] {
  return section.scope === "run" ? section.blocks(report) : report.subjects.flatMap((subject) => section.blocks(subject, report));
}

export function reportBlocks(report: Report): Block[] {
  const actorSections = SECTIONS.filter((section) => section.scope === "actor");
  return SECTIONS.flatMap((section) => {
    if (section.scope === "run") return section.blocks(report);
    if (section !== actorSections[0]) return [];
    return report.subjects.flatMap((subject) => actorSections.flatMap((each) => (each.scope === "actor" ? each.blocks(subject, report) : [])));
  });
}
