import type { Failure } from "../conformance/result.js";
import { expectedDecision } from "../oracle/oracle.js";
import type { Policy } from "../policy/policy.js";
import { grade, type Grade, type GradeInput } from "./grade.js";

/**
 * The grader's narrow input for a recorded failure. Two properties record
 * something other than the guard's answer in `outcome`: a side-effect failure
 * whose rejected call still ran its action was, in effect, accepted; a
 * cross-transport failure names the transport that accepted, and whether that
 * acceptance or the other transports' refusal is wrong is the oracle's call.
 */
export function gradeInputOf(failure: Failure, policy: Policy): GradeInput {
  const { transport, header, expected, outcome } = failure;
  if (failure.property === "side-effect-safety" && outcome.kind === "rejected" && failure.problem.startsWith("the rejected call ran")) {
    return { transport, header, expected, outcome: { kind: "accepted", evidence: failure.problem } };
  }
  if (failure.property === "cross-transport") {
    const oracle = expectedDecision(policy, header);
    if (oracle === "reject") return { transport, header, expected: "reject", outcome: { kind: "accepted", evidence: failure.problem } };
    return { transport, header, expected: "accept", outcome: { kind: "rejected", group: "?", code: "?", evidence: failure.problem } };
  }
  return { transport, header, expected, outcome };
}

export function gradeFailure(failure: Failure, policy: Policy): Grade {
  return grade(gradeInputOf(failure, policy));
}
