import type { Transcript } from "../probes/transcript.js";
import fc from "fast-check";
import { anyOrigin, type CategorizedHeader, categoryById } from "../generators/catalog.js";
import type { Outcome } from "../probes/outcome.js";
import type { TransportId } from "../probes/transports.js";
import type { RunContext } from "./context.js";

interface Step {
  readonly item: CategorizedHeader;
  readonly transport: TransportId;
}

interface StepRecord extends Step {
  readonly outcome: Outcome;
  readonly request: string;
  readonly response: string;
  readonly transcript?: Transcript;
  readonly problem: string;
  readonly pass: boolean;
}

export interface HistoryOptions {
  readonly seed: number;
  readonly sequences: number;
  readonly shrinkBudgetMs: number;
}

/**
 * History independence: sequences that interleave allowed and disallowed
 * origins on ONE fresh instance. A step that fails here but passes on a fresh
 * instance means the guard's decision depends on earlier connections (or on
 * timing). Shrinks to the shortest such sequence.
 */
export async function runHistoryPhase(context: RunContext, options: HistoryOptions): Promise<string | undefined> {
  const allowed = categoryById("exact-allowed")!.arbitrary(context.policy).map((header) => ({ category: "exact-allowed", header }));
  const step = fc.record({
    item: fc.oneof({ arbitrary: allowed, weight: 1 }, { arbitrary: anyOrigin(context.policy), weight: 1 }),
    transport: fc.constantFrom(...context.transports),
  });
  const sequences = fc.array(step, { minLength: 2, maxLength: 8 });

  let unobservedSteps = 0;
  const play = async (steps: readonly Step[]): Promise<{ records: StepRecord[]; historyDependentAt: number }> => {
    const instance = await context.newInstance("history");
    const records: StepRecord[] = [];
    for (const current of steps) {
      const checked = await context.check(instance, current.transport, current.item.header, context.action, true);
      if (checked === undefined) break;
      const { result, verdict } = checked;
      records.push({ ...current, outcome: result.outcome, request: result.request, response: result.response, transcript: result.transcript, problem: verdict.problem, pass: verdict.pass });
      if (verdict.undecided) {
        unobservedSteps++;
        // No decision observed: never a silent pass. Reported like an undecided probe of any phase, and the sequence ends here.
        context.count(current.item.category, current.transport, false);
        context.fail({
          property: "oracle",
          category: current.item.category,
          transport: current.transport,
          header: current.item.header,
          expected: verdict.expectation.decision,
          outcome: result.outcome,
          problem: `${verdict.problem} (step ${records.length} of a history sequence)`,
          request: result.request,
          response: result.response,
          transcript: result.transcript,
        });
        break;
      }
      if (!verdict.pass && !verdict.undecided) {
        const fresh = await context.check(await context.newInstance("history-fresh"), current.transport, current.item.header, context.action, true);
        if (fresh?.verdict.pass) return { records, historyDependentAt: records.length - 1 };
      }
    }
    return { records, historyDependentAt: -1 };
  };

  let runs = 0;
  const details = await fc.check(
    fc.asyncProperty(sequences, async (steps) => {
      if (context.stopped) return true;
      context.onProgress({ phase: "history", done: ++runs, total: options.sequences, failures: context.failures.length });
      return (await play(steps)).historyDependentAt < 0;
    }),
    { seed: options.seed, numRuns: options.sequences, interruptAfterTimeLimit: options.shrinkBudgetMs * 4, markInterruptAsFailure: false },
  );
  // A cut-off history showed nothing; one with a step that saw no decision did not show independence: never counted as passed.
  if (context.aborted) return undefined;
  // fast-check reports a run interrupted before any sequence finished as failed, without a counterexample:
  // nothing was observed, so the check is skipped (with the reason), neither passed nor failed.
  if (details.failed && details.counterexample === null) {
    return details.interrupted ? `no history sequence finished within ${options.shrinkBudgetMs * 4} ms` : "the history sequences could not run";
  }
  for (const transport of context.transports) context.count("history-independence", transport, !details.failed && unobservedSteps === 0);
  if (!details.failed || details.counterexample === null) return undefined;

  const { records, historyDependentAt } = await play(details.counterexample[0]);
  const at = historyDependentAt >= 0 ? historyDependentAt : records.findIndex((record) => !record.pass);
  const failing = records[at >= 0 ? at : records.length - 1]!;
  context.fail({
    property: "history-independence",
    category: "history-independence",
    transport: failing.transport,
    header: failing.item.header,
    expected: failing.pass ? "accept" : failing.outcome.kind === "accepted" ? "reject" : "accept",
    outcome: failing.outcome,
    problem: `after ${at} earlier probe(s) on the same instance: ${failing.problem || "passed on replay (timing-dependent)"}; the same origin on a fresh instance is decided correctly`,
    request: failing.request,
    response: failing.response,
    transcript: failing.transcript,
    seed: options.seed,
    path: details.counterexamplePath ?? undefined,
    shrunk: true,
    history: records.slice(0, Math.max(0, at)).map((record) => ({ transport: record.transport, header: record.item.header, outcome: record.outcome })),
  });
}
