import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { checkRegistry, type SharedRunOptions } from "../check/check-registry.js";
import { type OriginConformanceConfig, resolveConfig } from "../check/config.js";
import { planSubjects } from "../check/subjects.js";
import { explainVerdict, formatFailure } from "../conformance/format-failure.js";
import type { ConformanceResult } from "../conformance/result.js";
import { CATEGORIES } from "../generators/catalog.js";
import { type TransportId, transportsFor } from "../transports/index.js";
import type { AnyRegistry } from "../registry/host.js";
import { actorRoutes } from "../registry/routes.js";
import { useHostedRegistry } from "./hosted-registry.js";
import { sharedEngine } from "./shared-engine.js";

export interface DescribeRegistryConformanceOptions extends Omit<OriginConformanceConfig, "registry">, Omit<SharedRunOptions, "transports" | "profile" | "runs" | "seed"> {
  /** The registry itself (in a config file: the path of its module). */
  readonly registry: AnyRegistry;
  /** Only this actor (default: every actor of the registry). */
  readonly actor?: string;
  /** Probes in flight at once, shared by the actors checked together (default 16). */
  readonly concurrency?: number;
  /** Bound on the whole check (default 5 minutes, plus 2 per actor after the first). */
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
 * The conformance suite for a registry, as vitest tests: a describe per actor,
 * in it a matrix describe per transport with a test per origin category and per
 * property, and the actor's verdict. The check runs once (in beforeAll, on the
 * run's shared engine, actors side by side); the tests read its results.
 * Replay a failure with ORIGIN_CONFORMANCE_SEED / ORIGIN_CONFORMANCE_PATH.
 */
export function describeRegistryConformance(options: DescribeRegistryConformanceOptions): void {
  const { registry, actor, policy, actors, profile, runs, seed, transports, concurrency, timeoutMs, ...run } = options;
  // Policy files named in code resolve against the working directory, as vitest's own paths do.
  const config = resolveConfig({ policy, actors, profile, runs, seed, transports }, join(process.cwd(), "describeRegistryConformance"));
  const use = ((registry.config as { use?: Record<string, unknown> }).use ?? {}) as Record<string, unknown>;
  const subjects = planSubjects(Object.keys(use), { actor, config });
  const replaySeed = envNumber("ORIGIN_CONFORMANCE_SEED") ?? config.seed;
  const path = process.env.ORIGIN_CONFORMANCE_PATH || run.path;
  const results = new Map<string, ConformanceResult>();
  const single = subjects.length === 1;
  // Hosted inside the describe, so two registries of one test file are hosted one after the other (rivetkit serves one per process).
  describe(`origin conformance: ${subjects.map((subject) => subject.actor).join(", ")}`, () => {
    const hosted = useHostedRegistry(registry);
    beforeAll(async () => {
      const check = await checkRegistry({
        registry,
        hosted: hosted(),
        engine: sharedEngine(),
        subjects,
        source: { module: "vitest", replay: (subject) => ({ kind: "vitest", actor: subject.actor }) },
        run: { ...run, transports: config.transports, profile: config.profile, runs: envNumber("ORIGIN_CONFORMANCE_RUNS") ?? config.runs, seed: replaySeed, path },
        ...(concurrency !== undefined && { concurrency }),
      });
      for (const subject of check.report.subjects) results.set(subject.actor, subject);
    }, timeoutMs ?? 300_000 + 120_000 * (subjects.length - 1));
    for (const subject of subjects) {
      const transportsOf = config.transports ?? transportsFor(actorRoutes(use[subject.actor]));
      const rows = () => describeActor(subject.actor, transportsOf, () => results.get(subject.actor), path);
      if (single) rows();
      else describe(`${subject.actor}${subject.declaredPublic ? " (public)" : ""}`, rows);
    }
  });
}

function describeActor(actor: string, transports: readonly TransportId[], resultOf: () => ConformanceResult | undefined, path: string | undefined): void {
  const result = () => {
    const found = resultOf();
    if (found === undefined) throw new Error(`no result for ${actor}: the check did not run it (see the run's cut-off)`);
    return found;
  };
  test("the run reached a verdict on positively observed outcomes", () => {
    expect(result().cutOff, "the run was cut off before it finished").toBeUndefined();
    expect(result().infrastructureProbes, "probes that hit infrastructure failures").toBe(0);
    expect(result().engineDied, "the engine died during the run").toBeUndefined();
    expect(result().verdict).not.toBe("infrastructure-failure");
    expect(result().probes).toBeGreaterThan(0);
  });

  describe.each(transports)("transport (%s)", (transport) => {
    const rows = [...CATEGORIES.map((category) => ({ id: category.id, title: category.title })), ...PROPERTY_ROWS];
    test.for(rows)("$id: $title", ({ id }, context) => {
      // The row is the matrix cell: it fails on any failed probe counted there, reported or not.
      const cell = result().matrix[id]?.[transport];
      const failures = result().failures.filter((failure) => failure.transport === transport && (failure.category === id || failure.property === id));
      expect(cell?.failed ?? 0, `${cell?.failed} of ${cell?.run} failed over ${transport}\n${failures.slice(0, 10).map(formatFailure).join("\n\n")}`).toBe(0);
      expect(failures.map(formatFailure).join("\n\n"), `${failures.length} failure(s)`).toBe("");
      if (cell === undefined) {
        const skipped = result().skipped.find((entry) => entry.check === id);
        context.skip(
          skipped?.reason ??
            (result().openActor !== undefined
              ? "a handful of origins stood for the full check: the actor has no origin guard, or is declared public"
              : path !== undefined
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
    expect(result().verdict, explainVerdict(result())).toBe("conformant");
  });
}
