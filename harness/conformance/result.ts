import type { Decision } from "../oracle/oracle.js";
import type { OriginHeader } from "../origin/header.js";
import type { Transcript } from "../probes/transcript.js";
import type { Outcome } from "../probes/outcome.js";
import type { ExtraHeaders } from "../probes/probe.js";
import type { TransportId } from "../transports/index.js";
import type { Policy } from "../policy/policy.js";
import type { PhaseId } from "./ledger.js";

/** Which check found a failure. Category ids come from the generators; these are the properties beyond them. */
export type PropertyId = "oracle" | "cross-transport" | "history-independence" | "side-effect-safety" | "only-origin-decides";

/** A failure, derived from the ledger (derive.ts is the only place that makes one). */
export interface Failure {
  readonly property: PropertyId;
  /** The generator category (or the property id for property-level failures). */
  readonly category: string;
  readonly transport: TransportId;
  /** The phase whose probe showed it. */
  readonly phase: PhaseId;
  /** No decision was positively observed (timeout, errored, infrastructure): a failure, never a pass. */
  readonly undecided: boolean;
  /** The ledger entry (a probe's sequence number in the run) that showed it. */
  readonly entry: number;
  /** The corpus case id, when the failure came from the deterministic corpus. */
  readonly caseId?: string;
  readonly header: OriginHeader;
  /** The other header lines sent with the Origin (the header property's failures). */
  readonly extraHeaders?: ExtraHeaders;
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
  /** A step of shrinking: evidence like any other probe, listed after the counterexample it led to. */
  readonly shrinkStep?: boolean;
  /** Earlier probes on the same instance, for history-dependent failures. */
  readonly history?: readonly { readonly transport: TransportId; readonly header: OriginHeader; readonly outcome: Outcome }[];
  readonly replay: string;
}

export interface TierDisagreement {
  readonly transport: TransportId;
  readonly origin: string;
  readonly wire: string;
  readonly inProcess: string;
}

/** The in-process tier's screening, as data: reports render it (harness/reports/screening-section.ts). */
export interface ScreeningSummary {
  /** used: screened and confirmed; unfaithful: disagreed with the wire on the corpus, not used; unavailable: could not be called faithfully. */
  readonly status: "used" | "unfaithful" | "unavailable";
  readonly reason?: string;
  /** Corpus probes the tier was compared with, and how many it agreed with. */
  readonly corpusCompared: number;
  readonly corpusAgreed: number;
  /** Up to 5 cases where the tier and the wire disagreed (corpus or confirmation). */
  readonly disagreements: readonly TierDisagreement[];
  readonly seed: number;
  /** In-process decisions made while screening (origins × transports). */
  readonly screened: number;
  readonly screenedPerSecond: number;
  /** Screened decisions that contradicted the oracle. */
  readonly oracleFailures: number;
  /** Wire probes sent to confirm: how many, how many failed the oracle, how many agreed with the tier. */
  readonly confirmation: { readonly probes: number; readonly failed: number; readonly agreedWithTier: number };
}

/** How raw onRequest/onWebSocket outcomes were observed: in process (the handler was seen to run) or from the wire alone. */
export type RawRouteEvidence = "in-process" | "wire-alone";

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

/** Why a run probed a handful of origins instead of the full check (conformance/open-actor-phase.ts). */
export interface OpenActor {
  /** Read from the definition: no onBeforeConnect, or one that never uses its context. Absent: declared public. */
  readonly unguarded?: string;
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
  /** Entries in the run's ledger: wire evidence, diagnostic probes (preflight), in-process decisions (never evidence). */
  readonly ledger: { readonly evidence: number; readonly diagnostic: number; readonly inProcess: number; readonly tierDecisions?: number };
  /** How much went over the wire: "default" (a sample, the tier deciding the rest while it agrees with the wire) or "thorough". */
  readonly profile?: "default" | "thorough";
  /** Wall time of each phase that ran, in ms. */
  readonly phaseMs?: Partial<Record<PhaseId, number>>;
  /** With the default profile: how the corpus was decided (by the wire, by the tier), and why it fell back to the wire, if it did. */
  readonly tierCorpus?: { readonly decidedInProcess: number; readonly decidedOnWire: number; readonly fallback?: string };
  /** Present when the run was the short proof for an actor with no origin guard, or one declared public. */
  readonly openActor?: OpenActor;
  /** Present when the actor serves a raw route: how its outcomes were observed. */
  readonly rawRoutes?: RawRouteEvidence;
  /** The in-process tier's screening, when the run used it (harness/screening). */
  readonly screening?: ScreeningSummary;
  readonly startedAt: string;
  readonly durationMs: number;
}
