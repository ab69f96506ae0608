import fc from "fast-check";
import { anyOrigin, type CategorizedHeader } from "../generators/catalog.js";
import { exactAllowed } from "../generators/categories/exact-allowed.js";
import type { TransportId } from "../transports/index.js";
import type { RunContext } from "./context.js";
import type { ProbeEntry } from "./ledger.js";
import type { Phase } from "./phase.js";

interface Step {
  readonly item: CategorizedHeader;
  readonly transport: TransportId;
}

export interface HistoryOptions {
  readonly seed: number;
  readonly sequences: number;
  readonly shrinkBudgetMs: number;
}

/**
 * History independence: sequences that interleave allowed and disallowed
 * origins on ONE fresh instance. Every wrong step is re-probed on a fresh
 * instance; one that passes there means the guard's decision depends on
 * earlier connections (or on timing). Shrinks to the shortest such sequence.
 * Every step, wrong or not, is in the ledger: a step wrong on both instances
 * is a plain wrong decision, and counts as one.
 */
export function historyPhase(options: HistoryOptions): Phase {
  return {
    id: "history",
    async run(context) {
      const { policy, transports } = context.subject;
      const allowed = exactAllowed.arbitrary(policy).map((header) => ({ category: exactAllowed.id, header }));
      const step = fc.record({
        item: fc.oneof({ arbitrary: allowed, weight: 1 }, { arbitrary: anyOrigin(policy), weight: 1 }),
        transport: fc.constantFrom(...transports),
      });
      const sequences = fc.array(step, { minLength: 2, maxLength: 8 });

      /** Plays one sequence on a fresh instance; the entries so far, and the history-dependent one if any. */
      const play = async (steps: readonly Step[], path?: string): Promise<{ played: ProbeEntry[]; dependent?: ProbeEntry }> => {
        const instance = await context.prober.newInstance("history");
        const played: ProbeEntry[] = [];
        for (const current of steps) {
          const checked = await context.prober.check(instance, current.transport, current.item.header, {
            category: current.item.category,
            evenIfStopped: true,
            recheck: "always",
            context: { seed: options.seed, ...(path !== undefined && { path }) },
          });
          if (checked === undefined) break;
          played.push(checked.entry);
          // No decision observed: the ledger has it as a failure; the sequence ends here.
          if (checked.verdict.undecided) break;
          if (!checked.verdict.pass && checked.recheck?.judgement.pass) return { played, dependent: checked.entry };
        }
        return { played };
      };

      let runs = 0;
      const details = await fc.check(
        fc.asyncProperty(sequences, async (steps) => {
          if (context.stopped) return true;
          context.onProgress({ phase: "history", done: Math.min(++runs, options.sequences), total: options.sequences });
          return (await play(steps)).dependent === undefined;
        }),
        { seed: options.seed, numRuns: options.sequences, interruptAfterTimeLimit: options.shrinkBudgetMs * 4, markInterruptAsFailure: false },
      );
      if (context.aborted) return;
      // fast-check reports a run interrupted before any sequence finished as failed, without a counterexample:
      // nothing was observed, so the check is skipped (with the reason), neither passed nor failed.
      if (details.failed && details.counterexample === null) {
        return { skipped: { check: "history-independence", reason: details.interrupted ? `no history sequence finished within ${options.shrinkBudgetMs * 4} ms` : "the history sequences could not run" } };
      }
      if (!details.failed || details.counterexample === null) return;
      // The shortest sequence, once more: its dependent step carries the history that led to it.
      const { played, dependent } = await play(details.counterexample[0], details.counterexamplePath ?? undefined);
      if (dependent === undefined) return;
      context.ledger.attach(dependent, {
        shrunk: true,
        history: played.slice(0, -1).map((entry) => ({ transport: entry.transport, header: entry.header, outcome: entry.outcome })),
      });
    },
  };
}
