import type { Decision } from "../oracle/oracle.js";
import type { OriginHeader } from "../origin/header.js";
import type { Outcome } from "../probes/outcome.js";
import type { TransportId } from "../transports/index.js";
import { browserCanSend } from "./browser-reachable.js";

/** How bad a failure is, worst first (GRADES is in that order). */
export type Grade = "browser-reachable-accept" | "non-browser-accept" | "wrong-reject" | "no-decision" | "wrong-rejection-code";

export interface GradeInfo {
  readonly id: Grade;
  /** Plain words for a summary line. */
  readonly title: string;
  readonly meaning: string;
}

export const GRADES: readonly GradeInfo[] = [
  {
    id: "browser-reachable-accept",
    title: "accepted an origin any web page can send",
    meaning: "A browser sends exactly this Origin from an attacker's page: cross-site WebSocket hijacking or CSRF.",
  },
  {
    id: "non-browser-accept",
    title: "accepted an origin only a non-browser client can send",
    meaning: "No browser sends this value (case variants, whitespace, paths, userinfo, several lines, percent-encoding): a deviation from the documented set, not a browser-driven attack.",
  },
  {
    id: "wrong-reject",
    title: "refused an allowed origin",
    meaning: "An origin in the documented set was turned away: breakage for real users.",
  },
  {
    id: "no-decision",
    title: "gave no decision",
    meaning: "The guard neither accepted nor rejected in time (timeout, error): never counted as a pass.",
  },
  {
    id: "wrong-rejection-code",
    title: "rejected with the wrong error code",
    meaning: "The origin was refused, but not with the documented rejection code: clients that look for that code will misread it.",
  },
];

export function gradeInfo(grade: Grade): GradeInfo {
  return GRADES.find((info) => info.id === grade)!;
}

/** Lower is worse. */
export function gradeRank(grade: Grade): number {
  return GRADES.findIndex((info) => info.id === grade);
}

export interface GradeInput {
  readonly transport: TransportId;
  readonly header: OriginHeader;
  readonly expected: Decision;
  /** What was positively observed; an action that ran behind a "rejection" is an acceptance. */
  readonly outcome: Outcome;
}

/** The grade of a failure; a passing case never reaches here. */
export function grade({ transport, header, expected, outcome }: GradeInput): Grade {
  switch (outcome.kind) {
    case "accepted":
      if (expected === "accept") return "no-decision";
      return browserCanSend(header, transport) ? "browser-reachable-accept" : "non-browser-accept";
    case "rejected":
    case "transport-rejected":
      if (expected === "accept") return "wrong-reject";
      return outcome.kind === "rejected" ? "wrong-rejection-code" : "no-decision";
    case "errored":
    case "timeout":
    case "infrastructure":
      return "no-decision";
  }
}
