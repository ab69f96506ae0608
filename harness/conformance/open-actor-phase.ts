import { categoryById } from "../generators/catalog.js";
import { type CorpusCase, probeCases } from "./corpus-phase.js";
import type { Phase } from "./phase.js";

/** One case each: an allowed origin (when the policy lists one), an attacker's, "null" and none at all. */
const OPEN_ACTOR_CATEGORIES = ["exact-allowed", "attacker-origins", "null-origin", "missing-and-empty"] as const;

export function openActorCases(allow: readonly string[]): CorpusCase[] {
  return OPEN_ACTOR_CATEGORIES.flatMap((id) => {
    const first = categoryById(id)?.corpus({ allow })[0];
    return first === undefined ? [] : [{ category: id, id: first.id, header: first.header }];
  });
}

/**
 * The short proof for an actor that has no origin guard (registry/guard-presence.ts),
 * or that is declared public: a handful of origins over every transport, each
 * judged like any other probe. Thousands of cases add nothing when nothing is
 * compared; if the actor turns out to reject something, the caller runs the full check.
 */
export const openActorPhase: Phase = {
  id: "open-actor",
  async run(context) {
    await probeCases(context, openActorCases(context.subject.policy.allow));
  },
};
