/**
 * The default profile lets the in-process tier decide the corpus cases the
 * wire did not sample, only while the tier agrees with every wire probe of the
 * run. A guard the tier cannot call (vars from createVars) and a guard whose
 * decision depends on history both get the whole corpus over the wire, and
 * the report says why.
 */
import { setup } from "rivetkit";
import { describe, expect, test } from "vitest";
import { runConformance } from "../../harness/conformance/run.js";
import { deterministicCorpus } from "../../harness/generators/catalog.js";
import { parsePolicy } from "../../harness/policy/policy.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { seedAllowlist } from "../../reference-actors/correct/seed-allowlist.js";
import { trustedWindow } from "../../reference-actors/known-bad/trusted-window.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";
import { varsAllowlist } from "../../reference-actors/support/vars-allowlist.js";

const hosted = useHostedRegistry(setup({ use: { seedAllowlist, varsAllowlist, trustedWindow } }));
const CORPUS = deterministicCorpus(parsePolicy(DOCS_POLICY)).length;
const TRANSPORTS = ["http-action", "websocket-connect"] as const;
const run = (actor: string) => runConformance({ hosted: hosted(), actor, policy: DOCS_POLICY, transports: TRANSPORTS, seed: 11, runs: 10, historySequences: 2, screen: 200 });

describe("profile (default) › tier fallback › transport (http-action, websocket-connect)", () => {
  test("guard (docs, pure): the tier decides the rest of the corpus, the wire a sample", { timeout: 120_000 }, async () => {
    const result = await run("seedAllowlist");
    expect(result.verdict).toBe("conformant");
    expect(result.tierCorpus?.fallback).toBeUndefined();
    expect(result.tierCorpus!.decidedInProcess).toBeGreaterThan(0);
    expect(result.tierCorpus!.decidedInProcess + result.tierCorpus!.decidedOnWire).toBe(CORPUS * TRANSPORTS.length);
    expect(result.ledger.tierDecisions).toBe(result.tierCorpus!.decidedInProcess);
  });
  test("guard (reads vars from createVars): the tier cannot call it, the whole corpus goes over the wire", { timeout: 120_000 }, async () => {
    const result = await run("varsAllowlist");
    expect(result.verdict).toBe("conformant");
    expect(result.tierCorpus?.fallback).toMatch(/the guard uses c\.vars.*whole corpus went over the wire/);
    expect(result.tierCorpus).toMatchObject({ decidedInProcess: 0, decidedOnWire: CORPUS * TRANSPORTS.length });
    expect(result.ledger.tierDecisions ?? 0).toBe(0);
  });
  test("guard (history-dependent): the tier disagrees with the wire, the rest of the corpus goes over the wire, and the bug is caught", { timeout: 120_000 }, async () => {
    const result = await run("trustedWindow");
    expect(result.verdict).toBe("not-conformant");
    expect(result.tierCorpus?.fallback).toMatch(/disagreed with the wire/);
    expect(result.tierCorpus).toMatchObject({ decidedInProcess: 0, decidedOnWire: CORPUS * TRANSPORTS.length });
  });
});
