import type { OriginHeader } from "../origin/header.js";
import type { TransportId } from "../transports/index.js";
import type { PhaseId } from "./ledger.js";
import type { CutOff, CutOffProbe } from "./result.js";

const CUT_OFF_LISTED = 100;

/** Thrown where a stopped run would otherwise start new work (a new instance). */
export class RunCutOff extends Error {
  override readonly name = "RunCutOff";
}

/**
 * Why and where a run stopped before it finished (the engine died, Ctrl-C, an
 * instance that could not be created), and which probes it lost or never sent.
 */
export class CutOffTracker {
  /** The phase running now; a cut-off records it. */
  phase: PhaseId = "preflight";
  private cut?: { readonly reason: string; readonly phase: PhaseId };
  private resolveCut!: (value: undefined) => void;
  /** Resolves (with undefined) when the run is cut off: work in flight races it. */
  readonly signal: Promise<undefined> = new Promise((resolve) => (this.resolveCut = resolve));
  private readonly lost = { sent: [] as CutOffProbe[], notSent: [] as CutOffProbe[], sentCount: 0, notSentCount: 0 };

  constructor(abortSignal?: AbortSignal) {
    if (abortSignal?.aborted) this.abort(abortReason(abortSignal));
    else abortSignal?.addEventListener("abort", () => this.abort(abortReason(abortSignal)), { once: true });
  }

  get aborted(): boolean {
    return this.cut !== undefined;
  }

  get reason(): string | undefined {
    return this.cut?.reason;
  }

  /** Stops the run: nothing new is sent, probes on the wire are abandoned. The first reason wins. */
  abort(reason: string) {
    if (this.cut !== undefined) return;
    this.cut = { reason, phase: this.phase };
    this.resolveCut(undefined);
  }

  /** A probe the cut-off lost: on the wire when it came ("sent"), or never sent. */
  lose(transport: TransportId, header: OriginHeader, state: CutOffProbe["state"]) {
    const entry: CutOffProbe = { phase: this.phase, transport, header, state };
    const list = state === "sent" ? this.lost.sent : this.lost.notSent;
    if (state === "sent") this.lost.sentCount++;
    else this.lost.notSentCount++;
    if (list.length < CUT_OFF_LISTED) list.push(entry);
  }

  /** What the run did not finish; undefined when it was not cut off. */
  cutOff(plannedPhases: readonly PhaseId[]): CutOff | undefined {
    if (this.cut === undefined) return undefined;
    const at = plannedPhases.indexOf(this.cut.phase);
    return {
      reason: this.cut.reason,
      phase: this.cut.phase,
      phasesNotRun: at < 0 ? [...plannedPhases] : plannedPhases.slice(at + 1),
      sent: this.lost.sentCount,
      notSent: this.lost.notSentCount,
      probes: [...this.lost.sent, ...this.lost.notSent].slice(0, CUT_OFF_LISTED),
    };
  }
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === "string" ? reason : "the run was stopped";
}
