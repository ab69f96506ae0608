import { deterministicCorpus } from "../generators/catalog.js";
import type { OriginHeader } from "../origin/header.js";
import { isDecision } from "../probes/outcome.js";
import type { TransportId } from "../probes/transports.js";
import type { RunContext } from "./context.js";

/** A counterexample kept from an earlier run, replayed first by every later run. */
export interface RegressionEntry {
  readonly category: string;
  readonly id: string;
  readonly title: string;
  readonly header: OriginHeader;
}

const decisionOf = (kind: string) => (kind === "accepted" ? "accept" : kind === "rejected" || kind === "transport-rejected" ? "reject" : undefined);

/**
 * Every named case of every category, plus the regression corpus, over every
 * transport, on one instance. Also checks that each case got the same decision
 * on every transport.
 */
export async function runCorpusPhase(
  context: RunContext,
  regressions: readonly RegressionEntry[],
  categories?: readonly string[],
  /** Reorders the cases (never drops one): see screening's predictedFailuresFirst. */
  order?: <T extends { readonly header: OriginHeader }>(cases: readonly T[]) => Promise<T[]>,
) {
  const listed = [
    ...regressions.map((entry) => ({ category: entry.category, id: `regression/${entry.id}`, header: entry.header })),
    ...deterministicCorpus(context.policy).map(({ category, case: named }) => ({ category, id: named.id, header: named.header })),
  ].filter((entry) => categories === undefined || categories.includes(entry.category));
  const cases = order ? await order(listed) : listed;
  const instance = await context.newInstance("corpus");
  const total = cases.length * context.transports.length;
  let done = 0;
  await Promise.all(
    cases.map(async (entry) => {
      const decisions = new Map<TransportId, string | undefined>();
      await Promise.all(
        context.transports.map(async (transport) => {
          const checked = await context.check(instance, transport, entry.header);
          if (checked === undefined) return;
          const { result, verdict } = checked;
          decisions.set(transport, decisionOf(result.outcome.kind));
          if (isDecision(result.outcome)) context.corpusWire.push({ transport, header: entry.header, outcome: result.outcome });
          context.count(entry.category, transport, verdict.pass);
          if (!verdict.pass) {
            context.fail({
              ...(await context.classifyFailure(entry.category, transport, entry.header, verdict, result.outcome)),
              transport,
              caseId: entry.id,
              header: entry.header,
              expected: verdict.expectation.decision,
              outcome: result.outcome,
              problem: verdict.problem,
              request: result.request,
              response: result.response,
              transcript: result.transcript,
            });
          }
          context.onProgress({ phase: "corpus", done: ++done, total, failures: context.failures.length });
        }),
      );
      if (decisions.size < context.transports.length) return;
      const distinct = new Set([...decisions.values()].filter((decision) => decision !== undefined));
      if (distinct.size > 1) {
        const summary = [...decisions].map(([transport, decision]) => `${transport}: ${decision}`).join(", ");
        const [transport] = [...decisions].find(([, decision]) => decision === "accept")!;
        for (const each of decisions.keys()) context.count("cross-transport", each, each !== transport);
        context.fail({
          property: "cross-transport",
          category: "cross-transport",
          transport,
          caseId: entry.id,
          header: entry.header,
          expected: "reject",
          outcome: { kind: "errored", detail: summary },
          problem: `different decisions per transport: ${summary}`,
          request: "(every transport)",
          response: summary,
        });
      } else if (distinct.size === 1) {
        for (const each of decisions.keys()) context.count("cross-transport", each, true);
      }
    }),
  );
}
