import fc from "fast-check";
import { anyOrigin, type CategorizedHeader } from "../generators/catalog.js";
import type { TransportId } from "../transports/index.js";
import type { ActorInstance } from "../registry/host.js";
import type { RunContext } from "./context.js";
import type { ProbeEntry } from "./ledger.js";
import type { Phase } from "./phase.js";

export interface RandomOptions {
  readonly seed: number;
  readonly runs: number;
  /** Replay exactly this fast-check path (from a failure report) instead of sampling. */
  readonly path?: string;
  /** Bound on shrinking one counterexample. */
  readonly shrinkBudgetMs: number;
}

/**
 * The property "outcome matches the oracle" on `runs` generated origins per
 * transport. Every transport sees the same origins (same seed), and every
 * probe records the seed and path that replay it. The batch is probed
 * concurrently; the first failing run is then replayed through fast-check by
 * its path, which shrinks it to a minimal counterexample.
 */
export function randomPhase(options: RandomOptions): Phase {
  return {
    id: "random",
    async run(context) {
      const arbitrary = anyOrigin(context.subject.policy);
      const instance = await context.prober.newInstance("random");
      await Promise.all(
        context.subject.transports.map(async (transport) => {
          if (options.path !== undefined) return shrinkFrom(context, instance, transport, arbitrary, options, options.path);
          const samples = fc.sample(arbitrary, { seed: options.seed, numRuns: options.runs });
          let done = 0;
          const checked = await Promise.all(
            samples.map(async (value, index) => {
              const result = await context.prober.check(instance, transport, value.header, { category: value.category, context: { seed: options.seed, path: String(index) } });
              if (result !== undefined) context.onProgress({ phase: "random", transport, done: ++done, total: samples.length });
              return result;
            }),
          );
          const firstFailure = checked.findIndex((entry) => entry !== undefined && !entry.verdict.pass);
          if (firstFailure >= 0) await shrinkFrom(context, instance, transport, arbitrary, options, String(firstFailure));
        }),
      );
    },
  };
}

/** Shrinks from `path`; the minimal counterexample is probed once more, and that entry carries the shrunk path. */
async function shrinkFrom(context: RunContext, instance: ActorInstance, transport: TransportId, arbitrary: fc.Arbitrary<CategorizedHeader>, options: RandomOptions, path: string) {
  let shrinkSteps = 0;
  const probeOnce = (value: CategorizedHeader, context_: { path?: string; shrinkStep?: boolean }, recheck: "bounded" | "never") =>
    context.prober.check(instance, transport, value.header, { category: value.category, evenIfStopped: true, recheck, context: { seed: options.seed, ...context_ } });
  const property = fc.asyncProperty(arbitrary, async (value) => {
    const checked = await probeOnce(value, { shrinkStep: true }, "never");
    context.onProgress({ phase: "shrink", transport, done: ++shrinkSteps, total: 0 });
    return checked === undefined || checked.verdict.pass;
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
    path,
    interruptAfterTimeLimit: options.shrinkBudgetMs,
    markInterruptAsFailure: false,
  });
  if (!details.failed || details.counterexample === null || details.counterexamplePath === null) return;
  const counterexamplePath = details.counterexamplePath;
  const final: ProbeEntry | undefined = (await probeOnce(details.counterexample[0], { path: counterexamplePath }, "bounded"))?.entry;
  if (final !== undefined) context.ledger.attach(final, { shrunk: counterexamplePath !== path });
}
