/**
 * The outcome vocabulary (after Autobahn|Testsuite). Every kind is positively
 * observed: a connection that failed is never read as a rejection, and a
 * WebSocket decision is never read from the upgrade status (a rejected
 * `/connect` still upgrades with 101).
 */
export type Outcome =
  | { readonly kind: "accepted"; readonly evidence: string }
  | {
      readonly kind: "rejected";
      readonly group: string;
      readonly code: string;
      readonly message?: string;
      readonly status?: number;
      readonly closeCode?: number;
      readonly evidence: string;
    }
  /** The engine refused the request before the guard ran (HTTP 400 from the gateway). */
  | { readonly kind: "transport-rejected"; readonly status: number; readonly evidence: string }
  | { readonly kind: "errored"; readonly detail: string }
  | { readonly kind: "timeout"; readonly afterMs: number; readonly stage: string }
  /** The engine or the network was not there: refused, reset, gone. Never a verdict. */
  | { readonly kind: "infrastructure"; readonly detail: string };

export type OutcomeKind = Outcome["kind"];

export const OUTCOME_KINDS: readonly OutcomeKind[] = [
  "accepted",
  "rejected",
  "transport-rejected",
  "errored",
  "timeout",
  "infrastructure",
];

/** A decision the guard (or the stack in front of it) positively made. */
export function isDecision(outcome: Outcome): boolean {
  return outcome.kind === "accepted" || outcome.kind === "rejected" || outcome.kind === "transport-rejected";
}

export function formatOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case "accepted":
      return `accepted (${outcome.evidence})`;
    case "rejected": {
      const where = outcome.status !== undefined ? `HTTP ${outcome.status}` : `close ${outcome.closeCode ?? "-"}`;
      return `rejected ${outcome.group}.${outcome.code} (${where})`;
    }
    case "transport-rejected":
      return `transport-rejected (HTTP ${outcome.status})`;
    case "errored":
      return `errored (${outcome.detail})`;
    case "timeout":
      return `timeout after ${Math.round(outcome.afterMs)} ms (${outcome.stage})`;
    case "infrastructure":
      return `infrastructure (${outcome.detail})`;
  }
}
