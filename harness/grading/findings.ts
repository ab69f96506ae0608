import { createHash } from "node:crypto";
import type { PhaseId } from "../conformance/ledger.js";
import { describeExtraHeaders } from "../conformance/format-failure.js";
import type { Failure } from "../conformance/result.js";
import { describeHeader, type OriginHeader } from "../origin/header.js";
import type { Policy } from "../policy/policy.js";
import { TRANSPORT_IDS, type TransportId } from "../transports/index.js";
import { gradeRank, type Grade } from "./grade.js";
import { gradeFailure } from "./grade-failure.js";
import { NO_ORIGIN_GUARD } from "../reports/categories-doc.js";

/** Phases in the order a run goes through them. */
const PHASE_ORDER: readonly PhaseId[] = ["preflight", "open-actor", "corpus", "random", "headers", "history", "side-effects", "screening"];

export interface GradedFailure extends Failure {
  readonly grade: Grade;
  /** The finding it is folded under. */
  readonly finding: string;
}

/** One distinct problem: one origin value, one kind of wrong answer, every transport and phase that showed it. */
export interface Finding {
  /** Stable across runs and seeds: a hash of the origin, the property and the grade. */
  readonly id: string;
  readonly grade: Grade;
  readonly property: Failure["property"];
  readonly origin: string;
  readonly header: OriginHeader;
  readonly categories: readonly string[];
  readonly expected: Failure["expected"];
  /** The first failure's problem, in words. */
  readonly problem: string;
  readonly transports: readonly TransportId[];
  readonly phases: readonly PhaseId[];
  /** Failures folded under it. */
  readonly count: number;
  /** Distinct replay commands, the first one first. */
  readonly replays: readonly string[];
}

function findingId(origin: string, property: string, grade: Grade): string {
  return createHash("sha256").update(`${property}\n${grade}\n${origin}`).digest("hex").slice(0, 16);
}

function uniq<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** Distinct items in the order of `order`, so a finding reads the same whichever probe finished first. */
function inOrder<T>(items: readonly T[], order: readonly T[]): T[] {
  return uniq(items).sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/**
 * Grades every failure and folds them into findings, worst grade first, then the shortest origin.
 * An actor with no origin guard (`unguarded`: why) gets one finding for all of them: its problem is the missing guard, not any one origin.
 */
export function groupFindings(failures: readonly Failure[], policy: Policy, unguarded?: string): { failures: GradedFailure[]; findings: Finding[] } {
  const grades = failures.map((failure) => gradeFailure(failure, policy));
  const worst = worstGrade(grades.map((grade) => ({ grade })));
  const graded: GradedFailure[] = failures.map((failure, index) => {
    const grade = grades[index]!;
    return { ...failure, grade, finding: unguarded === undefined ? findingId(describeHeader(failure.header), failure.property, grade) : findingId(NO_ORIGIN_GUARD, failure.property, worst!) };
  });
  const groups = new Map<string, GradedFailure[]>();
  for (const failure of graded) groups.set(failure.finding, [...(groups.get(failure.finding) ?? []), failure]);
  const findings = [...groups.entries()].map(([id, members]): Finding => {
    const first = [...members].sort((a, b) => gradeRank(a.grade) - gradeRank(b.grade))[0]!;
    // The header property's members differ in their other headers: the shrunk one shows the fewest; a replayed one has no shrunk member, but its path.
    const header = members.filter((failure) => failure.extraHeaders !== undefined && !failure.shrinkStep);
    const shown = header.find((failure) => failure.shrunk) ?? header.find((failure) => failure.path !== undefined) ?? first;
    return {
      id,
      grade: first.grade,
      property: first.property,
      origin: unguarded !== undefined ? "(every origin)" : `${describeHeader(first.header)}${shown.extraHeaders?.length ? ` with ${describeExtraHeaders(shown.extraHeaders)}` : ""}`,
      header: first.header,
      categories: uniq(members.map((failure) => failure.category)),
      expected: first.expected,
      problem: unguarded === undefined ? first.problem : `no origin guard: every origin is accepted (${unguarded}); e.g. ${describeHeader(first.header)}: ${first.problem}`,
      transports: inOrder(members.map((failure) => failure.transport), TRANSPORT_IDS),
      phases: inOrder(members.map((failure) => failure.phase), PHASE_ORDER),
      count: members.length,
      replays: uniq([shown.replay, ...members.map((failure) => failure.replay)]),
    };
  });
  const size = (finding: Finding) => finding.header.lines.reduce((total, line) => total + line.length, 0);
  findings.sort((a, b) => gradeRank(a.grade) - gradeRank(b.grade) || b.transports.length - a.transports.length || size(a) - size(b) || a.origin.localeCompare(b.origin));
  return { failures: graded, findings };
}

/** The worst grade among findings, if any. */
export function worstGrade(findings: readonly Pick<Finding, "grade">[]): Grade | undefined {
  return findings.map((finding) => finding.grade).sort((a, b) => gradeRank(a) - gradeRank(b))[0];
}
