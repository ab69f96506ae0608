import type { RunContext } from "./context.js";
import type { PhaseId } from "./ledger.js";
import type { ScreeningSummary } from "./result.js";

/** What a phase says besides its ledger entries: that it could not run here (and why), or its screening summary. */
export interface PhaseReport {
  readonly skipped?: { readonly check: string; readonly reason: string };
  readonly screening?: ScreeningSummary;
}

/** One phase of a run. Its observations go to the ledger (through the prober); it never judges the run. */
export interface Phase {
  readonly id: PhaseId;
  run(context: RunContext): Promise<PhaseReport | void>;
}
