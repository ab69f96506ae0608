import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError, type AnyActorDefinition } from "rivetkit";
import { describe, expect, test } from "vitest";
import { observedOrigin } from "../../harness/calibration/observed.js";
import { CATEGORIES as GENERATOR_CATEGORIES } from "../../harness/generators/catalog.js";
import { exactAllowed } from "../../harness/generators/categories/exact-allowed.js";
import { ATTACK_CATEGORIES } from "../../reference-actors/types.js";
import { expected } from "../../harness/oracle/oracle.js";
import { ABSENT as ABSENT_HEADER, describeHeader, originLine, type OriginHeader } from "../../harness/origin/header.js";
import { parsePolicy } from "../../harness/policy/policy.js";
import { CORRECT_ACTORS } from "../../reference-actors/correct/index.js";
import { KNOWN_BAD_GUARDS } from "../../reference-actors/known-bad/index.js";
import { SUPPORT_ACTORS, observations } from "../../reference-actors/support/index.js";
import type { KnownBadGuard, PolicyInput, ReferenceActor, Transport } from "../../reference-actors/types.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../reference-actors");
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** What a failure can be reported under: a generator category or a property. */
const CATEGORIES = new Set([...GENERATOR_CATEGORIES.map((category) => category.id), "history-independence", "reject-code", "cross-transport", "side-effect-safety", "only-origin-decides"]);
const ABSENT = "(absent)";

function actorFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".ts") && f !== "index.ts")
    .map((f) => f.slice(0, -3))
    .sort();
}

// ---- a fake onBeforeConnect context (no engine) ----

type Decision = { accepted: true } | { accepted: false; error: unknown };

interface Probe {
  readonly origin: string; // ABSENT for no header
  readonly transport?: Transport;
  readonly noRequest?: boolean;
  /** Other request headers (a known-bad guard's `withHeaders`). */
  readonly headers?: Readonly<Record<string, string>>;
}

function makeRequest(origin: string, transport: Transport, extra: Readonly<Record<string, string>> = {}): Request {
  const headers = new Headers(extra);
  if (origin !== ABSENT) headers.set("origin", origin);
  switch (transport) {
    case "http-action":
      headers.set("x-rivet-encoding", "json");
      return new Request("http://actor/action/increment", { method: "POST", headers, body: '{"args":[]}' });
    case "http-queue":
      headers.set("x-rivet-encoding", "json");
      return new Request("http://actor/queue/probe", { method: "POST", headers, body: '{"body":null}' });
    case "websocket-connect":
      headers.set("upgrade", "websocket");
      headers.set("connection", "Upgrade");
      return new Request("http://actor/connect", { headers });
    case "raw-request":
      // Measured on the engine: onRequest's URL is the path after /request (no prefix).
      return new Request("http://actor/hello", { headers });
    case "raw-websocket":
      headers.set("upgrade", "websocket");
      headers.set("connection", "Upgrade");
      return new Request("http://actor/websocket/hello", { headers });
  }
}

/** One actor instance: state and vars cloned once, like rivetkit does. */
function instance(definition: AnyActorDefinition) {
  const config = definition.config as Record<string, unknown>;
  const state = structuredClone(config.state);
  const vars = structuredClone(config.vars);
  const noop = () => {};
  const log = { warn: noop, info: noop, debug: noop, error: noop, trace: noop, fatal: noop };
  return async (probe: Probe): Promise<Decision> => {
    const request = probe.noRequest ? undefined : makeRequest(probe.origin, probe.transport ?? "http-action", probe.headers);
    const ctx = { actorId: "unit-actor", request, state, vars, log };
    const hook = definition.config.onBeforeConnect as ((c: unknown, params: unknown) => unknown) | undefined;
    try {
      await hook?.(ctx, undefined);
      return { accepted: true };
    } catch (error) {
      return { accepted: false, error };
    }
  };
}

const GUARDED: readonly Transport[] = ["http-action", "http-queue", "websocket-connect"];

function servedTransports(definition: AnyActorDefinition): Transport[] {
  const config = definition.config as Record<string, unknown>;
  return [
    ...GUARDED,
    ...(typeof config.onRequest === "function" ? (["raw-request"] as const) : []),
    ...(typeof config.onWebSocket === "function" ? (["raw-websocket"] as const) : []),
  ];
}

async function decideFresh(definition: AnyActorDefinition, probe: Probe): Promise<Decision> {
  return instance(definition)(probe);
}

function expectRejectedWithCode(decision: Decision, code: string): void {
  expect(decision.accepted).toBe(false);
  if (decision.accepted) return;
  expect(decision.error).toBeInstanceOf(UserError);
  expect((decision.error as UserError).code).toBe(code);
}

function correctFor(policy: PolicyInput): ReferenceActor {
  const found = CORRECT_ACTORS.find((a) => JSON.stringify(a.policy) === JSON.stringify(policy));
  if (!found) throw new Error(`no correct reference for policy ${JSON.stringify(policy)}`);
  return found;
}

const byId = (id: string): ReferenceActor => {
  const found = CORRECT_ACTORS.find((a) => a.id === id);
  if (!found) throw new Error(id);
  return found;
};

// ---- metadata ----

describe("reference bank metadata", () => {
  test("ids are unique kebab-case and equal their file names", () => {
    const ids = [...CORRECT_ACTORS, ...KNOWN_BAD_GUARDS].map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(KEBAB);
    expect(CORRECT_ACTORS.map((a) => a.id).sort()).toEqual(actorFiles("correct"));
    expect(KNOWN_BAD_GUARDS.map((a) => a.id).sort()).toEqual(actorFiles("known-bad"));
    expect(Object.keys(SUPPORT_ACTORS).sort()).toEqual(actorFiles("support"));
  });

  test("there are at least 19 known-bad guards", () => {
    expect(KNOWN_BAD_GUARDS.length).toBeGreaterThanOrEqual(19);
  });

  test.each(KNOWN_BAD_GUARDS.map((g) => [g.id, g] as const))("%s: bug metadata is complete", (id, guard) => {
    const { bug } = guard;
    expect(bug.bugClass.trim()).not.toBe("");
    expect(bug.offendingLine.trim()).not.toBe("");
    expect(bug.transports.length).toBeGreaterThan(0);
    expect(bug.expectedCategories.length).toBeGreaterThan(0);
    for (const category of bug.expectedCategories) expect(CATEGORIES).toContain(category);
    const source = readFileSync(join(ROOT, "known-bad", `${id}.ts`), "utf8");
    expect(source).toContain(bug.offendingLine);
    // ...and on a code line, not only in the header comment.
    const codeLines = source
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => !l.startsWith("*") && !l.startsWith("/*") && !l.startsWith("//"));
    expect(codeLines).toContain(bug.offendingLine);
    // The header names the bug class, the offending line and something that gets through.
    const header = source.slice(0, source.indexOf("*/"));
    expect(header).toContain("Bug class:");
    expect(header).toContain(`Offending line: ${bug.offendingLine}`);
    expect(header).toContain("Gets through:");
  });

  test.each([...CORRECT_ACTORS, ...KNOWN_BAD_GUARDS].map((a) => [a.id, a] as const))(
    "%s: has increment and getCount actions",
    (_id, ref) => {
      const actions = ref.definition.config.actions as Record<string, unknown> | undefined;
      expect(typeof actions?.increment).toBe("function");
      expect(typeof actions?.getCount).toBe("function");
    },
  );
});

// ---- behaviour of the correct references (fake context, no engine) ----

const DOCS_ALLOWED = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];
const DOCS_REJECTED = [
  ABSENT, "", "null", "NULL", "https://evil.com", "HTTPS://MYAPP.COM", "https://myapp.com/", "https://myapp.com.",
  "https://myapp.com:443", "http://myapp.com", "https://evil.myapp.com", "https://myapp.com.evil.com",
  "https://evilmyapp.com", "https://wwwxmyapp.com", "http://localhost:3001", "https://localhost:3000",
  "http://127.0.0.1:3000", "https://evil.com@myapp.com", "https://myapp.com, https://evil.com",
  "https://my\tapp.com", "https:\\\\myapp.com", "myapp.com",
];

describe("correct references decide per policy", () => {
  const docsExact = CORRECT_ACTORS.filter((a) => JSON.stringify(a.policy.allow) === JSON.stringify(DOCS_ALLOWED) && a.policy.match === "exact" && a.policy.missingOrigin === "reject");

  test("the docs-exact group is what we expect", () => {
    expect(docsExact.map((a) => a.id).sort()).toEqual(
      ["async-allowlist", "raw-routes", "seed-allowlist", "set-allowlist", "switch-allowlist"],
    );
  });

  test.each(docsExact.map((a) => [a.id, a] as const))("%s accepts the docs list, rejects the rest", async (_id, ref) => {
    for (const transport of servedTransports(ref.definition)) {
      for (const origin of DOCS_ALLOWED) expect(await decideFresh(ref.definition, { origin, transport })).toEqual({ accepted: true });
      for (const origin of DOCS_REJECTED) expectRejectedWithCode(await decideFresh(ref.definition, { origin, transport }), "origin_not_allowed");
    }
    expectRejectedWithCode(await decideFresh(ref.definition, { origin: ABSENT, noRequest: true }), "origin_not_allowed");
  });

  test("switch-allowlist puts the origin in the error metadata", async () => {
    const decision = await decideFresh(byId("switch-allowlist").definition, { origin: "https://evil.com" });
    expect(decision.accepted).toBe(false);
    if (!decision.accepted) expect((decision.error as UserError).metadata).toEqual({ origin: "https://evil.com" });
  });

  test("normalized-allowlist", async () => {
    const def = byId("normalized-allowlist").definition;
    const accepted = [
      ...DOCS_ALLOWED, "HTTPS://MYAPP.COM", "https://MyApp.com:443", "HTTP://LocalHost:3000", "https://WWW.MYAPP.COM:443",
      "https://myapp.com:0443", "http://localhost:03000",
    ];
    const rejected = [
      ABSENT, "", "null", "https://myapp.com/", "https://myapp.com:0", "https://myapp.com.", "https://evil.com@myapp.com",
      "https:\\\\myapp.com", "https:myapp.com", "https://myapp.com:443/", "http://localhost:3000:", "http://localhost:3000:3000",
      "https://myapp.com:99999", "https://myapp.com:80", "http://localhost", "http://localhost:80", "https://my\tapp.com",
      "http://myapp.com", "https://myapp.com?x", "https://myapp.com#x", "https://evil.myapp.com", "https://myapp.com, https://myapp.com",
    ];
    for (const origin of accepted) expect(await decideFresh(def, { origin }), origin).toEqual({ accepted: true });
    for (const origin of rejected) expectRejectedWithCode(await decideFresh(def, { origin }), "origin_not_allowed");
  });

  test("wildcard-subdomains", async () => {
    const def = byId("wildcard-subdomains").definition;
    const accepted = ["https://myapp.com", "https://www.myapp.com", "https://a.b.myapp.com", "https://a-b.myapp.com", "https://x1.myapp.com", "https://0.myapp.com"];
    const rejected = [
      ABSENT, "", "null", "https://-a.myapp.com", "https://a-.myapp.com", "https://.myapp.com", "https://a..myapp.com",
      "http://www.myapp.com", "https://WWW.myapp.com", "https://www.myapp.com:443", "https://www.myapp.com/",
      "https://evil.com/.myapp.com", "https://a_b.myapp.com", "https://myapp.com.", "https://evilmyapp.com",
      "http://localhost:3000", "https://evil.com@www.myapp.com", "https://www.myapp.com.evil.com", "https://myapp.com:443",
      `https://${"a".repeat(100_000)}!.myapp.com`,
    ];
    for (const origin of accepted) expect(await decideFresh(def, { origin }), origin).toEqual({ accepted: true });
    for (const origin of rejected) expectRejectedWithCode(await decideFresh(def, { origin }), "origin_not_allowed");
  });

  test("missing-origin-accepted: absent is accepted, empty is not", async () => {
    const def = byId("missing-origin-accepted").definition;
    expect(await decideFresh(def, { origin: ABSENT })).toEqual({ accepted: true });
    expect(await decideFresh(def, { origin: ABSENT, noRequest: true })).toEqual({ accepted: true });
    expect(await decideFresh(def, { origin: "https://myapp.com" })).toEqual({ accepted: true });
    for (const origin of ["", "null", "https://evil.com", "HTTPS://MYAPP.COM"]) {
      expectRejectedWithCode(await decideFresh(def, { origin }), "origin_not_allowed");
    }
  });

  test("raw-routes serves onRequest and onWebSocket", async () => {
    const config = byId("raw-routes").definition.config;
    expect(typeof config.onRequest).toBe("function");
    expect(typeof config.onWebSocket).toBe("function");
    const response = await (config.onRequest as (c: unknown, r: Request) => Promise<Response>)({}, new Request("http://actor/request/x"));
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ ok: true });
  });
});

// ---- each mutant: its getsThrough values pass it and fail the correct reference ----

describe("known-bad guards are really bad", () => {
  test.each(KNOWN_BAD_GUARDS.map((g) => [g.id, g] as const))("%s", async (_id, guard: KnownBadGuard) => {
    const { bug } = guard;
    const correct = correctFor(guard.policy);
    const code = guard.policy.rejectCode ?? "origin_not_allowed";
    const allowed = guard.policy.allow.filter((o) => !o.includes("*"));
    const transport = bug.transports[0] ?? "http-action";

    const headers = bug.withHeaders;
    for (const origin of bug.getsThrough) {
      expectRejectedWithCode(await decideFresh(correct.definition, { origin, transport, headers }), code);
      // The other headers are what sway the guard: without them it decides correctly.
      if (headers !== undefined) expectRejectedWithCode(await decideFresh(guard.definition, { origin, transport }), code);
      let accepted: boolean;
      if (bug.historyDependent) {
        const probe = instance(guard.definition);
        expect(await probe({ origin, transport }), `${origin} on a fresh instance`).not.toEqual({ accepted: true });
        expect(await probe({ origin: allowed[0] ?? "", transport })).toEqual({ accepted: true });
        accepted = (await probe({ origin, transport })).accepted;
      } else if (bug.intermittent) {
        const probe = instance(guard.definition);
        const decisions = [];
        for (let i = 0; i < 10; i++) decisions.push((await probe({ origin, transport })).accepted);
        expect(decisions.some((d) => !d), `${origin} is sometimes rejected`).toBe(true);
        accepted = decisions.some((d) => d);
      } else {
        accepted = (await decideFresh(guard.definition, { origin, transport, headers })).accepted;
      }
      expect(accepted, `${guard.id} accepts ${JSON.stringify(origin)} on ${transport}`).toBe(true);
    }

    for (const origin of bug.wronglyRejects ?? []) {
      expect(await decideFresh(correct.definition, { origin, transport })).toEqual({ accepted: true });
      expect((await decideFresh(guard.definition, { origin, transport })).accepted).toBe(false);
    }

    // The bug shows on every listed transport, and on no other transport the actor serves.
    const served = servedTransports(guard.definition);
    for (const t of bug.transports) expect(served, `${guard.id} serves ${t}`).toContain(t);
    if (!bug.historyDependent && !bug.intermittent) {
      for (const t of served) {
        for (const origin of bug.getsThrough) {
          const accepted = (await decideFresh(guard.definition, { origin, transport: t, headers })).accepted;
          expect(accepted, `${JSON.stringify(origin)} on ${t}`).toBe(bug.transports.includes(t));
        }
      }
    }

    if (bug.expectedCategories.includes("reject-code")) {
      const decision = await decideFresh(guard.definition, { origin: "https://evil.com", transport });
      expect(decision.accepted).toBe(false);
      if (!decision.accepted) expect(decision.error).not.toBeInstanceOf(UserError);
    } else {
      // Otherwise a rejection (if any) carries the right code.
      const decision = await decideFresh(guard.definition, { origin: "https://attacker.example", transport: "http-action" });
      if (!decision.accepted) expectRejectedWithCode(decision, code);
    }

    // Allowed origins stay allowed (except the over-rejection mutants).
    for (const origin of allowed) {
      if (bug.wronglyRejects?.includes(origin)) continue;
      expect(await decideFresh(guard.definition, { origin, transport }), origin).toEqual({ accepted: true });
    }
  });

  test("raw-request-exempt only leaks on raw requests", async () => {
    const guard = KNOWN_BAD_GUARDS.find((g) => g.id === "raw-request-exempt");
    if (!guard) throw new Error("missing");
    for (const transport of ["http-action", "http-queue", "websocket-connect", "raw-websocket"] as const) {
      expect((await decideFresh(guard.definition, { origin: "https://evil.com", transport })).accepted).toBe(false);
    }
  });
});

// ---- support actors ----

describe("support actors", () => {
  test("echo records route, method and origin, keeping null distinct from empty", async () => {
    observations.length = 0;
    const probe = instance(SUPPORT_ACTORS.echo);
    expect(await probe({ origin: ABSENT })).toEqual({ accepted: true });
    expect(await probe({ origin: "", transport: "websocket-connect" })).toEqual({ accepted: true });
    expect(await probe({ origin: ABSENT, noRequest: true })).toEqual({ accepted: true });
    expect(observations).toMatchObject([
      { actorId: "unit-actor", route: "/action/increment", method: "POST", origin: null, hasRequest: true },
      { actorId: "unit-actor", route: "/connect", method: "GET", origin: "", hasRequest: true },
      { actorId: "unit-actor", route: "", method: "", origin: null, hasRequest: false, headers: [] },
    ]);
    observations.length = 0;
  });

  test("always-accept, plain-error and slow-guard decide as documented", async () => {
    expect(await decideFresh(SUPPORT_ACTORS["always-accept"], { origin: "https://evil.com" })).toEqual({ accepted: true });
    const plain = await decideFresh(SUPPORT_ACTORS["plain-error"], { origin: "https://myapp.com" });
    expect(plain.accepted).toBe(false);
    if (!plain.accepted) expect(plain.error).not.toBeInstanceOf(UserError);
    const started = Date.now();
    expect(await decideFresh(SUPPORT_ACTORS["slow-guard"], { origin: "https://myapp.com" })).toEqual({ accepted: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expectRejectedWithCode(await decideFresh(SUPPORT_ACTORS["slow-guard"], { origin: "null" }), "origin_not_allowed");
  });

  test("never-resolves never settles", async () => {
    const hook = SUPPORT_ACTORS["never-resolves"].config.onBeforeConnect as (c: unknown, p: unknown) => Promise<void>;
    const result = await Promise.race([hook({}, undefined).then(() => "settled"), new Promise((r) => setTimeout(() => r("pending"), 50))]);
    expect(result).toBe("pending");
  });
});

// ---- agreement with the harness oracle on every generator corpus case ----

const PROPERTY_IDS = new Set(["history-independence", "reject-code", "cross-transport", "only-origin-decides"]);

/** What the guard sees for `header`, or undefined when the engine refuses it before the guard. */
function seen(header: OriginHeader): string | undefined {
  const observed = observedOrigin(header);
  if (observed.kind === "transport-rejected") return undefined;
  return observed.kind === "missing" ? ABSENT : observed.value;
}

describe("agreement with the harness oracle", () => {
  test.each(CORRECT_ACTORS.map((a) => [a.id, a] as const))("%s decides every corpus case like the oracle", async (_id, ref) => {
    const policy = parsePolicy(ref.policy);
    const disagreements: string[] = [];
    for (const category of GENERATOR_CATEGORIES) {
      for (const { header } of category.corpus({ allow: policy.allow })) {
        const origin = seen(header);
        if (origin === undefined) continue;
        const want = expected(policy, header).decision === "accept";
        const got = (await decideFresh(ref.definition, { origin })).accepted;
        if (want !== got) disagreements.push(`${category.id}: ${describeHeader(header)} oracle=${want} actor=${got}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  test.each(KNOWN_BAD_GUARDS.map((g) => [g.id, g] as const))("%s: getsThrough is rejected by the oracle, expected categories catch it", async (_id, guard) => {
    const policy = parsePolicy(guard.policy);
    for (const origin of guard.bug.getsThrough) {
      const header = origin === ABSENT ? ABSENT_HEADER : originLine(origin);
      expect(expected(policy, header).decision, origin).toBe("reject");
    }
    const transport = guard.bug.transports[0] ?? "http-action";
    for (const categoryId of guard.bug.expectedCategories.filter((id) => !PROPERTY_IDS.has(id))) {
      const category = GENERATOR_CATEGORIES.find((c) => c.id === categoryId);
      expect(category, categoryId).toBeDefined();
      let caught = false;
      for (const { header } of category?.corpus({ allow: policy.allow }) ?? []) {
        const origin = seen(header);
        if (origin === undefined) continue;
        const want = expected(policy, header).decision === "accept";
        if ((await decideFresh(guard.definition, { origin, transport })).accepted !== want) {
          caught = true;
          break;
        }
      }
      expect(caught, `${categoryId} catches ${guard.id}`).toBe(true);
    }
  });
});

test("ATTACK_CATEGORIES lists every generator category except the allowed origins", () => {
  expect(ATTACK_CATEGORIES).not.toContain(exactAllowed.id);
  expect(new Set(ATTACK_CATEGORIES).size).toBe(GENERATOR_CATEGORIES.length - 1);
});
