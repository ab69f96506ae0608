/**
 * Regressions for the review of issue 13: each world below makes exactly one
 * kind of wrong or unobserved decision, and the run must not say "conformant".
 * Before the ledger (commit 6f5143e) every one of these runs ended conformant.
 */
import { describe, expect, test } from "vitest";
import type { ConformanceResult } from "../../harness/conformance/result.js";
import { runConformance } from "../../harness/conformance/run.js";
import { judge } from "../../harness/conformance/verdict.js";
import { originLine } from "../../harness/origin/header.js";
import { parsePolicy } from "../../harness/policy/policy.js";
import type { TransportId } from "../../harness/transports/index.js";
import { sharedEngine } from "../../harness/vitest/shared-engine.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";
import { fakeWorld, type WorldFeatures } from "./fake-world.js";

async function runIn(features: WorldFeatures, transports: readonly TransportId[], seed = 7): Promise<{ result: ConformanceResult; fake: ReturnType<typeof fakeWorld> }> {
  const fake = fakeWorld({ dropRate: 0, faults: ["errored"], deathAfter: null, creationFailureRate: 0, buggy: false, seed, features }, sharedEngine().endpoint);
  const result = await runConformance({
    hosted: fake.hosted,
    engine: fake.engine,
    actor: "fake",
    policy: DOCS_POLICY,
    transports,
    runs: 40,
    seed,
    historySequences: 6,
    shrinkBudgetMs: 200,
    concurrency: 8,
    screen: features.tier ? 3_000 : false,
    probeWith: fake.send,
  });
  return { result, fake };
}

describe("ledger findings › transport (fake, through the probe seam) › the run is never conformant", () => {
  test("finding 1: screening's wire confirmations that fail are failures, even when the first predicted failure does not reproduce", async () => {
    const { result, fake } = await runIn({ tier: true, laterPredicted: true }, ["http-action"]);
    expect(fake.fired.laterPredicted, "the world never made its wrong decision").toBeGreaterThan(0);
    expect(result.screening?.status).toBe("used");
    expect(result.verdict).toBe("not-conformant");
    expect(result.failures.some((failure) => failure.phase === "screening" && !failure.undecided)).toBe(true);
  });

  test("finding 2: a history step wrong on the history instance and on the fresh instance is a wrong decision", async () => {
    const { result, fake } = await runIn({ historyOnly: true }, ["http-action", "websocket-connect"]);
    expect(fake.fired.historyOnly).toBeGreaterThan(0);
    expect(result.verdict).toBe("not-conformant");
    expect(result.failures.some((failure) => failure.phase === "history" && failure.property === "oracle" && failure.confirmed === true)).toBe(true);
  });

  test("finding 3: a raw onRequest 502, 503 or HTML 500 nobody saw the handler write is never an acceptance", async () => {
    const { result, fake } = await runIn({ rawErrors: 1 }, ["raw-request"]);
    expect(fake.fired.rawErrors).toBeGreaterThan(0);
    expect(result.verdict).toBe("not-conformant");
    expect(result.undecided).toBeGreaterThan(0);
    expect(result.matrix["exact-allowed"]?.["raw-request"]?.passed ?? 0).toBe(0);
  });

  test("finding 5: a raw onWebSocket that stays open and silent is never an acceptance", async () => {
    const { result, fake } = await runIn({ rawErrors: 1 }, ["raw-websocket"]);
    expect(fake.fired.rawErrors).toBeGreaterThan(0);
    expect(result.verdict).toBe("not-conformant");
    expect(result.matrix["exact-allowed"]?.["raw-websocket"]?.passed ?? 0).toBe(0);
  });

  test("finding 4: a stack refusal where the calibrated model says the guard sees the value is no rejection", () => {
    const policy = parsePolicy(DOCS_POLICY);
    const refused = { kind: "transport-rejected", status: 400, evidence: "the gateway answered 400" } as const;
    // The model says the guard sees "https://evil.example": a 400 there never exercised the guard.
    const unpredicted = judge(policy, originLine("https://evil.example"), refused);
    expect(unpredicted.pass).toBe(false);
    expect(unpredicted.undecided).toBe(true);
    // A NUL byte: the model says the engine refuses the request, so the 400 is the expected rejection.
    expect(judge(policy, originLine("https://myapp.com\u0000"), refused).pass).toBe(true);
  });
});
