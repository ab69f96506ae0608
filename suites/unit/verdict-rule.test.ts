/**
 * The verdict rule (verdictOf) and what derive.ts computes from a ledger, on
 * ledgers written by hand: each row says which entries a run holds and what
 * the verdict must be.
 */
import { describe, expect, test } from "vitest";
import { deriveCounts, deriveFailures, deriveMatrix } from "../../harness/conformance/derive.js";
import { Ledger, type PhaseId, type ProbeRole } from "../../harness/conformance/ledger.js";
import { judge, verdictOf } from "../../harness/conformance/verdict.js";
import { expected } from "../../harness/oracle/oracle.js";
import { ABSENT, type OriginHeader, originLine } from "../../harness/origin/header.js";
import { parsePolicy } from "../../harness/policy/policy.js";
import type { Outcome } from "../../harness/probes/outcome.js";
import type { TransportId } from "../../harness/transports/index.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";

const policy = parsePolicy(DOCS_POLICY);
const ACCEPTED: Outcome = { kind: "accepted", evidence: "test" };
const REJECTED: Outcome = { kind: "rejected", group: "user", code: "origin_not_allowed", evidence: "test" };
const WRONG_CODE: Outcome = { kind: "rejected", group: "user", code: "forbidden", evidence: "test" };
const TIMEOUT: Outcome = { kind: "timeout", afterMs: 7_000, stage: "test" };
const INFRA: Outcome = { kind: "infrastructure", detail: "ECONNRESET" };
const ALLOWED = originLine("https://myapp.com");
const EVIL = originLine("https://myapp.com.evil.net");

function probe(ledger: Ledger, header: OriginHeader, outcome: Outcome, more: { phase?: PhaseId; role?: ProbeRole; transport?: TransportId; recheckOf?: number; caseId?: string; instance?: string } = {}) {
  const expectation = expected(policy, header);
  return ledger.appendProbe({
    kind: "probe",
    phase: more.phase ?? "corpus",
    role: more.role ?? "evidence",
    instance: more.instance ?? "i",
    category: "test-category",
    transport: more.transport ?? "http-action",
    header,
    observed: expectation.observed,
    outcome,
    judgement: judge(policy, header, outcome, expectation),
    request: "req",
    response: "res",
    ...(more.recheckOf !== undefined && { recheckOf: more.recheckOf }),
    context: more.caseId ? { caseId: more.caseId } : {},
  });
}

const done = { completed: true };
const replay = () => "replay";

describe("verdict rule › the one function that says what counts", () => {
  test("conformant: every evidence entry a positive decision agreeing with the oracle", () => {
    const ledger = new Ledger();
    probe(ledger, ALLOWED, ACCEPTED);
    probe(ledger, EVIL, REJECTED);
    expect(verdictOf(ledger, done)).toBe("conformant");
    expect(deriveFailures(ledger, replay)).toEqual([]);
  });
  test("one wrong accept anywhere, in any phase, makes it not conformant", () => {
    for (const phase of ["corpus", "random", "history", "side-effects", "screening"] as const) {
      const ledger = new Ledger();
      probe(ledger, ALLOWED, ACCEPTED);
      probe(ledger, EVIL, ACCEPTED, { phase });
      expect(verdictOf(ledger, done), phase).toBe("not-conformant");
      expect(deriveFailures(ledger, replay).map((failure) => failure.phase)).toEqual([phase]);
    }
  });
  test("a wrong decision that does not reproduce on a fresh instance still counts, reported as history-independence", () => {
    const ledger = new Ledger();
    const wrong = probe(ledger, EVIL, ACCEPTED, { phase: "random" });
    probe(ledger, EVIL, REJECTED, { phase: "random", recheckOf: wrong.seq, instance: "fresh" });
    expect(verdictOf(ledger, done)).toBe("not-conformant");
    expect(deriveFailures(ledger, replay)).toMatchObject([{ property: "history-independence", category: "history-independence", confirmed: false }]);
    expect(deriveMatrix(ledger, ["http-action"])["history-independence"]?.["http-action"]).toEqual({ run: 1, passed: 0, failed: 1 });
  });
  test("a wrong decision that reproduces is one failure (the re-probe is folded into it), confirmed", () => {
    const ledger = new Ledger();
    const wrong = probe(ledger, EVIL, ACCEPTED, { phase: "history" });
    probe(ledger, EVIL, ACCEPTED, { phase: "history", recheckOf: wrong.seq, instance: "fresh" });
    expect(verdictOf(ledger, done)).toBe("not-conformant");
    expect(deriveFailures(ledger, replay)).toMatchObject([{ property: "oracle", category: "test-category", confirmed: true, phase: "history" }]);
  });
  test("an undecided evidence probe is a failure, never a pass", () => {
    const ledger = new Ledger();
    probe(ledger, ALLOWED, TIMEOUT, { phase: "screening" });
    expect(verdictOf(ledger, done)).toBe("not-conformant");
    expect(deriveCounts(ledger).undecided).toBe(1);
    expect(deriveFailures(ledger, replay)).toMatchObject([{ undecided: true }]);
  });
  test("a timeout superseded by its retry is judged by the retry", () => {
    const ledger = new Ledger();
    const first = probe(ledger, ALLOWED, TIMEOUT);
    const retry = probe(ledger, ALLOWED, ACCEPTED);
    ledger.supersede(first, retry);
    expect(verdictOf(ledger, done)).toBe("conformant");
    expect(deriveCounts(ledger)).toMatchObject({ undecided: 0, timeoutsRetried: 1, probes: 2 });
  });
  test("infrastructure in any role, a cut-off or the engine's death: infrastructure-failure", () => {
    const preflight = new Ledger();
    probe(preflight, ALLOWED, INFRA, { role: "diagnostic", phase: "preflight" });
    expect(verdictOf(preflight, done)).toBe("infrastructure-failure");
    const clean = new Ledger();
    probe(clean, ALLOWED, ACCEPTED);
    expect(verdictOf(clean, { completed: false })).toBe("infrastructure-failure");
    expect(verdictOf(clean, { completed: true, engineDied: "SIGKILL" })).toBe("infrastructure-failure");
  });
  test("a diagnostic probe is never judged: its wrong-looking answer is no failure", () => {
    const ledger = new Ledger();
    probe(ledger, originLine("https://preflight.invalid"), TIMEOUT, { role: "diagnostic", phase: "preflight" });
    expect(verdictOf(ledger, done)).toBe("conformant");
  });
  test("in-process decisions never count, either way", () => {
    const ledger = new Ledger();
    probe(ledger, ALLOWED, ACCEPTED);
    ledger.appendInProcess({ kind: "in-process", phase: "screening", transport: "http-action", decided: 10_000, contradicted: 40, counted: false });
    expect(verdictOf(ledger, done)).toBe("conformant");
    expect(deriveCounts(ledger).inProcess).toBe(10_000);
  });
  test("a rejected call whose action ran breaks side-effect safety", () => {
    const ledger = new Ledger();
    const call = probe(ledger, EVIL, REJECTED, { phase: "side-effects" });
    ledger.appendSideEffect({ kind: "side-effect", phase: "side-effects", transport: "http-action", probe: call.seq, action: "increment", read: "getCount", before: 0, after: 1 });
    expect(verdictOf(ledger, done)).toBe("not-conformant");
    expect(deriveFailures(ledger, replay)).toMatchObject([{ property: "side-effect-safety", problem: expect.stringContaining("went from 0 to 1") }]);
  });
  test("a wrong rejection code is a reject-code failure, never re-probed", () => {
    const ledger = new Ledger();
    probe(ledger, EVIL, WRONG_CODE);
    expect(verdictOf(ledger, done)).toBe("not-conformant");
    expect(deriveFailures(ledger, replay)).toMatchObject([{ category: "reject-code" }]);
    expect(deriveMatrix(ledger, ["http-action"])["reject-code"]?.["http-action"]).toEqual({ run: 1, passed: 0, failed: 1 });
  });
  test("a corpus case decided differently per transport is a cross-transport failure", () => {
    const ledger = new Ledger();
    probe(ledger, ABSENT, ACCEPTED, { caseId: "c1", transport: "http-action" });
    probe(ledger, ABSENT, REJECTED, { caseId: "c1", transport: "websocket-connect" });
    expect(verdictOf(ledger, done)).toBe("not-conformant");
    expect(deriveFailures(ledger, replay).map((failure) => failure.property).sort()).toEqual(["cross-transport", "oracle"]);
    expect(deriveMatrix(ledger, ["http-action", "websocket-connect"])["cross-transport"]).toEqual({
      "http-action": { run: 1, passed: 0, failed: 1 },
      "websocket-connect": { run: 1, passed: 0, failed: 1 },
    });
  });
});

describe("judge › a stack refusal counts as a reject only where the calibrated model predicts it", () => {
  const refused: Outcome = { kind: "transport-rejected", status: 400, evidence: "400" };
  test("predicted (a control byte): the expected rejection", () => {
    expect(judge(policy, originLine("https://myapp.com\u000b"), refused)).toMatchObject({ pass: true });
  });
  test("not predicted (a plain origin, a missing Origin): undecided, with the reason", () => {
    expect(judge(policy, EVIL, refused)).toMatchObject({ pass: false, undecided: true, problem: expect.stringContaining("never exercised") });
    expect(judge(policy, ABSENT, refused)).toMatchObject({ pass: false, undecided: true });
  });
});
