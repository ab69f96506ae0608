import { type Expectation, expected } from "../oracle/oracle.js";
import type { OriginHeader } from "../origin/header.js";
import type { Outcome } from "../probes/outcome.js";
import type { Policy } from "../policy/policy.js";

/** One observed outcome judged against the oracle. */
export interface CaseVerdict {
  readonly pass: boolean;
  readonly expectation: Expectation;
  /** Why it failed, in one line; empty when it passed. */
  readonly problem: string;
  /** The outcome says nothing about the guard (timeout, infrastructure, errored). */
  readonly undecided: boolean;
}

/**
 * accept → `accepted`; reject → `rejected` with the policy's rejectCode, or
 * `transport-rejected`. `errored`, `timeout` and `infrastructure` always fail:
 * an outcome that was not positively observed never counts as conformant.
 */
export function judge(policy: Policy, header: OriginHeader, outcome: Outcome, expectation: Expectation = expected(policy, header)): CaseVerdict {
  const fail = (problem: string, undecided = false): CaseVerdict => ({ pass: false, expectation, problem, undecided });
  const ok: CaseVerdict = { pass: true, expectation, problem: "", undecided: false };
  switch (outcome.kind) {
    case "accepted":
      return expectation.decision === "accept" ? ok : fail("accepted an origin the policy rejects");
    case "rejected":
      if (expectation.decision === "accept") return fail(`rejected an allowed origin (${outcome.group}.${outcome.code})`);
      return outcome.code === policy.rejectCode
        ? ok
        : fail(`rejected with code ${outcome.group}.${outcome.code}, not the documented ${policy.rejectCode}`);
    case "transport-rejected":
      return expectation.decision === "reject" ? ok : fail("the engine refused a request the policy accepts");
    case "errored":
      return fail(`errored: ${outcome.detail}`, true);
    case "timeout":
      return fail(`no decision within ${Math.round(outcome.afterMs)} ms (${outcome.stage})`, true);
    case "infrastructure":
      return fail(`infrastructure: ${outcome.detail}`, true);
  }
}
