import type { Decision } from "../oracle/oracle.js";
import type { OriginHeader } from "../origin/header.js";
import type { Transcript } from "../probes/transcript.js";
import type { Outcome } from "../probes/outcome.js";
import type { TransportId } from "../probes/transports.js";
import type { Policy } from "../policy/policy.js";
import type { ScreeningSummary } from "../screening/screening-phase.js";

/** Which check found a failure. Category ids come from the generators; these are the properties beyond them. */
export type PropertyId = "oracle" | "cross-transport" | "history-independence" | "side-effect-safety";

export interface Failure {
  readonly property: PropertyId;
  /** The generator category (or the property id for property-level failures). */
  readonly category: string;
  readonly transport: TransportId;
  /** The corpus case id, when the failure came from the deterministic corpus. */
  readonly caseId?: string;
  readonly header: OriginHeader;
  readonly expected: Decision;
  readonly outcome: Outcome;
  readonly problem: string;
  readonly request: string;
  readonly response: string;
  /** The request exactly as written and what came back (absent for property-level failures that span probes). */
  readonly transcript?: Transcript;
  /** For random cases: the fast-check seed and path of the shrunk counterexample. */
  readonly seed?: number;
  readonly path?: string;
  readonly shrunk?: boolean;
  /** "screening": the in-process tier pointed at it and the wire confirmed it (harness/screening). */
  readonly foundBy?: "screening";
  /** True when the failure reproduced on a fresh instance; absent when that was not checked. */
  readonly confirmed?: boolean;
  /** Earlier probes on the same instance, for history-dependent failures. */
  readonly history?: readonly { readonly transport: TransportId; readonly header: OriginHeader; readonly outcome: Outcome }[];
  readonly replay: string;
}

export interface CellCount {
  run: number;
  passed: number;
  failed: number;
}

export type Verdict = "conformant" | "not-conformant" | "infrastructure-failure";

/** A probe a run that stopped early did not finish. */
export interface CutOffProbe {
  readonly phase: string;
  readonly transport: TransportId;
  readonly header: OriginHeader;
  /** "sent": on the wire when the run stopped (its answer was lost or no longer awaited); "not-sent": queued, never sent. */
  readonly state: "sent" | "not-sent";
}

/** Why a run stopped before it finished (the engine died, Ctrl-C), and what it did not finish. */
export interface CutOff {
  readonly reason: string;
  /** The phase that was running. */
  readonly phase: string;
  /** Phases that never started. */
  readonly phasesNotRun: readonly string[];
  /** Probes on the wire when the run stopped. */
  readonly sent: number;
  /** Probes queued in the running phase that were never sent. */
  readonly notSent: number;
  /** Up to 100 of those probes, the ones on the wire first. */
  readonly probes: readonly CutOffProbe[];
}

export interface ConformanceResult {
  readonly actor: string;
  readonly policy: Policy;
  readonly transports: readonly TransportId[];
  readonly seed: number;
  readonly runs: number;
  readonly verdict: Verdict;
  /** category id → transport → counts. */
  readonly matrix: Record<string, Partial<Record<TransportId, CellCount>>>;
  readonly failures: readonly Failure[];
  /** Checks that could not run on this subject, each with its reason. */
  readonly skipped: readonly { readonly check: string; readonly reason: string }[];
  /** Probes whose outcome was not a positive decision (timeout, errored, infrastructure). */
  readonly undecided: number;
  /** Probes that timed out while the guard decided others, and were sent once more with twice the bound (present when any). */
  readonly timeoutsRetried?: number;
  readonly infrastructureProbes: number;
  /** Why the engine went away during the run, if it did. */
  readonly engineDied?: string;
  /** Present when the run stopped before it finished; the verdict is then never "conformant". */
  readonly cutOff?: CutOff;
  readonly probes: number;
  /** The in-process tier's screening, when the run used it (harness/screening). */
  readonly screening?: ScreeningSummary;
  readonly startedAt: string;
  readonly durationMs: number;
}
