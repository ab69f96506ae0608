/**
 * Everything a run reports, computed from its ledger: the matrix, the
 * failures, the counts. This is the only place in the harness that makes a
 * `Failure`; a phase can only attach context to the entry behind one.
 */
import type { Decision } from "../oracle/oracle.js";
import type { OutcomeKind } from "../probes/outcome.js";
import type { TransportId } from "../transports/index.js";
import type { Ledger, ProbeEntry } from "./ledger.js";
import type { ReplayData } from "./replay.js";
import type { CellCount, Failure, PropertyId } from "./result.js";

export type Matrix = Record<string, Partial<Record<TransportId, CellCount>>>;

/** Evidence that is judged: not a diagnostic probe, not a timeout that its retry replaced. */
const judged = (entry: ProbeEntry) => entry.role === "evidence" && entry.supersededBy === undefined;

/** A wrong rejection code: the guard rejected, as it should, but not with the documented code. */
const wrongCode = (entry: ProbeEntry) => entry.outcome.kind === "rejected" && entry.judgement.expected === "reject";

/** The judged re-probe on a fresh instance of each entry that got one. */
function rechecks(ledger: Ledger): Map<number, ProbeEntry> {
  const bySource = new Map<number, ProbeEntry>();
  for (const entry of ledger.probes) if (entry.recheckOf !== undefined && judged(entry)) bySource.set(entry.recheckOf, entry);
  return bySource;
}

/** A wrong decision that its fresh-instance re-probe decided correctly: it depends on the instance's history (or timing). */
const historyDependent = (entry: ProbeEntry, recheck: ProbeEntry | undefined) => !entry.judgement.pass && !entry.judgement.undecided && recheck !== undefined && recheck.judgement.pass;

const decisionOf = (kind: OutcomeKind): Decision | undefined => (kind === "accepted" ? "accept" : kind === "rejected" || kind === "transport-rejected" ? "reject" : undefined);

/** Corpus cases whose decisions differ between transports: transport → decision, per case. */
function crossTransportCases(ledger: Ledger): Map<string, Map<TransportId, { entry: ProbeEntry; decision: Decision | undefined }>> {
  const cases = new Map<string, Map<TransportId, { entry: ProbeEntry; decision: Decision | undefined }>>();
  for (const entry of ledger.probes) {
    if ((entry.phase !== "corpus" && entry.phase !== "corpus-rest") || !judged(entry) || entry.recheckOf !== undefined || entry.context.caseId === undefined) continue;
    const perTransport = cases.get(entry.context.caseId) ?? new Map();
    perTransport.set(entry.transport, { entry, decision: decisionOf(entry.outcome.kind) });
    cases.set(entry.context.caseId, perTransport);
  }
  return cases;
}

export function deriveMatrix(ledger: Ledger, transports: readonly TransportId[]): Matrix {
  const matrix: Matrix = {};
  const count = (category: string, transport: TransportId, passed: boolean) => {
    const cell = ((matrix[category] ??= {})[transport] ??= { run: 0, passed: 0, failed: 0 });
    cell.run++;
    if (passed) cell.passed++;
    else cell.failed++;
  };
  const fresh = rechecks(ledger);
  for (const entry of ledger.probes) {
    if (!judged(entry)) continue;
    count(entry.category, entry.transport, entry.judgement.pass);
    if (wrongCode(entry)) count("reject-code", entry.transport, entry.judgement.pass);
    if (entry.recheckOf !== undefined) continue;
    // Independence trials: every history step, and every wrong decision that was re-probed on a fresh instance.
    const recheck = fresh.get(entry.seq);
    if (entry.phase === "history") count("history-independence", entry.transport, !entry.judgement.undecided && !historyDependent(entry, recheck));
    else if (recheck !== undefined) count("history-independence", entry.transport, !historyDependent(entry, recheck));
  }
  for (const perTransport of crossTransportCases(ledger).values()) {
    if (perTransport.size < transports.length || ![...perTransport.values()].every(({ decision }) => decision !== undefined)) continue;
    const agree = new Set([...perTransport.values()].map(({ decision }) => decision)).size === 1;
    for (const transport of perTransport.keys()) count("cross-transport", transport, agree);
  }
  for (const entry of ledger.entries) if (entry.kind === "side-effect") count("side-effect-safety", entry.transport, entry.after === entry.before);
  return matrix;
}

/** Every failure of the run, each from the ledger entries that show it, with its replay command. */
export function deriveFailures(ledger: Ledger, replay: (data: ReplayData) => string): Failure[] {
  const failures: Failure[] = [];
  const add = (entry: ProbeEntry, property: PropertyId, category: string, extra: Partial<Failure> = {}) => {
    const { caseId, seed, path, shrunk, foundBy, history, shrinkStep } = entry.context;
    const failure: Omit<Failure, "replay"> = {
      property,
      category,
      transport: entry.transport,
      phase: entry.phase,
      undecided: entry.judgement.undecided,
      entry: entry.seq,
      ...(caseId !== undefined && { caseId }),
      header: entry.header,
      ...(entry.extraHeaders !== undefined && { extraHeaders: entry.extraHeaders }),
      expected: entry.judgement.expected,
      outcome: entry.outcome,
      problem: entry.judgement.problem,
      request: entry.request,
      response: entry.response,
      ...(entry.transcript !== undefined && { transcript: entry.transcript }),
      ...(seed !== undefined && { seed }),
      ...(path !== undefined && { path }),
      ...(shrunk !== undefined && { shrunk }),
      ...(foundBy !== undefined && { foundBy }),
      ...(history !== undefined && { history }),
      ...(shrinkStep && { shrinkStep }),
      ...extra,
    };
    failures.push({ ...failure, replay: replay({ transport: failure.transport, seed: failure.seed, path: failure.path, caseId: failure.caseId }) });
  };

  const fresh = rechecks(ledger);
  for (const entry of ledger.probes) {
    if (!judged(entry) || entry.judgement.pass) continue;
    // A failing re-probe is the confirmation of its source's failure, reported with it.
    if (entry.recheckOf !== undefined && !ledger.probeAt(entry.recheckOf).judgement.pass) continue;
    const recheck = fresh.get(entry.seq);
    if (wrongCode(entry)) add(entry, "oracle", "reject-code");
    else if (historyDependent(entry, recheck)) {
      add(entry, "history-independence", "history-independence", {
        confirmed: false,
        problem: `${entry.judgement.problem}${entry.context.history?.length ? ` after ${entry.context.history.length} earlier probe(s) on the same instance` : ""}; the same origin on a fresh instance was decided correctly (the decision depends on what the instance saw before, or on timing)`,
      });
    } else {
      const confirmed = recheck !== undefined && !recheck.judgement.undecided ? { confirmed: true } : {};
      if (entry.phase === "headers") add(entry, "only-origin-decides", entry.category, confirmed);
      else add(entry, "oracle", entry.category, confirmed);
    }
  }

  for (const perTransport of crossTransportCases(ledger).values()) {
    const decided = [...perTransport].filter(([, { decision }]) => decision !== undefined);
    if (new Set(decided.map(([, { decision }]) => decision)).size < 2) continue;
    const summary = decided.map(([transport, { decision }]) => `${transport}: ${decision}`).join(", ");
    const [, accepting] = decided.find(([, { decision }]) => decision === "accept")!;
    add(accepting.entry, "cross-transport", "cross-transport", {
      expected: "reject",
      problem: `different decisions per transport: ${summary}`,
      request: "(every transport)",
      response: summary,
    });
  }

  for (const entry of ledger.entries) {
    if (entry.kind !== "side-effect" || entry.after === entry.before) continue;
    add(ledger.probeAt(entry.probe), "side-effect-safety", "side-effect-safety", {
      expected: "reject",
      problem: `the rejected call ran ${entry.action}: ${entry.read} went from ${entry.before} to ${entry.after}`,
    });
  }
  return failures;
}

export interface LedgerCounts {
  readonly probes: number;
  readonly infrastructureProbes: number;
  /** Judged probes that saw no decision: each is a failure, never a pass. */
  readonly undecided: number;
  readonly timeoutsRetried: number;
  readonly evidence: number;
  readonly diagnostic: number;
  /** Screening's in-process decisions: never counted. */
  readonly inProcess: number;
  /** The default profile's corpus decisions made by the tier and counted. */
  readonly tierDecisions: number;
}

export function deriveCounts(ledger: Ledger): LedgerCounts {
  let infrastructureProbes = 0;
  let undecided = 0;
  let timeoutsRetried = 0;
  let evidence = 0;
  let inProcess = 0;
  let tierDecisions = 0;
  for (const entry of ledger.entries) {
    if (entry.kind === "in-process" && entry.counted) tierDecisions += entry.decided;
    else if (entry.kind === "in-process") inProcess += entry.decided;
    if (entry.kind !== "probe") continue;
    if (entry.outcome.kind === "infrastructure") infrastructureProbes++;
    if (entry.supersededBy !== undefined) timeoutsRetried++;
    if (entry.role === "evidence") evidence++;
    if (judged(entry) && entry.judgement.undecided) undecided++;
  }
  return { probes: ledger.probes.length, infrastructureProbes, undecided, timeoutsRetried, evidence, diagnostic: ledger.probes.length - evidence, inProcess, tierDecisions };
}
