/**
 * The in-process tier without an engine: the request each transport delivers,
 * the stack's Origin rewrites, rivetkit's error mapping, and what the tier
 * refuses to guess (context it does not emulate, guards that do not settle).
 * Whether it matches the wire is suites/screening/in-process-faithfulness.test.ts.
 */
import { actor, UserError } from "rivetkit";
import { describe, expect, test } from "vitest";
import { ABSENT, originLine, originLines } from "../../harness/origin/header.js";
import type { Outcome } from "../../harness/probes/outcome.js";
import { TRANSPORT_IDS } from "../../harness/transports/index.js";
import { evaluateAll, inProcessGuard, sameDecision } from "../../harness/screening/in-process-guard.js";
import { seedAllowlist } from "../../reference-actors/correct/seed-allowlist.js";
import { neverResolves } from "../../reference-actors/support/never-resolves.js";
import { throwsString } from "../../reference-actors/support/throws-string.js";

const seen: { method: string; path: string; origin: string | null; upgrade: string | null; params: unknown }[] = [];
const recorder = actor({
  state: {},
  onBeforeConnect: (c, params) => {
    const request = c.request!;
    seen.push({ method: request.method, path: new URL(request.url).pathname, origin: request.headers.get("origin"), upgrade: request.headers.get("upgrade"), params });
  },
  actions: {},
});
const readsKv = actor({
  state: {},
  onBeforeConnect: async (c) => {
    await (c as unknown as { kv: { get(key: string): Promise<unknown> } }).kv.get("allowed");
  },
  actions: {},
});
const countsInVars = actor({
  state: {},
  vars: { calls: 0 },
  onBeforeConnect: (c) => {
    if (++c.vars.calls > 1) throw new UserError("second call", { code: "second_call" });
  },
  actions: {},
});

async function decide(definition: unknown, header = originLine("https://myapp.com"), transport: (typeof TRANSPORT_IDS)[number] = "http-action") {
  const [result] = await evaluateAll(inProcessGuard(definition, "subject", transport)!, [header], 500);
  return result!;
}

describe("in-process tier: the request the guard gets (as recorded from the wire, rivetkit 2.3.19)", () => {
  test.each([
    ["http-action", "POST", "/action/__origin_conformance_probe__", null, null],
    ["http-queue", "POST", "/queue/__origin_conformance_probe__", null, null],
    ["websocket-connect", "GET", "/connect", "websocket", null],
    ["raw-request", "GET", "/origin-conformance-probe", null, undefined],
    ["raw-websocket", "GET", "/websocket/origin-conformance-probe", "websocket", null],
  ] as const)("transport (%s): %s %s, upgrade %s, params %s", async (transport, method, path, upgrade, params) => {
    seen.length = 0;
    expect(await decide(recorder, originLine("https://myapp.com"), transport)).toMatchObject({ kind: "decided", outcome: { kind: "accepted" } });
    expect(seen).toEqual([{ method, path, origin: "https://myapp.com", upgrade, params }]);
  });

  test("the Origin goes through the stack's rewrites: trimmed, last line kept, non-ASCII dropped, absent stays absent", async () => {
    seen.length = 0;
    for (const header of [originLine(" \thttps://a.com \t"), originLines("https://first.com", "https://last.com"), originLine("https://é.com"), ABSENT]) await decide(recorder, header);
    expect(seen.map((entry) => entry.origin)).toEqual(["https://a.com", "https://last.com", null, null]);
  });

  test("a control byte is the engine's 400, and the guard is never called", async () => {
    seen.length = 0;
    expect(await decide(recorder, originLine("https://myapp.com\u000b"))).toMatchObject({ kind: "decided", outcome: { kind: "transport-rejected", status: 400 } });
    expect(seen).toEqual([]);
  });
});

describe("in-process tier: decisions in the wire's vocabulary", () => {
  test("the seed guard accepts an allowed origin and rejects others with its UserError's group and code", async () => {
    expect(await decide(seedAllowlist, originLine("https://myapp.com"))).toMatchObject({ kind: "decided", outcome: { kind: "accepted" } });
    expect(await decide(seedAllowlist, originLine("https://evil.com"))).toMatchObject({ kind: "decided", outcome: { kind: "rejected", group: "user", code: "origin_not_allowed" } });
  });

  test("a thrown non-Error value is rivetkit.internal_error, as on the wire", async () => {
    expect(await decide(throwsString, originLine("https://evil.com"))).toMatchObject({ kind: "decided", outcome: { kind: "rejected", group: "rivetkit", code: "internal_error" } });
  });

  test("every call gets a fresh context: vars start from the definition each time", async () => {
    const results = await evaluateAll(inProcessGuard(countsInVars, "subject", "http-action")!, [ABSENT, ABSENT, ABSENT], 500);
    expect(results.map((result) => result.kind === "decided" && result.outcome.kind)).toEqual(["accepted", "accepted", "accepted"]);
  });
});

describe("in-process tier: what it will not guess", () => {
  test("a guard that reads c.kv is not-emulated, naming the member", async () => {
    expect(await decide(readsKv)).toEqual({ kind: "not-emulated", member: "kv" });
  });

  test("a guard that never settles is unsettled after the bound, and the call returns", async () => {
    const startedAt = performance.now();
    expect(await decide(neverResolves)).toEqual({ kind: "unsettled", afterMs: 500 });
    expect(performance.now() - startedAt).toBeLessThan(5_000);
  });

  test("a definition without onBeforeConnect has no tier", () => {
    expect(inProcessGuard(actor({ state: {}, actions: {} }), "subject", "http-action")).toBeUndefined();
  });

  test("sameDecision compares kind, and group and code of rejections", () => {
    const rejected = (code: string): Outcome => ({ kind: "rejected", group: "user", code, evidence: "" });
    expect(sameDecision(rejected("a"), rejected("a"))).toBe(true);
    expect(sameDecision(rejected("a"), rejected("b"))).toBe(false);
    expect(sameDecision({ kind: "accepted", evidence: "x" }, { kind: "accepted", evidence: "y" })).toBe(true);
    expect(sameDecision({ kind: "accepted", evidence: "" }, rejected("a"))).toBe(false);
  });
});
