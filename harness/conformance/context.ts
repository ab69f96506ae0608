import type { TransportId } from "../transports/index.js";
import { CutOffTracker } from "./cut-off.js";
import { Ledger, type PhaseId } from "./ledger.js";
import { Prober, type RunControl, type Subject } from "./prober.js";

export type { PhaseId } from "./ledger.js";
export { RunCutOff } from "./cut-off.js";
export type { ProbeFunction, RunControl } from "./prober.js";

export interface ProgressEvent {
  readonly phase: "corpus" | "random" | "headers" | "shrink" | "history" | "side-effects" | "screening";
  readonly transport?: TransportId;
  readonly done: number;
  readonly total: number;
  readonly failures: number;
}

/**
 * What every phase of a run shares, in its parts: the subject, the ledger of
 * observations, the cut-off tracker, and the prober (the concurrency limiter,
 * and the one place that appends wire observations to the ledger).
 */
export class RunContext {
  readonly ledger = new Ledger();
  readonly cut: CutOffTracker;
  readonly prober: Prober;

  constructor(
    readonly subject: Subject,
    concurrency: number,
    stopAtFirstFailure: boolean,
    private readonly progress: (event: ProgressEvent) => void,
    control: RunControl = {},
  ) {
    this.cut = new CutOffTracker(control.signal);
    this.prober = new Prober(subject, this.ledger, this.cut, concurrency, stopAtFirstFailure, control);
  }

  get phase(): PhaseId {
    return this.cut.phase;
  }

  set phase(phase: PhaseId) {
    this.cut.phase = phase;
  }

  /** True once the run should send no new work: cut off, or its first failure found when it stops there. */
  get stopped(): boolean {
    return this.prober.stopped;
  }

  get aborted(): boolean {
    return this.cut.aborted;
  }

  /** Progress, with the count of wrong decisions so far read from the ledger. */
  onProgress(event: Omit<ProgressEvent, "failures">) {
    this.progress({ ...event, failures: this.ledger.failingEvidence });
  }
}
