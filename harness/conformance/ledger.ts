/**
 * The ledger: every observation a run makes, appended in one place
 * (`Prober.check` for wire probes), and nothing else counts. The matrix, the
 * failures, the undecided count and the verdict are all computed from it
 * (derive.ts, verdict.ts). A phase never builds a failure; it may only attach
 * context to an entry it appended (a shrunk counterexample's seed and path,
 * the history that led to it).
 *
 * This module sits at the bottom of the run: it imports types only, and no
 * phase.
 */
import type { Transcript } from "../probes/transcript.js";
import type { ObservedOrigin } from "../calibration/observed.js";
import type { Decision } from "../oracle/oracle.js";
import type { OriginHeader } from "../origin/header.js";
import type { Outcome } from "../probes/outcome.js";
import type { ExtraHeaders } from "../probes/probe.js";
import type { TransportId } from "../transports/index.js";

export type PhaseId = "preflight" | "open-actor" | "corpus" | "random" | "headers" | "history" | "side-effects" | "screening" | "corpus-rest";

/**
 * evidence: judged, and counted by the verdict (corpus, random, history, side
 * effects, wire confirmations). diagnostic: sent to learn about the subject,
 * never judged (the preflight); only its infrastructure failures count.
 */
export type ProbeRole = "evidence" | "diagnostic";

/** One wire observation judged against the oracle (verdict.ts's `judge`). */
export interface Judgement {
  readonly pass: boolean;
  readonly expected: Decision;
  /** The oracle's reason for `expected`. */
  readonly reason: string;
  /** Why it failed, in one line; empty when it passed. */
  readonly problem: string;
  /** No decision was positively observed (timeout, errored, infrastructure, an unpredicted stack refusal). */
  readonly undecided: boolean;
}

/** What a phase may add to an entry it appended: context, never a judgement. */
export interface EntryContext {
  /** The corpus case id (corpus phase). */
  caseId?: string;
  /** The fast-check seed and path that reproduce the value (random, history, screening). */
  seed?: number;
  path?: string;
  shrunk?: boolean;
  /** The in-process tier pointed at this value before the wire was asked (screening). */
  foundBy?: "screening";
  /** Earlier probes on the same instance (history sequences). */
  history?: readonly { readonly transport: TransportId; readonly header: OriginHeader; readonly outcome: Outcome }[];
  /** Shrinking steps are evidence like any other; they are told apart in reports. */
  shrinkStep?: boolean;
}

export interface ProbeEntry {
  readonly kind: "probe";
  readonly seq: number;
  readonly phase: PhaseId;
  readonly role: ProbeRole;
  /** The actor instance (engine actor id) the probe went to. */
  readonly instance: string;
  readonly category: string;
  readonly transport: TransportId;
  /** The Origin lines exactly as sent. */
  readonly header: OriginHeader;
  /** The other header lines sent with it (the header property); the oracle never reads them. */
  readonly extraHeaders?: ExtraHeaders;
  /** What the guard saw, according to the calibrated model of the stack. */
  readonly observed: ObservedOrigin;
  readonly outcome: Outcome;
  readonly judgement: Judgement;
  readonly request: string;
  readonly response: string;
  /** The request exactly as written and what came back (harness/probes/transcript.ts). */
  readonly transcript?: Transcript;
  /** A timeout that was sent once more with a longer bound: the retry (the next entry) is judged instead. */
  readonly supersededBy?: number;
  /** A re-probe of entry `recheckOf`'s header on a fresh instance. */
  readonly recheckOf?: number;
  readonly context: EntryContext;
}

/** A state observation of the side-effect check: did a rejected call run its action? */
export interface SideEffectEntry {
  readonly kind: "side-effect";
  readonly seq: number;
  readonly phase: "side-effects";
  readonly transport: TransportId;
  /** The probe entry of the call whose effect was observed. */
  readonly probe: number;
  readonly action: string;
  readonly read: string;
  readonly before: number;
  readonly after: number;
}

/**
 * The in-process tier's decisions over one transport. Screening's are never
 * evidence. The default profile's corpus decisions (`counted`) are recorded only
 * once the tier agreed with the wire on every judged wire probe of the run.
 */
export interface InProcessEntry {
  readonly kind: "in-process";
  readonly seq: number;
  readonly phase: "screening" | "corpus-rest";
  readonly transport: TransportId;
  readonly category?: string;
  /** These decisions stand in for wire probes (verdict.ts says when that holds). */
  readonly counted: boolean;
  readonly decided: number;
  /** Decisions that contradicted the oracle (the wire is then asked about some of them). */
  readonly contradicted: number;
}

export type LedgerEntry = ProbeEntry | SideEffectEntry | InProcessEntry;

type New<T extends LedgerEntry> = Omit<T, "seq">;

export class Ledger {
  private readonly list: LedgerEntry[] = [];
  private readonly probeList: ProbeEntry[] = [];
  private wrong = 0;

  get entries(): readonly LedgerEntry[] {
    return this.list;
  }

  /** Every wire probe, in the order their answers arrived. */
  get probes(): readonly ProbeEntry[] {
    return this.probeList;
  }

  /** Evidence entries whose judgement failed so far (cheap, for progress and for stopping at the first failure). */
  get failingEvidence(): number {
    return this.wrong;
  }

  appendProbe(entry: New<ProbeEntry>): ProbeEntry {
    const appended: ProbeEntry = { ...entry, seq: this.list.length };
    this.list.push(appended);
    this.probeList.push(appended);
    if (appended.role === "evidence" && !appended.judgement.pass && appended.supersededBy === undefined) this.wrong++;
    return appended;
  }

  /** Marks a timed-out probe as superseded by its retry, which is then the one judged. */
  supersede(timedOut: ProbeEntry, retry: ProbeEntry) {
    const at = this.list.indexOf(timedOut);
    const replaced: ProbeEntry = { ...timedOut, supersededBy: retry.seq };
    this.list[at] = replaced;
    this.probeList[this.probeList.indexOf(timedOut)] = replaced;
    if (timedOut.role === "evidence" && !timedOut.judgement.pass) this.wrong--;
  }

  appendSideEffect(entry: New<SideEffectEntry>): SideEffectEntry {
    const appended: SideEffectEntry = { ...entry, seq: this.list.length };
    this.list.push(appended);
    if (appended.after !== appended.before) this.wrong++;
    return appended;
  }

  appendInProcess(entry: New<InProcessEntry>): InProcessEntry {
    const appended: InProcessEntry = { ...entry, seq: this.list.length };
    this.list.push(appended);
    return appended;
  }

  /** Context for an entry this run appended (shrunk counterexample, history, replay path). */
  attach(entry: ProbeEntry, context: EntryContext) {
    Object.assign(this.probeAt(entry.seq).context, context);
  }

  probeAt(seq: number): ProbeEntry {
    const entry = this.list[seq];
    if (entry?.kind !== "probe") throw new Error(`ledger entry ${seq} is not a probe`);
    return entry;
  }
}
