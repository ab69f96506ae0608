/**
 * The default profile's corpus: the wire probes a stratified sample of the
 * corpus (a few cases per category, drawn from the categories and the policy
 * alone) plus every case the in-process tier predicts to fail, and the tier
 * decides the rest. Its decisions count only if, at the end of the run, the
 * tier agreed with the wire on every judged wire probe of the run (corpus,
 * random, history, screening, re-probes). Where it did not, or where there is
 * no tier (the registry is not hosted here, the guard reads a context member
 * the tier does not emulate, or does not settle), the rest of the corpus goes
 * over the wire too, and the run says why.
 */
import type { RunContext } from "../conformance/context.js";
import { type CorpusCase, listCorpus, probeCases, type RegressionEntry } from "../conformance/corpus-phase.js";
import type { ProbeEntry } from "../conformance/ledger.js";
import type { Phase } from "../conformance/phase.js";
import type { TransportId } from "../transports/index.js";
import { evaluateAll, type InProcessResult, sameDecision } from "./in-process-guard.js";
import { IN_PROCESS_BOUND_MS, screenHeaders, tierGuards } from "./screening-phase.js";

/** Corpus cases per category that the wire always probes: evenly spread over the category's cases. */
export const WIRE_SAMPLE_PER_CATEGORY = 4;
const TIER_BUDGET_MS = 10_000;

type Case = CorpusCase;

/** Up to `perCategory` cases of each category, evenly spread: first, last, and between. */
export function stratifiedSample(cases: readonly Case[], perCategory = WIRE_SAMPLE_PER_CATEGORY): Set<Case> {
  const byCategory = new Map<string, Case[]>();
  for (const each of cases) byCategory.set(each.category, [...(byCategory.get(each.category) ?? []), each]);
  const chosen = new Set<Case>();
  for (const list of byCategory.values()) {
    const take = Math.min(perCategory, list.length);
    for (let i = 0; i < take; i++) chosen.add(list[take === 1 ? 0 : Math.round((i * (list.length - 1)) / (take - 1))]!);
  }
  return chosen;
}

/** What the sampled corpus left to the tier, and whether the rest went to the wire. */
export interface TierCorpus {
  /** Corpus decisions made by the tier alone, and counted (only when the tier agreed with every wire probe). */
  readonly decidedInProcess: number;
  readonly decidedOnWire: number;
  /** Why the whole corpus went over the wire after all; undefined when the tier's decisions counted. */
  readonly fallback?: string;
}

/**
 * No case order is taken: the sample is probed predicted failures first already, the fallbacks have no
 * tier to order by, and the rest holds no case the tier predicted to fail.
 */
export function sampledCorpus(regressions: readonly RegressionEntry[], categories?: readonly string[]): { corpus: Phase; rest: Phase; summary: () => TierCorpus | undefined } {
  /** The cases the wire did not probe, with their index in the corpus, and the tier's decision on every case per transport. */
  let left: { readonly cases: readonly { readonly entry: Case; readonly index: number }[]; readonly predicted: Map<TransportId, readonly InProcessResult[]> } | undefined;
  let fallback: string | undefined;
  let decidedInProcess = 0;
  let decidedOnWire = 0;

  const probeAll = async (context: RunContext, cases: readonly Case[]) => {
    decidedOnWire += await probeCases(context, cases);
  };

  const corpus: Phase = {
    id: "corpus",
    async run(context) {
      const { policy } = context.subject;
      const cases = listCorpus(policy, regressions, categories);
      const guards = tierGuards(context);
      if (typeof guards === "string") {
        fallback = `the in-process tier is unavailable (${guards}): the whole corpus went over the wire`;
        return probeAll(context, cases);
      }
      const screened = await screenHeaders(policy, guards, cases.map((entry) => entry.header), performance.now() + TIER_BUDGET_MS);
      const undecided = [...screened.values()].find(({ results }) => results.length < cases.length || results.some((result) => result.kind !== "decided"));
      if (undecided !== undefined) {
        const why = undecided.results.find((result) => result.kind !== "decided");
        fallback = `the in-process tier could not decide the corpus (${why?.kind === "not-emulated" ? `the guard uses c.${why.member}` : why?.kind === "unsettled" ? `a call did not settle within ${IN_PROCESS_BOUND_MS} ms` : "out of time"}): the whole corpus went over the wire`;
        return probeAll(context, cases);
      }
      const predictedFailing = new Set([...screened.values()].flatMap(({ failing }) => failing.map((index) => cases[index]!)));
      const sample = stratifiedSample(cases);
      const onWire = cases.filter((entry) => predictedFailing.has(entry) || sample.has(entry) || entry.id.startsWith("regression/"));
      const wireSet = new Set(onWire);
      left = {
        cases: cases.flatMap((entry, index) => (wireSet.has(entry) ? [] : [{ entry, index }])),
        predicted: new Map([...screened].map(([transport, { results }]) => [transport, results])),
      };
      // Predicted failures first: a run that stops at its first failure gets there in a few probes.
      await probeAll(context, [...onWire.filter((entry) => predictedFailing.has(entry)), ...onWire.filter((entry) => !predictedFailing.has(entry))]);
    },
  };

  const rest: Phase = {
    id: "corpus-rest",
    async run(context) {
      if (left === undefined || left.cases.length === 0) return;
      const disagreement = await tierDisagreement(context);
      if (disagreement === undefined) {
        recordTierDecisions(context, left);
        return;
      }
      fallback = `the in-process tier disagreed with the wire (${disagreement}): the rest of the corpus (${left.cases.length} cases) went over the wire`;
      const cases = left.cases.map(({ entry }) => entry);
      left = undefined;
      await probeAll(context, cases);
    },
  };

  /** The tier's decisions on the cases it kept, as counted in-process entries (one per category × transport). */
  function recordTierDecisions(context: RunContext, kept: NonNullable<typeof left>) {
    for (const [transport, results] of kept.predicted) {
      const byCategory = new Map<string, number>();
      for (const { entry, index } of kept.cases) if (results[index]?.kind === "decided") byCategory.set(entry.category, (byCategory.get(entry.category) ?? 0) + 1);
      for (const [category, decided] of byCategory) {
        decidedInProcess += decided;
        context.ledger.appendInProcess({ kind: "in-process", phase: "corpus-rest", transport, category, decided, contradicted: 0, counted: true });
      }
    }
  }

  return { corpus, rest, summary: () => (decidedOnWire + decidedInProcess === 0 ? undefined : { decidedInProcess, decidedOnWire, ...(fallback !== undefined && { fallback }) }) };
}

/** The first judged wire probe of the run on which the tier decides otherwise (side effects call other actions, and the header property sends headers the tier never sees: not compared). */
async function tierDisagreement(context: RunContext): Promise<string | undefined> {
  const guards = tierGuards(context);
  if (typeof guards === "string") return guards;
  const compared = context.ledger.probes.filter((entry: ProbeEntry) => entry.role === "evidence" && entry.supersededBy === undefined && entry.phase !== "side-effects" && entry.phase !== "headers" && !entry.judgement.undecided);
  for (const [transport, guard] of guards) {
    const wire = compared.filter((entry) => entry.transport === transport);
    const results = await evaluateAll(guard, wire.map((entry) => entry.header), IN_PROCESS_BOUND_MS);
    for (const [index, result] of results.entries()) {
      const entry = wire[index]!;
      if (result.kind !== "decided") return `${result.kind} on ${transport}`;
      if (!sameDecision(result.outcome, entry.outcome)) return `${entry.phase} probe over ${transport}: wire ${entry.outcome.kind}, in process ${result.outcome.kind}`;
    }
  }
  return undefined;
}
