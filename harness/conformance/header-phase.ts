import fc from "fast-check";
import { headersLeftOut, headersReachingGuard } from "../calibration/other-headers.js";
import { extraHeadersOf, headerCaseArbitrary, headerExamples, type HeaderCase, originHeaderOf } from "../generators/other-headers.js";
import type { TransportId } from "../transports/index.js";
import type { ActorInstance } from "../registry/host.js";
import type { RunContext } from "./context.js";
import type { ProbeEntry } from "./ledger.js";
import type { Phase, PhaseReport } from "./phase.js";

/** The property's row in the matrix, and the category of its probes. */
export const ONLY_ORIGIN_DECIDES = "only-origin-decides";

/**
 * Its replay paths carry this prefix (`--path headers:4:0`), so one `--path`
 * flag replays either property: the random one's paths are plain fast-check paths.
 */
export const HEADER_PATH_PREFIX = "headers:";

export function isHeaderPath(path: string | undefined): path is string {
  return path?.startsWith(HEADER_PATH_PREFIX) === true;
}

export interface HeaderOptions {
  readonly seed: number;
  /** Generated cases per transport, after the fixed examples. */
  readonly runs: number;
  /** Replay exactly this path (with its prefix) instead of sampling. */
  readonly path?: string;
  readonly shrinkBudgetMs: number;
}

/**
 * The property "only the Origin decides": the other headers a guard might
 * consult (Referer, Sec-Fetch-*, X-Forwarded-*, Forwarded, Cookie, User-Agent;
 * those calibrated as reaching the guard over the transport) are varied while
 * the Origin is absent, allowed or not, and the decision must be the oracle's
 * for the Origin alone (the prober judges every probe on its Origin only).
 * The fixed examples come first, then `runs` generated cases, all on one
 * instance and probed concurrently; the first failure is shrunk by its path,
 * as the random property's are.
 */
export function headerPhase(options: HeaderOptions): Phase {
  return {
    id: "headers",
    async run(context): Promise<PhaseReport | void> {
      const { policy, transports } = context.subject;
      const instance = await context.prober.newInstance("headers");
      await Promise.all(
        transports.map(async (transport) => {
          const names = headersReachingGuard(transport);
          if (names.length === 0) return;
          const space = { arbitrary: headerCaseArbitrary(policy, names), examples: headerExamples(policy, names), names };
          if (options.path !== undefined) return shrinkFrom(context, instance, transport, space, options, options.path.slice(HEADER_PATH_PREFIX.length));
          const cases = [...space.examples, ...fc.sample(space.arbitrary, { seed: options.seed, numRuns: options.runs })];
          let done = 0;
          const checked = await Promise.all(
            cases.map(async (headerCase, index) => {
              const result = await checkCase(context, instance, transport, names, headerCase, { path: String(index) }, "bounded", options.seed);
              if (result !== undefined) context.onProgress({ phase: "headers", transport, done: ++done, total: cases.length });
              return result;
            }),
          );
          const firstFailure = checked.findIndex((entry) => entry !== undefined && !entry.verdict.pass);
          if (firstFailure >= 0) await shrinkFrom(context, instance, transport, space, options, String(firstFailure));
        }),
      );
      const leftOut = headersLeftOut();
      if (leftOut.length > 0 && !context.aborted) {
        return { skipped: { check: `${ONLY_ORIGIN_DECIDES} (${leftOut.map((header) => header.name).join(", ")})`, reason: leftOut.map((header) => header.reason).join(" ") } };
      }
    },
  };
}

interface CaseSpace {
  readonly arbitrary: fc.Arbitrary<HeaderCase>;
  readonly examples: readonly HeaderCase[];
  readonly names: readonly string[];
}

function checkCase(
  context: RunContext,
  instance: ActorInstance,
  transport: TransportId,
  names: readonly string[],
  headerCase: HeaderCase,
  at: { path?: string; shrinkStep?: boolean },
  recheck: "bounded" | "never",
  seed: number,
  evenIfStopped = false,
) {
  return context.prober.check(instance, transport, originHeaderOf(headerCase), {
    category: ONLY_ORIGIN_DECIDES,
    extraHeaders: extraHeadersOf(headerCase, names),
    recheck,
    evenIfStopped,
    context: { seed, ...(at.path !== undefined && { path: `${HEADER_PATH_PREFIX}${at.path}` }), ...(at.shrinkStep && { shrinkStep: true }) },
  });
}

/** Shrinks from `path` (without its prefix); the minimal counterexample is probed once more, and that entry carries the shrunk path. */
async function shrinkFrom(context: RunContext, instance: ActorInstance, transport: TransportId, space: CaseSpace, options: HeaderOptions, path: string) {
  let shrinkSteps = 0;
  const property = fc.asyncProperty(space.arbitrary, async (headerCase) => {
    const checked = await checkCase(context, instance, transport, space.names, headerCase, { shrinkStep: true }, "never", options.seed, true);
    context.onProgress({ phase: "shrink", transport, done: ++shrinkSteps, total: 0 });
    return checked === undefined || checked.verdict.pass;
  });
  const details = await fc.check(property, {
    seed: options.seed,
    // A replayed path may come from a run with more cases (the thorough profile): it must stay within numRuns.
    numRuns: Math.max(space.examples.length + options.runs, Number(path.split(":")[0]) + 1),
    examples: space.examples.map((headerCase): [HeaderCase] => [headerCase]),
    path,
    interruptAfterTimeLimit: options.shrinkBudgetMs,
    markInterruptAsFailure: false,
  });
  if (!details.failed || details.counterexample === null || details.counterexamplePath === null) return;
  const counterexamplePath = details.counterexamplePath;
  const final: ProbeEntry | undefined = (await checkCase(context, instance, transport, space.names, details.counterexample[0], { path: counterexamplePath }, "bounded", options.seed, true))?.entry;
  if (final !== undefined) context.ledger.attach(final, { shrunk: counterexamplePath !== path });
}
