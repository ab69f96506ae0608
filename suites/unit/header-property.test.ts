/**
 * The header property ("only the Origin decides") without an engine: its cases
 * (harness/generators/other-headers.ts), and its phase over a fake actor sent
 * through the run's `probeWith` seam, with guards that consult other headers
 * and guards that do not.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { headersReachingGuard, OTHER_HEADER_ROWS } from "../../harness/calibration/other-headers.js";
import type { ProbeFunction } from "../../harness/conformance/context.js";
import { ONLY_ORIGIN_DECIDES } from "../../harness/conformance/header-phase.js";
import { runConformance } from "../../harness/conformance/run.js";
import { extraHeadersOf, headerCaseArbitrary, headerExamples, type HeaderCase } from "../../harness/generators/other-headers.js";
import { expectedDecision } from "../../harness/oracle/oracle.js";
import { parsePolicy, type Policy } from "../../harness/policy/policy.js";
import type { ExtraHeaders, ProbeResult } from "../../harness/probes/probe.js";
import type { TransportId } from "../../harness/transports/index.js";
import type { HostedRegistry } from "../../harness/registry/host.js";
import { DOCS_MISSING_ACCEPTED_POLICY, DOCS_POLICY } from "../../reference-actors/policies.js";

const DOCS = parsePolicy(DOCS_POLICY);
const NAMES = headersReachingGuard("http-action");

describe("the calibrated headers", () => {
  test("Host is left out with its reason; every other calibrated header is varied", () => {
    expect(NAMES).not.toContain("Host");
    expect(OTHER_HEADER_ROWS.find((row) => row.name === "Host")?.leftOut).toMatch(/routing/);
    expect([...NAMES].sort()).toEqual(["Cookie", "Forwarded", "Referer", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "User-Agent", "X-Forwarded-Host", "X-Forwarded-Proto"]);
  });
});

describe("header cases", () => {
  const samples = fc.sample(headerCaseArbitrary(DOCS, NAMES), { seed: 1, numRuns: 400 });
  const referers = samples.flatMap((sample) => sample.headers.Referer ?? []);

  test("the Origin is absent, allowed and disallowed", () => {
    const decisions = new Set(samples.map((sample) => (sample.origin === null ? "absent" : expectedDecision(DOCS, { lines: [sample.origin] }))));
    expect(decisions).toEqual(new Set(["absent", "accept", "reject"]));
  });

  test("every case sends at least one header, only calibrated ones, with values drawn from the allowlist", () => {
    for (const sample of samples) {
      const sent = extraHeadersOf(sample, NAMES);
      expect(sent.length).toBeGreaterThan(0);
      for (const [name] of sent) expect(NAMES).toContain(name);
    }
    expect(referers).toContain("https://myapp.com/page");
    expect(referers).toContain("https://www.myapp.com");
    expect(referers).toContain("https://evil.com/page");
    expect(new Set(samples.flatMap((sample) => sample.headers["Sec-Fetch-Site"] ?? []))).toEqual(new Set(["same-origin", "same-site", "none", "cross-site"]));
    expect(new Set(samples.flatMap((sample) => sample.headers["X-Forwarded-Host"] ?? []))).toEqual(new Set(["localhost:3000", "myapp.com", "www.myapp.com", "evil.com"]));
  });

  test("the fixed examples: every header trusting with no Origin and with the attacker's, every header hostile with an allowed one", () => {
    const [absent, attacker, allowed] = headerExamples(DOCS, NAMES);
    expect(absent).toMatchObject({ origin: null, headers: { Referer: "http://localhost:3000/page", "Sec-Fetch-Site": "same-origin", "X-Forwarded-Host": "localhost:3000" } });
    expect(attacker).toMatchObject({ origin: "https://evil.com", headers: absent!.headers });
    expect(allowed).toMatchObject({ origin: "http://localhost:3000", headers: { Referer: "https://evil.com/page", "Sec-Fetch-Site": "cross-site", "X-Forwarded-Host": "evil.com" } });
    for (const example of [absent, attacker, allowed]) expect(Object.keys(example!.headers).sort()).toEqual([...NAMES].sort());
  });

  test("a failing case shrinks to the one header that swayed the guard", () => {
    const swayed = (sample: HeaderCase) => sample.origin === null && (sample.headers.Referer ?? "").startsWith("https://myapp.com/");
    const details = fc.check(
      fc.property(headerCaseArbitrary(DOCS, NAMES), (sample) => !swayed(sample)),
      { seed: 3, numRuns: 200, examples: headerExamples(DOCS, NAMES).map((example): [HeaderCase] => [example]) },
    );
    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0]).toEqual({ origin: null, headers: { Referer: "https://myapp.com/page" } });
  });
});

// ---- the phase, over a fake actor ----

type Guard = (policy: Policy, origin: string | null, headers: ReadonlyMap<string, string>) => boolean;

const byOriginAlone: Guard = (policy, origin) => expectedDecision(policy, origin === null ? { lines: [] } : { lines: [origin] }) === "accept";
const refererFallback: Guard = (policy, origin, headers) => {
  const referer = headers.get("referer");
  if (origin === null && referer !== undefined) return policy.allow.includes(new URL(referer).origin);
  return byOriginAlone(policy, origin, headers);
};

function fakeActor(policy: Policy, guard: Guard) {
  const sent: { transport: TransportId; extraHeaders: ExtraHeaders | undefined }[] = [];
  const probeWith: ProbeFunction = async (_target, transport, header, options): Promise<ProbeResult> => {
    sent.push({ transport, extraHeaders: options.headers });
    const headers = new Map((options.headers ?? []).map(([name, value]) => [name.toLowerCase(), value]));
    const accepted = guard(policy, header.lines.at(-1) ?? null, headers);
    const outcome = accepted ? ({ kind: "accepted", evidence: "fake" } as const) : ({ kind: "rejected", group: "user", code: policy.rejectCode, status: 500, evidence: "fake" } as const);
    return { transport, header, ...(options.headers && { extraHeaders: options.headers }), client: "raw-socket", request: "fake", response: outcome.kind, outcome, durationMs: 1 };
  };
  let created = 0;
  const hosted: HostedRegistry = {
    endpoint: "http://127.0.0.1:9",
    poolName: "fake",
    actorNames: ["fake"],
    routesOf: () => ({ actions: [], hasGuard: true, rawRequest: false, rawWebSocket: false, beforeConnectTimeoutMs: 5_000 }),
    newActor: async (name, keyPrefix = "probe") => ({ name, key: keyPrefix, actorId: `${keyPrefix}-${++created}` }),
    shutdown: async () => {},
  };
  return { hosted, probeWith, sent };
}

const QUICK = { runs: 3, historySequences: 1, screen: false, sideEffects: false, corpusCategories: ["exact-allowed"], concurrency: 4, seed: 5, shrinkBudgetMs: 5_000 } as const;

describe("the header phase", () => {
  test("a guard that reads only the Origin passes, on every transport, 3 fixed and 8 generated cases each", async () => {
    const world = fakeActor(DOCS, byOriginAlone);
    const result = await runConformance({ hosted: world.hosted, probeWith: world.probeWith, policy: DOCS_POLICY, ...QUICK });
    expect(result.verdict).toBe("conformant");
    expect(result.matrix[ONLY_ORIGIN_DECIDES]).toEqual({
      "http-action": { run: 11, passed: 11, failed: 0 },
      "http-queue": { run: 11, passed: 11, failed: 0 },
      "websocket-connect": { run: 11, passed: 11, failed: 0 },
    });
    expect(result.skipped.map((skipped) => skipped.check)).toContain(`${ONLY_ORIGIN_DECIDES} (Host)`);
    // Only the header phase sends other headers.
    expect(world.sent.filter((probe) => probe.extraHeaders !== undefined)).toHaveLength(33);
  });

  test("the thorough profile sends 40 generated cases a transport", async () => {
    const world = fakeActor(DOCS, byOriginAlone);
    const result = await runConformance({ hosted: world.hosted, probeWith: world.probeWith, policy: DOCS_POLICY, ...QUICK, profile: "thorough", transports: ["http-action"] });
    expect(result.matrix[ONLY_ORIGIN_DECIDES]?.["http-action"]).toEqual({ run: 43, passed: 43, failed: 0 });
  });

  test("missing Origin accepted by policy: other headers beside no Origin change nothing", async () => {
    const policy = parsePolicy(DOCS_MISSING_ACCEPTED_POLICY);
    const world = fakeActor(policy, byOriginAlone);
    const result = await runConformance({ hosted: world.hosted, probeWith: world.probeWith, policy: DOCS_MISSING_ACCEPTED_POLICY, ...QUICK });
    expect(result.verdict).toBe("conformant");
    expect(result.matrix[ONLY_ORIGIN_DECIDES]?.["http-action"]?.failed).toBe(0);
  });

  test("a Referer fallback fails the property, shrunk to the Referer alone, and its path replays it", async () => {
    const world = fakeActor(DOCS, refererFallback);
    const result = await runConformance({ hosted: world.hosted, probeWith: world.probeWith, policy: DOCS_POLICY, ...QUICK, transports: ["websocket-connect"] });
    expect(result.verdict).toBe("not-conformant");
    expect(result.matrix[ONLY_ORIGIN_DECIDES]?.["websocket-connect"]?.failed).toBeGreaterThan(0);
    const failures = result.failures.filter((failure) => !failure.shrinkStep);
    expect(failures.every((failure) => failure.property === ONLY_ORIGIN_DECIDES && failure.header.lines.length === 0)).toBe(true);
    const shrunk = failures.find((failure) => failure.shrunk);
    expect(shrunk?.extraHeaders).toEqual([["Referer", expect.stringMatching(/^(http:\/\/localhost:3000|https:\/\/(www\.)?myapp\.com)(\/.*)?$/)]]);
    expect(shrunk?.path).toMatch(/^headers:\d+(:\d+)*$/);
    expect(shrunk?.replay).toContain(`path: "${shrunk?.path}"`);

    const replayWorld = fakeActor(DOCS, refererFallback);
    const replayed = await runConformance({ hosted: replayWorld.hosted, probeWith: replayWorld.probeWith, policy: DOCS_POLICY, ...QUICK, transports: ["websocket-connect"], path: shrunk!.path });
    const again = replayed.failures.find((failure) => failure.path === shrunk!.path && !failure.shrinkStep);
    expect(again?.extraHeaders).toEqual(shrunk?.extraHeaders);
    // Its failure is re-probed on a fresh instance (the history-independence trial), as the random property's are.
    expect(Object.keys(replayed.matrix).sort(), "a headers: path replays the header property alone").toEqual(["history-independence", ONLY_ORIGIN_DECIDES]);
  });
});
