/**
 * Guards that misbehave: never answer, answer after rivetkit's
 * onBeforeConnectTimeout, throw non-Error values, throw on one transport only,
 * or are very slow. Each run finishes within its bound, every probe is
 * classified as what it positively was, and the verdict follows: never
 * "conformant" for a broken guard, the same verdict for a slow correct one.
 * Runs on the shared engine, narrowed (one or two transports, few random
 * cases) to keep the suite fast; each probe is recorded through the harness's
 * probe seam, which sends it with the real `probe`.
 */
import { setup } from "rivetkit";
import { describe, expect, test } from "vitest";
import type { ProbeFunction } from "../../harness/conformance/context.js";
import type { ConformanceResult } from "../../harness/conformance/result.js";
import { type ConformanceOptions, runConformance } from "../../harness/conformance/run.js";
import { describeHeader } from "../../harness/origin/header.js";
import { type ProbeResult, probe } from "../../harness/probes/probe.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { seedAllowlist } from "../../reference-actors/correct/seed-allowlist.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";
import { LATE_GUARD_DELAY_MS, LATE_GUARD_TIMEOUT_MS, SUPPORT_ACTORS } from "../../reference-actors/support/index.js";

const hosted = useHostedRegistry(
  setup({
    use: {
      "never-resolves": SUPPORT_ACTORS["never-resolves"],
      "late-guard": SUPPORT_ACTORS["late-guard"],
      "throws-string": SUPPORT_ACTORS["throws-string"],
      "throws-undefined": SUPPORT_ACTORS["throws-undefined"],
      "throws-for-websocket": SUPPORT_ACTORS["throws-for-websocket"],
      "slow-guard": SUPPORT_ACTORS["slow-guard"],
      "seed-allowlist": seedAllowlist,
    },
  }),
);

/** A narrowed corpus: allowed origins, rejections of several kinds, raw-socket values and the engine's own 400s. */
const CATEGORIES = ["exact-allowed", "case-variants", "null-origin", "missing-and-empty", "lookalike-domains", "duplicate-origin-lines", "whitespace"];

/**
 * A run on the shared engine with every probe recorded. The test's signal cuts
 * the run off when the test times out, so a slow run never goes on loading the
 * shared engine under the next test.
 */
async function recordedRun(actor: string, signal: AbortSignal, options: Partial<ConformanceOptions>): Promise<{ result: ConformanceResult; probes: ProbeResult[]; wallMs: number }> {
  const probes: ProbeResult[] = [];
  const recording: ProbeFunction = async (...args) => {
    const result = await probe(...args);
    probes.push(result);
    return result;
  };
  const startedAt = Date.now();
  const result = await runConformance({
    hosted: hosted(),
    actor,
    policy: DOCS_POLICY,
    seed: 20261129,
    runs: 5,
    historySequences: 1,
    shrinkBudgetMs: 500,
    corpusCategories: CATEGORIES,
    probeWith: recording,
    signal,
    ...options,
  });
  return { result, probes, wallMs: Date.now() - startedAt };
}

const PREFLIGHT = "https://preflight.origin-conformance.invalid";
const PROPERTY_ROWS = ["cross-transport", "history-independence", "side-effect-safety", "reject-code", "only-origin-decides"];
const failuresOver = (result: ConformanceResult, transport: string) => result.failures.filter((failure) => failure.transport === transport);
const cells = (result: ConformanceResult) => Object.entries(result.matrix).flatMap(([category, row]) => Object.entries(row).map(([transport, cell]) => ({ category, transport, ...cell! })));

describe("fault (guard) › kind (never resolves) › bound (1000 ms, below onBeforeConnectTimeout)", () => {
  test("every probe is a timeout within the bound (or the engine's own 400), none counts as passed, and the run finishes", { timeout: 120_000 }, async ({ signal }) => {
    const bound = 1_000;
    const { result, probes, wallMs } = await recordedRun("never-resolves", signal, { transports: ["http-action"], probe: { timeoutMs: bound }, concurrency: 32 });
    expect(result.cutOff).toBeUndefined();
    // The guard decides nothing, so no timeout is taken for queueing and sent again.
    expect(result.timeoutsRetried).toBeUndefined();
    expect(probes.filter((each) => each.outcome.kind === "timeout").length).toBeGreaterThan(50);
    for (const each of probes) {
      expect(each.outcome, describeHeader(each.header)).toMatchObject({ kind: expect.stringMatching(/^(timeout|transport-rejected)$/) });
      expect(each.durationMs).toBeLessThan(bound + 1_000);
    }
    expect(result.verdict).toBe("not-conformant");
    expect(result.infrastructureProbes).toBe(0);
    expect(result.probes).toBe(probes.length);
    const judged = probes.filter((each) => each.header.lines[0] !== PREFLIGHT);
    expect(result.undecided).toBe(judged.filter((each) => each.outcome.kind === "timeout").length);
    // Only the engine's own 400s (control bytes: decided before the guard) can pass; no property row passes on unobserved probes.
    const categoryCells = cells(result).filter((cell) => !PROPERTY_ROWS.includes(cell.category));
    expect(categoryCells.reduce((sum, cell) => sum + cell.passed, 0)).toBeLessThanOrEqual(probes.filter((each) => each.outcome.kind === "transport-rejected").length);
    expect(result.matrix["exact-allowed"]?.["http-action"]).toMatchObject({ passed: 0 });
    expect(result.matrix["history-independence"]?.["http-action"]).toMatchObject({ passed: 0 });
    // The side-effect check's first read saw no decision: it is a failure of its own cell, and no side effect is observed at all.
    expect(result.matrix["side-effect-safety"]?.["http-action"]?.passed ?? 0).toBe(0);
    expect(result.failures.every((failure) => failure.outcome.kind === "timeout")).toBe(true);
    expect(wallMs).toBeLessThan(90_000);
  });
});

describe("fault (guard) › kind (resolves after onBeforeConnectTimeout) › transports (http-action, websocket-connect)", () => {
  test("every decision is rivetkit's rejection actor.callback_timed_out, never an accept; not conformant", { timeout: 120_000 }, async ({ signal }) => {
    // rivetkit runs one actor's onBeforeConnect calls largely one after another: few in flight, few cases, or they queue past the probe bound.
    const { result, probes } = await recordedRun("late-guard", signal, {
      transports: ["http-action", "websocket-connect"],
      corpusCategories: ["exact-allowed", "null-origin"],
      runs: 3,
      concurrency: 4,
      sideEffects: false,
    });
    expect(result.cutOff).toBeUndefined();
    const rejected = probes.filter((each) => each.outcome.kind === "rejected");
    expect(rejected.length).toBeGreaterThan(20);
    // A probe that queued past its bound behind the others (a timeout) is sent again; what the run judges is a decision.
    const timeouts = probes.filter((each) => each.outcome.kind === "timeout").length;
    expect(timeouts).toBeLessThanOrEqual(result.timeoutsRetried ?? 0);
    for (const each of probes.filter((probeResult) => probeResult.outcome.kind !== "timeout")) {
      expect(each.outcome, `${each.transport} ${describeHeader(each.header)}`).toMatchObject({ kind: "rejected", group: "actor", code: "callback_timed_out" });
      expect(each.durationMs).toBeGreaterThanOrEqual(LATE_GUARD_TIMEOUT_MS - 50);
    }
    expect(result.verdict).toBe("not-conformant");
    expect(result.undecided).toBe(0);
    expect(result.matrix["exact-allowed"]?.["http-action"]).toMatchObject({ passed: 0 });
    expect(result.matrix["exact-allowed"]?.["websocket-connect"]).toMatchObject({ passed: 0 });
    expect(result.failures.some((failure) => failure.category === "reject-code")).toBe(true);
    expect(result.failures.some((failure) => failure.category === "exact-allowed" && /rejected an allowed origin \(actor\.callback_timed_out\)/.test(failure.problem))).toBe(true);
    expect(LATE_GUARD_DELAY_MS).toBeGreaterThan(LATE_GUARD_TIMEOUT_MS);
  });
});

describe.each([
  ["a string", "http-action", "throws-string"],
  ["undefined", "websocket-connect", "throws-undefined"],
] as const)("fault (guard) › kind (throws %s) › transport (%s)", (_value, transport, actor) => {
  test("rejections are read as rivetkit.internal_error, allowed origins still pass, only the rejection code fails", { timeout: 120_000 }, async ({ signal }) => {
    const { result, probes } = await recordedRun(actor, signal, { transports: [transport], concurrency: 32 });
    expect(result.cutOff).toBeUndefined();
    const rejections = probes.filter((each) => each.outcome.kind === "rejected");
    expect(rejections.length).toBeGreaterThan(50);
    for (const each of rejections) expect(each.outcome).toMatchObject({ kind: "rejected", group: "rivetkit", code: "internal_error" });
    expect(probes.some((each) => each.outcome.kind === "accepted")).toBe(true);
    expect(result.verdict).toBe("not-conformant");
    expect(result.undecided).toBe(0);
    expect(result.matrix["exact-allowed"]?.[transport]).toMatchObject({ failed: 0 });
    // Over http-action, the side-effect check calls the mutating action with a disallowed origin: rejected, with the same wrong code.
    const categories = new Set(result.failures.map((failure) => failure.category));
    expect(categories).toEqual(new Set(["reject-code"]));
    expect(result.failures.some((failure) => failure.phase === "side-effects")).toBe(transport === "http-action");
    expect(result.failures.every((failure) => /not the documented origin_not_allowed/.test(failure.problem))).toBe(true);
  });
});

describe("fault (guard) › kind (throws for WebSockets only) › transports (http-action, websocket-connect)", () => {
  test("HTTP conforms; every WebSocket decision is rivetkit.internal_error; the failures name websocket-connect and cross-transport", { timeout: 120_000 }, async ({ signal }) => {
    const { result, probes } = await recordedRun("throws-for-websocket", signal, { transports: ["http-action", "websocket-connect"], concurrency: 32, sideEffects: false });
    expect(result.cutOff).toBeUndefined();
    const overWebSocket = probes.filter((each) => each.transport === "websocket-connect");
    for (const each of overWebSocket.filter((probeResult) => probeResult.outcome.kind !== "transport-rejected")) {
      expect(each.outcome, `${describeHeader(each.header)}: ${each.response}`).toMatchObject({ kind: "rejected", group: "rivetkit", code: "internal_error" });
    }
    expect(result.verdict).toBe("not-conformant");
    expect(result.undecided).toBe(0);
    const overHttp = failuresOver(result, "http-action");
    expect(overHttp.length).toBeGreaterThan(0);
    expect(overHttp.every((failure) => failure.property === "cross-transport")).toBe(true);
    for (const cell of cells(result).filter((each) => each.transport === "http-action" && !PROPERTY_ROWS.includes(each.category))) expect(cell, cell.category).toMatchObject({ failed: 0 });
    expect(result.matrix["exact-allowed"]?.["websocket-connect"]).toMatchObject({ passed: 0 });
    expect(failuresOver(result, "websocket-connect").some((failure) => failure.category === "exact-allowed")).toBe(true);
  });
});

/** What a failed verdict assertion should show: why the run was not conformant, with the probes that were not decisions. */
function whyNot({ result, probes }: { result: ConformanceResult; probes: ProbeResult[] }): string {
  const notDecided = probes.filter((each) => each.outcome.kind !== "accepted" && each.outcome.kind !== "rejected");
  return JSON.stringify({
    cutOff: result.cutOff,
    infrastructureProbes: result.infrastructureProbes,
    undecided: result.undecided,
    skipped: result.skipped,
    timeoutsRetried: result.timeoutsRetried,
    failures: result.failures.slice(0, 3).map((failure) => `${failure.category}/${failure.transport}: ${failure.problem}`),
    notDecided: notDecided.slice(0, 5).map((each) => ({ outcome: each.outcome, ms: Math.round(each.durationMs) })),
  });
}

describe("fault (guard) › kind (very slow, 300 ms) › compared with (the same guard without the delay)", () => {
  test("the same verdict and the same matrix at the default concurrency, only slower", { timeout: 300_000 }, async ({ signal }) => {
    const options = {
      transports: ["http-action"] as const,
      corpusCategories: ["exact-allowed", "case-variants", "null-origin", "missing-and-empty", "duplicate-origin-lines"],
      runs: 10,
      historySequences: 2,
      // A budget that lets a slow guard's history sequences finish on a loaded machine (their time limit is 4× this).
      shrinkBudgetMs: 10_000,
      sideEffects: false as const,
      concurrency: 16,
      // In-process screening is bounded in time (10 s): at 300 ms a call the slow guard gets fewer origins
      // screened, so its wire sample (and matrix) differs by design. This compares the wire phases.
      screen: false as const,
    };
    // Under heavy CPU contention the engine itself can time out creating an instance ("pegboard_actor_create
    // timed out"): the run then honestly ends as an infrastructure failure, which says nothing about the guard.
    // Only that outcome is run again, at most twice; any verdict about the guard counts the first time.
    let fast: Awaited<ReturnType<typeof recordedRun>>;
    let slow: Awaited<ReturnType<typeof recordedRun>>;
    const infrastructure: string[] = [];
    for (let attempt = 1; ; attempt++) {
      fast = await recordedRun("seed-allowlist", signal, options);
      slow = await recordedRun("slow-guard", signal, options);
      const cutOff = [fast, slow].filter((run) => run.result.verdict === "infrastructure-failure");
      if (cutOff.length === 0 || attempt === 3) break;
      infrastructure.push(...cutOff.map(whyNot));
    }
    if (infrastructure.length > 0) console.warn(`slow-guard comparison ran again after infrastructure failures: ${infrastructure.join("; ")}`);
    expect(fast.result.verdict, whyNot(fast)).toBe("conformant");
    expect(slow.result.verdict, whyNot(slow)).toBe("conformant");
    expect(slow.result.skipped, whyNot(slow)).toEqual(fast.result.skipped);
    const sorted = (matrix: ConformanceResult["matrix"]) => JSON.stringify(Object.entries(matrix).sort(([a], [b]) => a.localeCompare(b)));
    expect(sorted(slow.result.matrix), `timeouts sent again: ${slow.result.timeoutsRetried ?? 0}`).toBe(sorted(fast.result.matrix));
    expect(slow.result.failures).toEqual([]);
    expect(slow.result.undecided).toBe(0);
    const decidedByTheGuard = slow.probes.filter((each) => each.outcome.kind === "accepted" || each.outcome.kind === "rejected");
    expect(Math.min(...decidedByTheGuard.map((each) => each.durationMs))).toBeGreaterThanOrEqual(290);
    expect(slow.wallMs).toBeGreaterThan(fast.wallMs);
  });
});
