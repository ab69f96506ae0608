import { beforeAll, describe, expect, test } from "vitest";
import { CATEGORIES } from "../generators/catalog.js";
import { type TransportId, transportsFor } from "../probes/transports.js";
import { parsePolicy } from "../policy/policy.js";
import type { AnyRegistry } from "../registry/host.js";
import { actorRoutes } from "../registry/routes.js";
import { explainVerdict, formatFailure } from "../conformance/format-failure.js";
import type { ConformanceResult } from "../conformance/result.js";
import { type ConformanceOptions, runConformance } from "../conformance/run.js";
import { useHostedRegistry } from "./hosted-registry.js";

export interface DescribeOriginConformanceOptions
  extends Omit<ConformanceOptions, "registry" | "hosted" | "engine" | "endpoint" | "onProgress" | "replay"> {
  readonly registry: AnyRegistry;
  /** The actor to check; optional when the registry has exactly one. */
  readonly actor?: string;
  /** Bound on the whole run (default 5 minutes). */
  readonly timeoutMs?: number;
}

const PROPERTY_ROWS = [
  { id: "reject-code", title: "rejections carry the documented code" },
  { id: "cross-transport", title: "the same decision on every transport" },
  { id: "history-independence", title: "decisions do not depend on earlier connections" },
  { id: "side-effect-safety", title: "a rejected action never runs" },
  { id: "only-origin-decides", title: "other headers never change the Origin's decision" },
] as const;

function envNumber(name: string): number | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : Number(value);
}

/**
 * The conformance suite for one actor, as vitest tests: one matrix describe per
 * transport, with a test per origin category and per property. The run happens
 * once (in beforeAll, on the run's shared engine); the tests read its results.
 * Replay a failure with ORIGIN_CONFORMANCE_SEED / ORIGIN_CONFORMANCE_PATH.
 */
export function describeOriginConformance(options: DescribeOriginConformanceOptions): void {
  const policy = parsePolicy(options.policy);
  const use = ((options.registry.config as { use?: Record<string, unknown> }).use ?? {}) as Record<string, unknown>;
  const actor = options.actor ?? (Object.keys(use).length === 1 ? Object.keys(use)[0]! : undefined);
  if (actor === undefined || use[actor] === undefined) {
    throw new Error(`describeOriginConformance: name one of the registry's actors (${Object.keys(use).join(", ")}) with { actor }`);
  }
  const transports: readonly TransportId[] = options.transports ?? transportsFor(actorRoutes(use[actor]));
  const seed = envNumber("ORIGIN_CONFORMANCE_SEED") ?? options.seed;
  const path = process.env.ORIGIN_CONFORMANCE_PATH || options.path;
  const runs = envNumber("ORIGIN_CONFORMANCE_RUNS") ?? options.runs;

  describe(`origin conformance: ${actor}`, () => {
    const hosted = useHostedRegistry(options.registry);
    let result: ConformanceResult;
    beforeAll(async () => {
      result = await runConformance({
        ...options,
        hosted: hosted(),
        actor,
        transports,
        seed,
        path,
        runs,
        replay: { kind: "vitest", actor },
      });
    }, options.timeoutMs ?? 300_000);

    test("the run reached a verdict on positively observed outcomes", () => {
      expect(result.cutOff, "the run was cut off before it finished").toBeUndefined();
      expect(result.infrastructureProbes, "probes that hit infrastructure failures").toBe(0);
      expect(result.engineDied, "the engine died during the run").toBeUndefined();
      expect(result.verdict).not.toBe("infrastructure-failure");
      expect(result.probes).toBeGreaterThan(0);
    });

    describe.each(transports)("transport (%s)", (transport) => {
      const rows = [...CATEGORIES.map((category) => ({ id: category.id, title: category.title })), ...PROPERTY_ROWS];
      test.for(rows)("$id: $title", ({ id }, context) => {
        // The row is the matrix cell: it fails on any failed probe counted there, reported or not.
        const cell = result.matrix[id]?.[transport];
        const failures = result.failures.filter((failure) => failure.transport === transport && (failure.category === id || failure.property === id));
        expect(cell?.failed ?? 0, `${cell?.failed} of ${cell?.run} failed over ${transport}\n${failures.slice(0, 10).map(formatFailure).join("\n\n")}`).toBe(0);
        expect(failures.map(formatFailure).join("\n\n"), `${failures.length} failure(s)`).toBe("");
        if (cell === undefined) {
          const skipped = result.skipped.find((entry) => entry.check === id);
          context.skip(
            skipped?.reason ??
              (path !== undefined
                ? "replaying one path: only the random property ran"
                : id === "side-effect-safety"
                  ? "the side-effect check runs over http-action"
                  : `no ${id} case was generated over ${transport} for this policy`),
          );
        }
      });
    });

    // The gate: whatever the rows show, the run's derived verdict decides.
    test("verdict: conformant (every probe positively observed and agreeing with the oracle)", () => {
      expect(result.verdict, explainVerdict(result)).toBe("conformant");
    });
  });
}
