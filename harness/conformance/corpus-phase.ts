import { deterministicCorpus } from "../generators/catalog.js";
import type { OriginHeader } from "../origin/header.js";
import type { Phase } from "./phase.js";

/** A counterexample kept from an earlier run, replayed first by every later run. */
export interface RegressionEntry {
  readonly category: string;
  readonly id: string;
  readonly title: string;
  readonly header: OriginHeader;
}

/** Reorders the cases (never drops one): see screening's predictedFailuresFirst. */
export type CaseOrder = <T extends { readonly header: OriginHeader }>(cases: readonly T[]) => Promise<T[]>;

/**
 * Every named case of every category, plus the regression corpus, over every
 * transport, on one instance. Each probe carries its case id, from which
 * derive.ts also checks that every transport got the same decision.
 */
export function corpusPhase(regressions: readonly RegressionEntry[], categories?: readonly string[], order?: CaseOrder): Phase {
  return {
    id: "corpus",
    async run(context) {
      const { policy, transports } = context.subject;
      const listed = [
        ...regressions.map((entry) => ({ category: entry.category, id: `regression/${entry.id}`, header: entry.header })),
        ...deterministicCorpus(policy).map(({ category, case: named }) => ({ category, id: named.id, header: named.header })),
      ].filter((entry) => categories === undefined || categories.includes(entry.category));
      const cases = order ? await order(listed) : listed;
      const instance = await context.prober.newInstance("corpus");
      const total = cases.length * transports.length;
      let done = 0;
      await Promise.all(
        cases.flatMap((entry) =>
          transports.map(async (transport) => {
            const checked = await context.prober.check(instance, transport, entry.header, { category: entry.category, context: { caseId: entry.id } });
            if (checked !== undefined) context.onProgress({ phase: "corpus", done: ++done, total });
          }),
        ),
      );
    },
  };
}
