/**
 * The probes against a real engine, over every transport each actor serves:
 * an always-accept actor, the Rivet docs' seed guard, a guard that throws a
 * plain Error, a guard that never resolves, and an actor with raw routes.
 */
import { setup } from "rivetkit";
import { beforeAll, describe, expect, test } from "vitest";
import { ABSENT, originLine, originLines } from "../../harness/origin/header.js";
import { probe } from "../../harness/probes/probe.js";
import { type TransportId, transportsFor } from "../../harness/transports/index.js";
import type { ActorInstance } from "../../harness/registry/host.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { rawRoutes } from "../../reference-actors/correct/raw-routes.js";
import { seedAllowlist } from "../../reference-actors/correct/seed-allowlist.js";
import { alwaysAccept } from "../../reference-actors/support/always-accept.js";
import { neverResolves } from "../../reference-actors/support/never-resolves.js";
import { plainError } from "../../reference-actors/support/plain-error.js";

const registry = setup({ use: { alwaysAccept, seedAllowlist, plainError, neverResolves, rawRoutes } });
const hosted = useHostedRegistry(registry);

const instances = new Map<string, ActorInstance>();
beforeAll(async () => {
  for (const name of ["alwaysAccept", "seedAllowlist", "plainError", "neverResolves", "rawRoutes"]) {
    instances.set(name, await hosted().newActor(name, "probes"));
  }
});

function target(name: string) {
  return { endpoint: hosted().endpoint, actorId: instances.get(name)!.actorId };
}

const ALL: readonly TransportId[] = ["http-action", "http-queue", "websocket-connect", "raw-request", "raw-websocket"];
const GUARDED: readonly TransportId[] = ["http-action", "http-queue", "websocket-connect"];

test("the registry host reads the raw routes from each definition", () => {
  expect(transportsFor(hosted().routesOf("rawRoutes"))).toEqual(ALL);
  expect(transportsFor(hosted().routesOf("seedAllowlist"))).toEqual(GUARDED);
  expect(() => hosted().routesOf("nope")).toThrow(/no actor named "nope".*seedAllowlist/);
});

describe.each(transportsFor({ actions: [], hasGuard: true, rawRequest: true, rawWebSocket: true, beforeConnectTimeoutMs: 5_000 }))("transport (%s)", (transport) => {
  test("always-accept accepts a foreign origin and a missing one", async () => {
    if (!transportsFor(hosted().routesOf("alwaysAccept")).includes(transport)) return expect(transport).toMatch(/^raw-/);
    for (const header of [originLine("https://evil.com"), ABSENT]) {
      const result = await probe(target("alwaysAccept"), transport, header);
      expect(result.outcome.kind, result.response).toBe("accepted");
    }
  });

  test("the raw-routes actor accepts an allowed origin and rejects others with the documented code", async () => {
    const accepted = await probe(target("rawRoutes"), transport, originLine("https://myapp.com"));
    expect(accepted.outcome.kind, accepted.response).toBe("accepted");
    for (const header of [originLine("https://evil.com"), ABSENT, originLine("HTTPS://MYAPP.COM")]) {
      const rejected = await probe(target("rawRoutes"), transport, header);
      expect(rejected.outcome, rejected.response).toMatchObject({ kind: "rejected", group: "user", code: "origin_not_allowed" });
    }
  });

  test("control bytes are refused by the engine before the guard (transport-rejected)", async () => {
    const result = await probe(target("rawRoutes"), transport, originLine("https://myapp.com\u000b"));
    expect(result.client).toBe("raw-socket");
    expect(result.outcome).toMatchObject({ kind: "transport-rejected", status: 400 });
  });
});

describe.each(GUARDED)("guards without raw routes, transport (%s)", (transport) => {
  test("seed guard: allowed origins accepted, the last duplicate line decides", async () => {
    for (const header of [originLine("http://localhost:3000"), originLine("https://www.myapp.com"), originLines("https://evil.com", "https://myapp.com")]) {
      const result = await probe(target("seedAllowlist"), transport, header);
      expect(result.outcome.kind, result.response).toBe("accepted");
    }
    const wrongLast = await probe(target("seedAllowlist"), transport, originLines("https://myapp.com", "https://evil.com"));
    expect(wrongLast.outcome).toMatchObject({ kind: "rejected", code: "origin_not_allowed" });
  });

  test("a guard that throws a plain Error is rejected with code internal_error", async () => {
    const result = await probe(target("plainError"), transport, originLine("https://myapp.com"));
    expect(result.outcome, result.response).toMatchObject({ kind: "rejected", code: "internal_error" });
  });

  test("a guard that never resolves times out within the bound, and the next probe still runs", async () => {
    const bound = 1_500;
    const result = await probe(target("neverResolves"), transport, originLine("https://myapp.com"), { timeoutMs: bound });
    expect(result.outcome).toMatchObject({ kind: "timeout", afterMs: bound });
    expect(result.durationMs).toBeLessThan(bound + 1_000);
    const next = await probe(target("seedAllowlist"), transport, originLine("https://myapp.com"));
    expect(next.outcome.kind).toBe("accepted");
  });
});

test("the http-action probe can call a named action and reads its output", async () => {
  const result = await probe({ ...target("seedAllowlist"), action: "increment" }, "http-action", originLine("https://myapp.com"));
  expect(result.outcome).toMatchObject({ kind: "accepted", evidence: "HTTP 200 with the action's output" });
  expect(result.response).toMatch(/"output":1/);
});
