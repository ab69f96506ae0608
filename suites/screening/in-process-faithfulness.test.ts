/**
 * Is the in-process tier faithful? For every correct reference and every
 * known-bad guard, the tier's decision (and rejection code) must equal what the
 * wire shows for the same corpus case over the same transport, on one instance,
 * as the corpus phase sends them. History-dependent and intermittent guards must
 * show at least one disagreement: that is how a run's gate (screening-phase.ts)
 * learns not to use the tier for them.
 *
 * By default each actor gets a sample of the corpus: every case the tier
 * predicts to fail (up to 24) and 24 more chosen by seed, over every transport.
 * FAITHFULNESS_FULL=1 compares the whole corpus (about 15 minutes).
 */
import fc from "fast-check";
import pLimit from "p-limit";
import { describe, expect, test } from "vitest";
import { judge } from "../../harness/conformance/verdict.js";
import { deterministicCorpus } from "../../harness/generators/catalog.js";
import { describeHeader } from "../../harness/origin/header.js";
import { formatOutcome, isDecision } from "../../harness/probes/outcome.js";
import { probe } from "../../harness/probes/probe.js";
import { transportsFor } from "../../harness/transports/index.js";
import { parsePolicy } from "../../harness/policy/policy.js";
import { actorRoutes } from "../../harness/registry/routes.js";
import { evaluateAll, inProcessGuard, sameDecision } from "../../harness/screening/in-process-guard.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { CORRECT_ACTORS } from "../../reference-actors/correct/index.js";
import { KNOWN_BAD_GUARDS } from "../../reference-actors/known-bad/index.js";
import { registry } from "../../reference-actors/registry.js";
import type { KnownBadGuard, ReferenceActor } from "../../reference-actors/types.js";

const FULL = process.env.FAITHFULNESS_FULL === "1";
const SAMPLE = 24;
const hosted = useHostedRegistry(registry);

const subjects = [
  ...CORRECT_ACTORS.map((reference) => ({ kind: "correct reference", reference, stateful: false })),
  ...KNOWN_BAD_GUARDS.map((guard: KnownBadGuard) => ({ kind: "known-bad guard", reference: guard as ReferenceActor, stateful: Boolean(guard.bug.historyDependent || guard.bug.intermittent) })),
];

describe.each(subjects)("in-process tier vs the wire: $kind ($reference.id)", ({ reference, stateful }) => {
  test(stateful ? "disagrees with the wire somewhere (so the gate turns the tier off)" : `same decision as the wire on ${FULL ? "the whole corpus" : "a corpus sample"}, every transport`, { timeout: FULL ? 600_000 : 180_000 }, async () => {
    const policy = parsePolicy(reference.policy);
    const transports = transportsFor(actorRoutes(reference.definition));
    const corpus = deterministicCorpus(policy).map((entry) => entry.case.header);
    const guards = new Map(transports.map((transport) => [transport, inProcessGuard(reference.definition, reference.id, transport)!]));
    const tier = new Map(await Promise.all(transports.map(async (transport) => [transport, await evaluateAll(guards.get(transport)!, corpus, 1_000)] as const)));

    let chosen = corpus.map((_, index) => index);
    if (!FULL) {
      const predictedFailing = chosen.filter((index) => transports.some((transport) => {
        const result = tier.get(transport)![index]!;
        return result.kind === "decided" && !judge(policy, corpus[index]!, result.outcome).pass;
      }));
      const seeded = fc.sample(fc.nat(corpus.length - 1), { seed: 7, numRuns: SAMPLE });
      chosen = [...new Set([...predictedFailing.slice(0, SAMPLE), ...seeded])];
    }

    const instance = await hosted().newActor(reference.id, "faithfulness");
    const limit = pLimit(16);
    const compared: string[] = [];
    const disagreements: string[] = [];
    await Promise.all(
      chosen.flatMap((index) =>
        transports.map((transport) =>
          limit(async () => {
            const header = corpus[index]!;
            const wire = await probe({ endpoint: hosted().endpoint, actorId: instance.actorId }, transport, header, { settleMs: 5_500, timeoutMs: 14_000 });
            // Only what the wire positively decided can be compared; anything else fails the test below.
            expect(isDecision(wire.outcome), `${transport} ${describeHeader(header)}: ${formatOutcome(wire.outcome)}`).toBe(true);
            const inProcess = tier.get(transport)![index]!;
            compared.push(transport);
            if (inProcess.kind !== "decided" || !sameDecision(inProcess.outcome, wire.outcome)) {
              disagreements.push(`${transport} ${describeHeader(header).slice(0, 80)}: wire ${formatOutcome(wire.outcome).slice(0, 80)}, in process ${inProcess.kind === "decided" ? formatOutcome(inProcess.outcome) : inProcess.kind}`);
            }
          }),
        ),
      ),
    );
    expect(compared.length).toBe(chosen.length * transports.length);
    if (stateful) expect(disagreements.length, "a guard that depends on earlier calls must disagree with a tier that calls it fresh every time").toBeGreaterThan(0);
    else expect(disagreements, `${disagreements.length} of ${compared.length} disagreed`).toEqual([]);
  });
});
