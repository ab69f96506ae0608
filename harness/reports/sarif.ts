import { createHash } from "node:crypto";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { CATEGORIES } from "../generators/catalog.js";
import type { GradedFailure } from "../grading/findings.js";
import { gradeRank } from "../grading/grade.js";
import { describeHeader } from "../origin/header.js";
import { formatOutcome } from "../probes/outcome.js";
import { categoryHelpUri, NO_ORIGIN_GUARD, PROPERTIES } from "./categories-doc.js";
import { truncate } from "./escape.js";
import type { GradedSubject, Report } from "./report.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
/** Origins named in a result's message. */
const EXAMPLES_PER_RESULT = 3;

export function ruleId(category: string): string {
  return `origin-conformance/${category}`;
}

const rule = ({ id, title, description }: { id: string; title: string; description: string }): ReportingDescriptor => ({
  id: ruleId(id),
  name: id.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase()),
  shortDescription: { text: title },
  fullDescription: { text: description },
  help: { text: `${title}. ${description}` },
  helpUri: categoryHelpUri(id),
});

const RULES: readonly ReportingDescriptor[] = [
  ...CATEGORIES.map(({ id, title, description, rationale }) => rule({ id, title, description: `${description} ${rationale}` })),
  ...PROPERTIES.map(rule),
];

/** The catalog's rules, plus one for any category a report from another version carries that this one does not know. */
function rulesFor(categories: readonly string[]): ReportingDescriptor[] {
  const unknown = [...new Set(categories)].filter((category) => !RULES.some((known) => known.id === ruleId(category)));
  return [...RULES, ...unknown.map((id) => ({ id: ruleId(id), shortDescription: { text: id }, fullDescription: { text: `Failures in the category ${id}.` } }))];
}

/** One failing cell: an actor's failures in one category over one transport. */
interface Cell {
  readonly subject: GradedSubject;
  readonly category: string;
  readonly transport: string;
  readonly failures: GradedFailure[];
}

function cellsOf(subject: GradedSubject): Cell[] {
  const cells = new Map<string, Cell>();
  for (const failure of subject.failures) {
    const category = subject.openActor?.unguarded === undefined ? failure.category : NO_ORIGIN_GUARD;
    const key = `${category}\n${failure.transport}`;
    const cell = cells.get(key) ?? { subject, category, transport: failure.transport, failures: [] };
    cell.failures.push(failure);
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** Stable across runs and seeds: the cell, never the origins a seed happened to draw. */
function fingerprint(cell: Cell): string {
  return createHash("sha256").update(`${cell.subject.actor}\n${cell.category}\n${cell.transport}`).digest("hex");
}

function message(cell: Cell): string {
  const worst = [...cell.failures].sort((a, b) => gradeRank(a.grade) - gradeRank(b.grade));
  const origins = [...new Map(worst.map((failure) => [JSON.stringify(failure.header), failure])).values()];
  const examples = origins
    .slice(0, EXAMPLES_PER_RESULT)
    .map((failure) => `${truncate(describeHeader(failure.header), 200)} (expected ${failure.expected}, observed ${truncate(formatOutcome(failure.outcome), 160)})`);
  const more = origins.length > EXAMPLES_PER_RESULT ? ` and ${origins.length - EXAMPLES_PER_RESULT} more` : "";
  return (
    `Actor "${cell.subject.actor}", ${cell.category} over ${cell.transport}: ${origins.length} origin(s) decided against the policy, e.g. ${examples.join("; ")}${more}. ` +
    `Replay: ${worst[0]!.replay}`
  );
}

function result(cell: Cell, rules: readonly ReportingDescriptor[]): Result {
  const location = cell.subject.guardLocation ?? { file: cell.subject.module, line: 1, exact: false };
  const browserReachable = cell.failures.some((failure) => failure.grade === "browser-reachable-accept");
  const grades = [...new Set(cell.failures.map((failure) => failure.grade))].sort((a, b) => gradeRank(a) - gradeRank(b));
  return {
    ruleId: ruleId(cell.category),
    ruleIndex: rules.findIndex((candidate) => candidate.id === ruleId(cell.category)),
    level: browserReachable ? "error" : "warning",
    message: { text: message(cell) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: location.file, uriBaseId: "%SRCROOT%" },
          region: { startLine: location.line },
        },
      },
    ],
    partialFingerprints: { "originConformanceCell/v1": fingerprint(cell) },
    properties: { actor: cell.subject.actor, transport: cell.transport, grades, failingProbes: cell.failures.length },
  };
}

/** SARIF 2.1.0 for code scanning: one rule per category, one result per failing cell (actor × category × transport). */
export function renderSarif(report: Report): string {
  const cells = report.subjects.flatMap(cellsOf);
  const rules = rulesFor(cells.map((cell) => cell.category));
  const results = cells.map((cell) => result(cell, rules));
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, rules } },
        invocations: [{ executionSuccessful: report.complete && report.verdict !== "infrastructure-failure", startTimeUtc: report.startedAt, endTimeUtc: report.finishedAt }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
