import { deterministicCorpus } from "../generators/catalog.js";
import type { OriginHeader } from "../origin/header.js";
import type { Policy } from "../policy/policy.js";
import type { RunContext } from "./context.js";
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

/** The corpus of a run: the regression entries first, then every named case of every category (optionally narrowed). */
export function listCorpus(policy: Policy, regressions: readonly RegressionEntry[], categories?: readonly string[]) {
  return [
    ...regressions.map((entry) => ({ category: entry.category, id: `regression/${entry.id}`, header: entry.header })),
    ...deterministicCorpus(policy).map(({ category, case: named }) => ({ category, id: named.id, header: named.header })),
  ].filter((entry) => categories === undefined || categories.includes(entry.category));
}

export type CorpusCase = ReturnType<typeof listCorpus>[number];

/** Probes `cases` over every transport of the run on one instance, each probe carrying its case id. Returns how many were recorded. */
export async function probeCases(context: RunContext, cases: readonly CorpusCase[], order?: CaseOrder): Promise<number> {
  const ordered = order ? await order(cases) : cases;
  const { transports } = context.subject;
  const instance = await context.prober.newInstance("corpus");
  const total = ordered.length * transports.length;
  let done = 0;
  await Promise.all(
    ordered.flatMap((entry) =>
      transports.map(async (transport) => {
        const checked = await context.prober.check(instance, transport, entry.header, { category: entry.category, context: { caseId: entry.id } });
        if (checked !== undefined) context.onProgress({ phase: "corpus", done: ++done, total });
      }),
    ),
  );
  return done;
}

/**
 * The thorough profile's corpus: every named case of every category, plus the
 * regression corpus, over every transport, on one instance. Each probe carries
 * its case id, from which derive.ts also checks that every transport got the
 * same decision.
 */
export function corpusPhase(regressions: readonly RegressionEntry[], categories?: readonly string[], order?: CaseOrder): Phase {
  return {
    id: "corpus",
    async run(context) {
      await probeCases(context, listCorpus(context.subject.policy, regressions, categories), order);
    },
  };
}
