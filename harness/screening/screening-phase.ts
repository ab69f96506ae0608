/**
 * A wider search per second: thousands of generated origins screened through
 * the in-process tier, and what it finds confirmed over the wire.
 *
 * 1. Faithfulness first: the tier must give the same decision (and rejection
 *    code) as the wire on every corpus probe of this run. One disagreement,
 *    and the tier is not used for this actor (history-dependent or
 *    intermittent guards end here, and guards that read context members the
 *    tier does not emulate).
 * 2. Screening: `count` origins per transport from the same generators as the
 *    random phase (same seed, so a path replays), judged against the oracle.
 * 3. Confirmation over the wire: the first disagreement per transport, shrunk
 *    in process, plus a few more, plus a sample of cases the tier passed.
 *    Only what the wire shows counts: a failure here is a wire failure.
 */
import fc from "fast-check";
import { anyOrigin, type CategorizedHeader } from "../generators/catalog.js";
import { describeHeader, type OriginHeader } from "../origin/header.js";
import { formatOutcome, isDecision, type Outcome } from "../probes/outcome.js";
import type { TransportId } from "../transports/index.js";
import type { RunContext } from "../conformance/context.js";
import type { Phase } from "../conformance/phase.js";
import type { Checked } from "../conformance/prober.js";
import type { ScreeningSummary, TierDisagreement } from "../conformance/result.js";
import { judge } from "../conformance/verdict.js";
import { truncate } from "../reports/escape.js";
import { expected } from "../oracle/oracle.js";
import type { Policy } from "../policy/policy.js";
import { evaluateAll, type InProcessGuard, type InProcessResult, inProcessGuard, sameDecision } from "./in-process-guard.js";

export interface ScreeningOptions {
  readonly seed: number;
  /** Origins per transport. */
  readonly count: number;
  /** Bound on the screening itself (generation and in-process calls), whatever `count` says. */
  readonly budgetMs: number;
  readonly shrinkBudgetMs: number;
}

/** No guard call in process takes longer than this; one that does is "unsettled" and the tier is not used. */
export const IN_PROCESS_BOUND_MS = 1_000;
const MORE_CONFIRMED_PER_TRANSPORT = 7;
const SAMPLED_PER_TRANSPORT = 8;
const SHOWN_DISAGREEMENTS = 5;

/** The tier of `definition` for each transport, or why there is none. */
export function guardsFor(definition: unknown, name: string, transports: readonly TransportId[], action?: string): Map<TransportId, InProcessGuard> | string {
  if (definition === undefined) return "the registry is not hosted in this process";
  const guards = new Map<TransportId, InProcessGuard>();
  for (const transport of transports) {
    const guard = inProcessGuard(definition, name, transport, { action });
    if (guard === undefined) return "the actor has no onBeforeConnect";
    guards.set(transport, guard);
  }
  return guards;
}

/** The tier for each transport of the run, or why there is none. */
export function tierGuards(context: RunContext): Map<TransportId, InProcessGuard> | string {
  const { hosted, actor, transports, action } = context.subject;
  return guardsFor(hosted.definitionOf?.(actor), actor, transports, action);
}

/** One transport's in-process results, and the indices whose decision the oracle passes or fails (undecided calls are in neither). */
export interface Screened {
  readonly results: readonly InProcessResult[];
  readonly failing: readonly number[];
  readonly passing: readonly number[];
}

/** Every header through every transport's guard, judged by the oracle (once per header, not once per transport). Stops at `deadline`. */
export async function screenHeaders(policy: Policy, guards: ReadonlyMap<TransportId, InProcessGuard>, headers: readonly OriginHeader[], deadline = Number.POSITIVE_INFINITY): Promise<Map<TransportId, Screened>> {
  const expectations = headers.map((header) => expected(policy, header));
  const screened = new Map<TransportId, Screened>();
  for (const [transport, guard] of guards) {
    const results = await evaluateAll(guard, headers, IN_PROCESS_BOUND_MS, deadline);
    const failing: number[] = [];
    const passing: number[] = [];
    results.forEach((result, index) => {
      if (result.kind !== "decided") return;
      (judge(policy, headers[index]!, result.outcome, expectations[index]).pass ? passing : failing).push(index);
    });
    screened.set(transport, { results, failing, passing });
  }
  return screened;
}

function passesOracle(policy: Policy, header: OriginHeader, result: InProcessResult): boolean {
  return result.kind !== "decided" || judge(policy, header, result.outcome).pass;
}

/** One call, bounded like every other. */
async function callBounded(guard: InProcessGuard, header: OriginHeader): Promise<InProcessResult> {
  return (await evaluateAll(guard, [header], IN_PROCESS_BOUND_MS))[0]!;
}

/**
 * The corpus cases the tier predicts to fail, first. Used by runs that stop at
 * their first failure (the bank of known-bad guards): the wire then gets to a
 * counterexample in a few probes. Order only; every verdict is the wire's.
 */
export async function predictedFailuresFirst<T extends { readonly header: OriginHeader }>(context: RunContext, cases: readonly T[]): Promise<T[]> {
  const guards = tierGuards(context);
  if (typeof guards === "string") return [...cases];
  const screened = await screenHeaders(context.subject.policy, guards, cases.map((entry) => entry.header), performance.now() + 5_000);
  const failing = new Set([...screened.values()].flatMap((each) => each.failing.map((index) => cases[index]!)));
  return [...cases.filter((entry) => failing.has(entry)), ...cases.filter((entry) => !failing.has(entry))];
}

function disagreement(transport: TransportId, header: OriginHeader, wire: Outcome, inProcess: InProcessResult): TierDisagreement {
  return {
    transport,
    origin: truncate(describeHeader(header)),
    wire: truncate(formatOutcome(wire)),
    inProcess: inProcess.kind !== "decided" ? inProcess.kind : inProcess.outcome.kind === "rejected" ? `rejected ${inProcess.outcome.group}.${inProcess.outcome.code}` : inProcess.outcome.kind,
  };
}

/** Every corpus probe the wire decided in this run, from the ledger. */
function corpusWire(context: RunContext) {
  return context.ledger.probes.filter((entry) => entry.phase === "corpus" && entry.role === "evidence" && entry.supersededBy === undefined && entry.recheckOf === undefined && isDecision(entry.outcome));
}

/** Step 1: the tier against every corpus probe the wire decided in this run. */
async function checkFaithfulness(context: RunContext, guards: Map<TransportId, InProcessGuard>) {
  let compared = 0;
  let agreed = 0;
  const disagreements: TierDisagreement[] = [];
  for (const [transport, guard] of guards) {
    const wire = corpusWire(context).filter((entry) => entry.transport === transport);
    const results = await evaluateAll(guard, wire.map((entry) => entry.header), IN_PROCESS_BOUND_MS);
    for (const [index, result] of results.entries()) {
      if (result.kind === "not-emulated") return { problem: `the guard uses c.${result.member}, which the in-process tier does not emulate`, compared, agreed, disagreements };
      if (result.kind === "unsettled") return { problem: `the guard did not settle within ${IN_PROCESS_BOUND_MS} ms in process`, compared, agreed, disagreements };
      compared++;
      if (sameDecision(result.outcome, wire[index]!.outcome)) agreed++;
      else disagreements.push(disagreement(transport, wire[index]!.header, wire[index]!.outcome, result));
    }
  }
  return { problem: undefined, compared, agreed, disagreements };
}

export function screeningPhase(options: ScreeningOptions): Phase {
  return { id: "screening", run: async (context) => ({ screening: await screen(context, options) }) };
}

async function screen(context: RunContext, options: ScreeningOptions): Promise<ScreeningSummary> {
  const { policy } = context.subject;
  const base = { corpusCompared: 0, corpusAgreed: 0, disagreements: [], seed: options.seed, screened: 0, screenedPerSecond: 0, oracleFailures: 0, confirmation: { probes: 0, failed: 0, agreedWithTier: 0 } };
  const guards = tierGuards(context);
  if (typeof guards === "string") return { ...base, status: "unavailable", reason: guards };
  if (corpusWire(context).length === 0) return { ...base, status: "unavailable", reason: "no corpus probe was decided over the wire in this run, so the tier could not be checked" };
  const faithful = await checkFaithfulness(context, guards);
  const checked = { ...base, corpusCompared: faithful.compared, corpusAgreed: faithful.agreed, disagreements: faithful.disagreements.slice(0, SHOWN_DISAGREEMENTS) };
  if (faithful.problem !== undefined) return { ...checked, status: "unavailable", reason: faithful.problem };
  if (faithful.disagreements.length > 0) {
    return { ...checked, status: "unfaithful", reason: `the tier disagreed with the wire on ${faithful.disagreements.length} of ${faithful.compared} corpus probes (a guard whose decision depends on earlier calls, timing or state the tier does not see)` };
  }

  // Step 2: screen.
  const startedAt = performance.now();
  const deadline = startedAt + options.budgetMs;
  const arbitrary = anyOrigin(policy);
  const samples = fc.sample(arbitrary, { seed: options.seed, numRuns: options.count });
  const screened = await screenHeaders(policy, guards, samples.map((sample) => sample.header), deadline);
  let total = 0;
  let oracleFailures = 0;
  for (const [transport, { results, failing }] of screened) {
    total += results.length;
    oracleFailures += failing.length;
    context.ledger.appendInProcess({ kind: "in-process", phase: "screening", transport, counted: false, decided: results.filter((result) => result.kind === "decided").length, contradicted: failing.length });
    context.onProgress({ phase: "screening", transport, done: results.length, total: samples.length });
  }
  const elapsedMs = performance.now() - startedAt;

  // Step 3: confirm over the wire. Every confirmation is evidence in the ledger, whatever the tier said.
  const instance = await context.prober.newInstance("screening");
  const disagreements = [...checked.disagreements];
  let agreedWithTier = 0;
  await Promise.all(
    [...screened].map(async ([transport, { results, failing, passing }]) => {
      const confirm: Confirm = async (index, value = samples[index]!, result = results[index]!, path = String(index)) => {
        const wire = await context.prober.check(instance, transport, value.header, {
          category: value.category,
          evenIfStopped: true,
          context: { seed: options.seed, path, shrunk: path !== String(index), foundBy: "screening" },
        });
        if (wire === undefined) return undefined;
        if (result.kind === "decided" && sameDecision(result.outcome, wire.result.outcome)) agreedWithTier++;
        else if (!wire.verdict.undecided && disagreements.length < SHOWN_DISAGREEMENTS) disagreements.push(disagreement(transport, value.header, wire.result.outcome, result));
        return wire;
      };
      if (failing.length > 0) await confirmFirstFailure(context, guards.get(transport)!, arbitrary, options, failing[0]!, confirm);
      const distinct = new Set<string>();
      const more = failing.slice(1).filter((index) => {
        const key = describeHeader(samples[index]!.header);
        if (distinct.has(key)) return false;
        distinct.add(key);
        return true;
      });
      const sampled = passing.length === 0 ? [] : fc.sample(fc.nat(passing.length - 1), { seed: options.seed, numRuns: SAMPLED_PER_TRANSPORT }).map((at) => passing[at]!);
      await Promise.all([...more.slice(0, MORE_CONFIRMED_PER_TRANSPORT), ...new Set(sampled)].map((index) => confirm(index)));
    }),
  );
  const confirmations = context.ledger.probes.filter((entry) => entry.phase === "screening" && entry.role === "evidence" && entry.supersededBy === undefined);
  const confirmation = { probes: confirmations.length, failed: confirmations.filter((entry) => !entry.judgement.pass).length, agreedWithTier };
  return { ...checked, disagreements, status: "used", screened: total, screenedPerSecond: Math.round(total / Math.max(elapsedMs / 1000, 0.001)), oracleFailures, confirmation };
}

type Confirm = (index: number, value?: CategorizedHeader, result?: InProcessResult, path?: string) => Promise<Checked | undefined>;

/** Shrinks the first screened failure in process (fast), then asks the wire about the shrunk value, and about the original if the shrunk one passes there. */
async function confirmFirstFailure(context: RunContext, guard: InProcessGuard, arbitrary: fc.Arbitrary<CategorizedHeader>, options: ScreeningOptions, index: number, confirm: Confirm) {
  const { policy } = context.subject;
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => passesOracle(policy, value.header, await callBounded(guard, value.header))),
    { seed: options.seed, numRuns: options.count, path: String(index), interruptAfterTimeLimit: options.shrinkBudgetMs, markInterruptAsFailure: false },
  );
  if (details.failed && details.counterexample !== null && details.counterexamplePath !== null) {
    const value = details.counterexample[0];
    const wire = await confirm(index, value, await callBounded(guard, value.header), details.counterexamplePath);
    if (wire !== undefined && !wire.verdict.pass && !wire.verdict.undecided) return;
  }
  await confirm(index);
}
