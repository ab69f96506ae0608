import { deterministicCorpus } from "../generators/catalog.js";
import { expectedDecision } from "../oracle/oracle.js";
import type { RunContext } from "./context.js";

export interface SideEffectActions {
  /** An action that changes state, e.g. `increment`. */
  readonly mutate: string;
  /** An action that returns that state, e.g. `getCount`. */
  readonly read: string;
}

/**
 * A rejected HTTP action never runs: call the mutating action with disallowed
 * origins, then read the state back through an allowed origin. (A rejected
 * WebSocket never getting Init is part of how `/connect` outcomes are read.)
 * Returns a reason when the check cannot run on this actor.
 */
export async function runSideEffectPhase(context: RunContext, actions: SideEffectActions): Promise<string | undefined> {
  if (!context.transports.includes("http-action")) return "the run does not include the http-action transport";
  const available = context.hosted.routesOf(context.actor).actions;
  const missing = [actions.mutate, actions.read].filter((name) => !available.includes(name));
  if (missing.length > 0) return `the actor has no ${missing.join(" or ")} action`;
  const corpus = deterministicCorpus(context.policy);
  const allowedCase = corpus.find(({ case: named }) => named.header.lines.length === 1 && expectedDecision(context.policy, named.header) === "accept");
  if (allowedCase === undefined) return "the policy has no allowed origin to read state back with";
  const allowed = allowedCase.case.header;
  const byCategory = new Map<string, (typeof corpus)[number]>();
  for (const entry of corpus) {
    if (!byCategory.has(entry.category) && expectedDecision(context.policy, entry.case.header) === "reject") byCategory.set(entry.category, entry);
  }
  const instance = await context.newInstance("side-effects");
  let unobserved = false;
  /** A call through the allowed origin that saw no decision at all: the check could not observe, which is never a pass (nor a skip). */
  const noDecision = (checked: Awaited<ReturnType<typeof context.check>>, action: string) => {
    if (!checked?.verdict.undecided || unobserved) return;
    unobserved = true;
    context.count("side-effect-safety", "http-action", false);
    context.fail({
      property: "side-effect-safety",
      category: "side-effect-safety",
      transport: "http-action",
      caseId: `allowed/${action}`,
      header: allowed,
      expected: "accept",
      outcome: checked.result.outcome,
      problem: `calling ${action} through an allowed origin got no decision: ${checked.verdict.problem}`,
      request: checked.result.request,
      response: checked.result.response,
      transcript: checked.result.transcript,
    });
  };
  const read = async (): Promise<number | undefined> => {
    const checked = await context.check(instance, "http-action", allowed, actions.read, true);
    noDecision(checked, actions.read);
    const match = checked && /"output":(-?\d+)/.exec(checked.result.response);
    return match ? Number(match[1]) : undefined;
  };
  const before = await read();
  if (unobserved) return undefined;
  if (before === undefined) return `reading ${actions.read} through ${allowed.lines[0]} gave no number`;
  let done = 0;
  for (const [category, entry] of byCategory) {
    const checked = await context.check(instance, "http-action", entry.case.header, actions.mutate);
    if (checked === undefined) return undefined;
    const { result, verdict } = checked;
    const after = await read();
    if (unobserved) return undefined;
    const ran = after !== before;
    context.count("side-effect-safety", "http-action", verdict.pass && !ran);
    if (!verdict.pass || ran) {
      context.fail({
        property: "side-effect-safety",
        category: "side-effect-safety",
        transport: "http-action",
        caseId: `${category}/${entry.case.id}`,
        header: entry.case.header,
        expected: "reject",
        outcome: result.outcome,
        problem: ran ? `the rejected call ran ${actions.mutate}: ${actions.read} went from ${before} to ${after}` : verdict.problem,
        request: result.request,
        response: result.response,
        transcript: result.transcript,
      });
      return undefined;
    }
    context.onProgress({ phase: "side-effects", done: ++done, total: byCategory.size, failures: context.failures.length });
  }
  // The observation must be able to see a change at all.
  noDecision(await context.check(instance, "http-action", allowed, actions.mutate), actions.mutate);
  if (unobserved) return undefined;
  const afterAllowed = await read();
  if (unobserved) return undefined;
  if (afterAllowed !== before + 1) {
    return `an allowed ${actions.mutate} did not change ${actions.read} (${before} → ${afterAllowed}); the side-effect check cannot observe this actor`;
  }
  return undefined;
}

