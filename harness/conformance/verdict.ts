import { type Expectation, expected } from "../oracle/oracle.js";
import type { OriginHeader } from "../origin/header.js";
import type { Outcome } from "../probes/outcome.js";
import type { Policy } from "../policy/policy.js";
import type { Judgement, Ledger } from "./ledger.js";
import type { Verdict } from "./result.js";

/**
 * One observed outcome judged against the oracle.
 * accept → `accepted`; reject → `rejected` with the policy's rejectCode, or
 * `transport-rejected` where the calibrated model says the stack refuses the
 * value (anywhere else a stack refusal never exercised the guard: undecided).
 * `errored`, `timeout` and `infrastructure` always fail: an outcome that was
 * not positively observed never counts as conformant.
 */
export function judge(policy: Policy, header: OriginHeader, outcome: Outcome, expectation: Expectation = expected(policy, header)): Judgement {
  const base = { expected: expectation.decision, reason: expectation.reason };
  const fail = (problem: string, undecided = false): Judgement => ({ ...base, pass: false, problem, undecided });
  const ok: Judgement = { ...base, pass: true, problem: "", undecided: false };
  switch (outcome.kind) {
    case "accepted":
      return expectation.decision === "accept" ? ok : fail("accepted an origin the policy rejects");
    case "rejected":
      if (expectation.decision === "accept") return fail(`rejected an allowed origin (${outcome.group}.${outcome.code})`);
      return outcome.code === policy.rejectCode
        ? ok
        : fail(`rejected with code ${outcome.group}.${outcome.code}, not the documented ${policy.rejectCode}`);
    case "transport-rejected":
      if (expectation.observed.kind === "transport-rejected") return ok;
      return fail(
        `errored: the stack refused the request (HTTP ${outcome.status}) although the calibrated model says the guard sees ${
          expectation.observed.kind === "missing" ? "no Origin" : JSON.stringify(expectation.observed.value)
        }; the guard was never exercised`,
        true,
      );
    case "errored":
      return fail(`errored: ${outcome.detail}`, true);
    case "timeout":
      return fail(`no decision within ${Math.round(outcome.afterMs)} ms (${outcome.stage})`, true);
    case "infrastructure":
      return fail(`infrastructure: ${outcome.detail}`, true);
  }
}

/** How the run ended, apart from what the ledger holds. */
export interface Completion {
  /** The run finished every planned phase (not cut off by the engine's death, Ctrl-C, a failed instance creation). */
  readonly completed: boolean;
  /** The engine's supervisor reported its death. */
  readonly engineDied?: string;
}

/**
 * THE verdict rule, and the only place that says what counts:
 * a run is conformant iff it completed, no probe of any role hit
 * infrastructure, every evidence entry is a positively observed decision that
 * agrees with the oracle, and every side-effect observation held (no rejected
 * call ran). In-process decisions count only where recorded as counted (the
 * default profile's corpus, after the tier agreed with every wire probe).
 * A wrong decision counts wherever it was observed, whether or not it
 * reproduced. (Cross-transport and history findings are made of evidence
 * entries that already fail here; derive.ts explains them.)
 */
export function verdictOf(ledger: Ledger, completion: Completion): Verdict {
  let infrastructure = false;
  let wrong = false;
  for (const entry of ledger.entries) {
    switch (entry.kind) {
      case "probe":
        if (entry.outcome.kind === "infrastructure") infrastructure = true;
        if (entry.role === "evidence" && entry.supersededBy === undefined && !entry.judgement.pass) wrong = true;
        break;
      case "side-effect":
        if (entry.after !== entry.before) wrong = true;
        break;
      case "in-process":
        // Screening's decisions never count. The default profile's corpus decisions are recorded as counted only
        // when the tier agreed with the wire on every judged wire probe of the run; then they stand for the wire.
        if (entry.counted && entry.contradicted > 0) wrong = true;
        break;
    }
  }
  if (!completion.completed || completion.engineDied !== undefined || infrastructure) return "infrastructure-failure";
  return wrong ? "not-conformant" : "conformant";
}
