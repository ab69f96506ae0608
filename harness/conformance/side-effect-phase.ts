import { deterministicCorpus } from "../generators/catalog.js";
import { expectedDecision } from "../oracle/oracle.js";
import { HTTP_ACTION } from "../transports/index.js";
import type { Phase, PhaseReport } from "./phase.js";

export interface SideEffectActions {
  /** An action that changes state, e.g. `increment`. */
  readonly mutate: string;
  /** An action that returns that state, e.g. `getCount`. */
  readonly read: string;
}

const skipped = (reason: string): PhaseReport => ({ skipped: { check: "side-effect-safety", reason } });

/**
 * A rejected HTTP action never runs: call the mutating action with disallowed
 * origins, then read the state back through an allowed origin, and record what
 * the state did (a side-effect entry of the ledger). (A rejected WebSocket
 * never getting Init is part of how `/connect` outcomes are read.) Every call
 * is evidence like any other probe: a read that got no decision fails the run.
 */
export function sideEffectPhase(actions: SideEffectActions): Phase {
  return {
    id: "side-effects",
    async run(context) {
      const { policy, transports, hosted, actor } = context.subject;
      if (!transports.includes(HTTP_ACTION.id)) return skipped(`the run does not include the ${HTTP_ACTION.id} transport`);
      const available = hosted.routesOf(actor).actions;
      const missing = [actions.mutate, actions.read].filter((name) => !available.includes(name));
      if (missing.length > 0) return skipped(`the actor has no ${missing.join(" or ")} action`);
      const corpus = deterministicCorpus(policy);
      const allowedCase = corpus.find(({ case: named }) => named.header.lines.length === 1 && expectedDecision(policy, named.header) === "accept");
      if (allowedCase === undefined) return skipped("the policy has no allowed origin to read state back with");
      const allowed = allowedCase.case.header;
      const byCategory = new Map<string, (typeof corpus)[number]>();
      for (const entry of corpus) {
        if (!byCategory.has(entry.category) && expectedDecision(policy, entry.case.header) === "reject") byCategory.set(entry.category, entry);
      }
      const instance = await context.prober.newInstance("side-effects");
      const call = (header: typeof allowed, category: string, caseId: string, action: string) =>
        context.prober.check(instance, HTTP_ACTION.id, header, { category, action, evenIfStopped: true, context: { caseId: `side-effects/${caseId}` } });
      /** The state through the allowed origin; undefined when the read saw no decision (the ledger has it) or no number. */
      const read = async () => {
        const checked = await call(allowed, allowedCase.category, allowedCase.case.id, actions.read);
        const match = checked && !checked.verdict.undecided ? /"output":(-?\d+)/.exec(checked.result.response) : null;
        return { value: match ? Number(match[1]) : undefined, observed: checked !== undefined && !checked.verdict.undecided };
      };

      const before = await read();
      if (!before.observed) return;
      if (before.value === undefined) return skipped(`reading ${actions.read} through ${allowed.lines[0]} gave no number`);
      let done = 0;
      for (const [category, entry] of byCategory) {
        const checked = await call(entry.case.header, category, entry.case.id, actions.mutate);
        if (checked === undefined || !checked.verdict.pass) return;
        const after = await read();
        if (after.value === undefined) return after.observed ? skipped(`reading ${actions.read} gave no number after a rejected ${actions.mutate}`) : undefined;
        context.ledger.appendSideEffect({ kind: "side-effect", phase: "side-effects", transport: HTTP_ACTION.id, probe: checked.entry.seq, action: actions.mutate, read: actions.read, before: before.value, after: after.value });
        if (after.value !== before.value) return;
        context.onProgress({ phase: "side-effects", done: ++done, total: byCategory.size });
      }
      // The observation must be able to see a change at all.
      const allowedCall = await call(allowed, allowedCase.category, allowedCase.case.id, actions.mutate);
      if (allowedCall === undefined || allowedCall.verdict.undecided) return;
      const afterAllowed = await read();
      if (!afterAllowed.observed) return;
      if (afterAllowed.value !== before.value + 1) {
        return skipped(`an allowed ${actions.mutate} did not change ${actions.read} (${before.value} → ${afterAllowed.value}); the side-effect check cannot observe this actor`);
      }
    },
  };
}
