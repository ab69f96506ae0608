/**
 * Actors with no origin guard, and actors declared public: read from the
 * definition, judged by the oracle, and folded into one finding.
 */
import { actor } from "rivetkit";
import { describe, expect, test } from "vitest";
import { openActorCases } from "../../harness/conformance/open-actor-phase.js";
import type { Failure } from "../../harness/conformance/result.js";
import { groupFindings } from "../../harness/grading/findings.js";
import { expected } from "../../harness/oracle/oracle.js";
import { ABSENT, originLine } from "../../harness/origin/header.js";
import { DOCS_POLICY, PUBLIC_POLICY, parsePolicy } from "../../harness/policy/policy.js";
import { missingOriginGuard } from "../../harness/registry/guard-presence.js";
import { instrumentActor } from "../../harness/registry/witness.js";

const withGuard = (onBeforeConnect: unknown) => ({ config: { onBeforeConnect } });

describe("guard presence › read from the definition", () => {
  test.each([
    ["no onBeforeConnect", { config: {} }, /has no onBeforeConnect/],
    ["no parameters", withGuard(() => {}), /takes no parameters/],
    ["a context it never uses", withGuard((c: unknown, params: { token?: string }) => void params.token), /never uses its context \(c\)/],
    ["a method that never uses its context", withGuard({ onBeforeConnect(ctx: unknown) { return 1; } }.onBeforeConnect), /never uses its context \(ctx\)/],
  ])("absent: %s", (_title, definition, reason) => {
    expect(missingOriginGuard(definition)).toMatch(reason);
  });
  test("read through hosting's wrapper: the user's own hook decides", () => {
    const hosted = withGuard((c: unknown, params: unknown) => void params);
    instrumentActor(hosted);
    expect(missingOriginGuard(hosted)).toMatch(/never uses its context \(c\)/);
  });
  test.each([
    ["reads the request", withGuard((c: { request?: Request }) => c.request?.headers.get("origin"))],
    ["hands its context to a helper", withGuard((c: unknown) => JSON.stringify(c))],
    ["destructures its context", withGuard(({ request }: { request?: Request }) => request?.headers.get("origin"))],
    ["reads arguments", withGuard(function () { return arguments.length; })],
    ["a real actor's guard", actor({ state: {}, onBeforeConnect: (c) => void c.request?.headers.get("origin"), actions: {} })],
  ])("present (the reading errs towards guarded): %s", (_title, definition) => {
    expect(missingOriginGuard(definition)).toBeUndefined();
  });
});

describe("open actors › the short proof and the oracle", () => {
  test("the proof's cases: an allowed origin, an attacker's, null and none", () => {
    const cases = openActorCases(DOCS_POLICY.allow);
    expect(cases.map((entry) => entry.category)).toEqual(["exact-allowed", "attacker-origins", "null-origin", "missing-and-empty"]);
    expect(cases.map((entry) => expected(DOCS_POLICY, entry.header).decision)).toEqual(["accept", "reject", "reject", "reject"]);
    expect(openActorCases(PUBLIC_POLICY.allow).map((entry) => entry.category)).toEqual(["attacker-origins", "null-origin", "missing-and-empty"]);
  });
  test("a public actor must accept every origin, and a missing one; what the stack refuses stays refused", () => {
    for (const header of [originLine("https://evil.com"), originLine("null"), ABSENT, originLine("https://myapp.com")]) expect(expected(PUBLIC_POLICY, header).decision).toBe("accept");
    // A control byte: the engine refuses the request before any guard runs (calibration/observed.ts).
    expect(expected(PUBLIC_POLICY, { lines: ["https://a\u0000b.example"] }).decision).toBe("reject");
  });
  test("a public policy lists no origins; any other lists at least one", () => {
    expect(() => parsePolicy({ anyOrigin: true, allow: ["https://myapp.com"] })).toThrow(/a public policy \(anyOrigin\) lists no origins/);
    expect(() => parsePolicy({ allow: [] })).toThrow(/must list at least one origin/);
  });
});

describe("open actors › one finding for a missing guard", () => {
  const failure = (origin: string | undefined, transport: Failure["transport"]): Failure => ({
    property: "oracle",
    category: origin === undefined ? "missing-and-empty" : "attacker-origins",
    transport,
    phase: "open-actor",
    undecided: false,
    entry: 1,
    header: origin === undefined ? ABSENT : originLine(origin),
    expected: "reject",
    outcome: { kind: "accepted", evidence: "HTTP 404 actor.action_not_found" },
    problem: "accepted an origin the policy rejects",
    request: "",
    response: "",
    replay: "pnpm conformance check …",
  });
  const failures = [failure(undefined, "http-action"), failure("https://evil.com", "http-action"), failure("https://evil.com", "websocket-connect")];
  test("unguarded: every wrong accept folds into one finding, at the worst grade, that names the missing guard", () => {
    const { findings } = groupFindings(failures, DOCS_POLICY, "the actor has no onBeforeConnect");
    expect(findings).toHaveLength(1);
    expect(findings[0]!.problem).toMatch(/^no origin guard: every origin is accepted \(the actor has no onBeforeConnect\)/);
    expect(findings[0]!.grade).toBe("browser-reachable-accept");
    expect(findings[0]!.count).toBe(3);
    expect(findings[0]!.transports).toEqual(["http-action", "websocket-connect"]);
  });
  test("guarded: one finding per origin and grade, as before", () => {
    expect(groupFindings(failures, DOCS_POLICY).findings).toHaveLength(2);
  });
});
