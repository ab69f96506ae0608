import fc from "fast-check";
import { anyOrigin, type CategorizedHeader } from "../generators/catalog.js";
import type { ProbeResult } from "../probes/probe.js";
import type { TransportId } from "../probes/transports.js";
import type { ActorInstance } from "../registry/host.js";
import type { RunContext } from "./context.js";
import type { CaseVerdict } from "./verdict.js";

export interface RandomOptions {
  readonly seed: number;
  readonly runs: number;
  /** Replay exactly this fast-check path (from a failure report) instead of sampling. */
  readonly path?: string;
  /** Bound on shrinking one counterexample. */
  readonly shrinkBudgetMs: number;
}

interface Checked {
  readonly value: CategorizedHeader;
  readonly result: ProbeResult;
  readonly verdict: CaseVerdict;
}

/**
 * The property "outcome matches the oracle" on `runs` generated origins per
 * transport. Every transport sees the same origins (same seed). The batch is
 * probed concurrently; the first failing run is then replayed through
 * fast-check by its path, which shrinks it to a minimal counterexample.
 */
export async function runRandomPhase(context: RunContext, options: RandomOptions) {
  const arbitrary = anyOrigin(context.policy);
  const instance = await context.newInstance("random");
  await Promise.all(
    context.transports.map(async (transport) => {
      if (options.path !== undefined) return shrinkFrom(context, instance, transport, arbitrary, options, options.path, undefined);
      const samples = fc.sample(arbitrary, { seed: options.seed, numRuns: options.runs });
      let done = 0;
      const checked = await Promise.all(
        samples.map(async (value): Promise<Checked | undefined> => {
          const checked = await context.check(instance, transport, value.header);
          if (checked === undefined) return undefined;
          const { result, verdict } = checked;
          context.count(value.category, transport, verdict.pass);
          context.onProgress({ phase: "random", transport, done: ++done, total: samples.length, failures: context.failures.length });
          return { value, result, verdict };
        }),
      );
      const firstFailure = checked.findIndex((entry) => entry !== undefined && !entry.verdict.pass);
      if (firstFailure >= 0) await shrinkFrom(context, instance, transport, arbitrary, options, String(firstFailure), checked[firstFailure]);
    }),
  );
}

async function shrinkFrom(
  context: RunContext,
  instance: ActorInstance,
  transport: TransportId,
  arbitrary: fc.Arbitrary<CategorizedHeader>,
  options: RandomOptions,
  path: string,
  original: Checked | undefined,
) {
  let shrinkSteps = 0;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    const checked = await context.check(instance, transport, value.header, context.action, true);
    context.onProgress({ phase: "shrink", transport, done: ++shrinkSteps, total: 0, failures: context.failures.length });
    return checked === undefined || checked.verdict.pass;
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
    path,
    interruptAfterTimeLimit: options.shrinkBudgetMs,
    markInterruptAsFailure: false,
  });
  let final: Checked | undefined = original;
  let finalPath = path;
  let shrunk = false;
  if (details.failed && details.counterexample !== null && details.counterexamplePath !== null) {
    const value = details.counterexample[0];
    const checked = await context.check(instance, transport, value.header, context.action, true);
    if (checked !== undefined && !checked.verdict.pass) {
      final = { value, result: checked.result, verdict: checked.verdict };
      finalPath = details.counterexamplePath;
      shrunk = true;
    }
  }
  if (final === undefined) {
    // Replay mode and the case passed: nothing to report, which the caller sees as a pass.
    return;
  }
  context.fail({
    ...(await context.classifyFailure(final.value.category, transport, final.value.header, final.verdict, final.result.outcome)),
    transport,
    header: final.value.header,
    expected: final.verdict.expectation.decision,
    outcome: final.result.outcome,
    problem: final.verdict.problem,
    request: final.result.request,
    response: final.result.response,
    transcript: final.result.transcript,
    seed: options.seed,
    path: finalPath,
    shrunk,
  });
}
