/**
 * The probe marker (registry/witness.ts) against a real engine: the user's
 * guard and raw handlers never see it, even when they read every header, and
 * what ran inside the actor is recorded under it, per probe.
 */
import { actor, setup, UserError } from "rivetkit";
import { beforeAll, describe, expect, test } from "vitest";
import { originLine } from "../../harness/origin/header.js";
import { probe } from "../../harness/probes/probe.js";
import { TRANSPORT_IDS } from "../../harness/transports/index.js";
import type { ActorInstance } from "../../harness/registry/host.js";
import { PROBE_MARKER_HEADER, type Sighting, WITNESS } from "../../harness/registry/witness.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";

/** Every header name each piece of user code saw, across all probes. */
const seenByUserCode: string[] = [];
const recordAll = (headers: Headers | undefined) => {
  for (const [name] of headers ?? []) seenByUserCode.push(name);
};

const headerReader = actor({
  state: {},
  onBeforeConnect: (c) => {
    recordAll(c.request?.headers);
    // A guard that refuses any request carrying a header it does not know would reject every probe if it saw the marker.
    if ([...(c.request?.headers.keys() ?? [])].some((name) => name.startsWith("x-origin-conformance"))) throw new UserError("unexpected header", { code: "saw_marker" });
    if (c.request?.headers.get("origin") !== "https://myapp.com") throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
  onRequest: (_c, request) => {
    recordAll(request.headers);
    return new Response("ok");
  },
  onWebSocket: (c) => {
    recordAll(c.request?.headers);
    // Silent on purpose: only the witness can say that this handler ran.
  },
  actions: {},
});

const registry = setup({ use: { headerReader } });
const hosted = useHostedRegistry(registry);
let instance: ActorInstance;
beforeAll(async () => {
  instance = await hosted().newActor("headerReader", "witness");
});

describe.each(TRANSPORT_IDS.map((transport) => ({ transport })))("witness › transport ($transport) › guard (reads every header)", ({ transport }) => {
  test("the marker is invisible to the user's code; an allowed origin is accepted and seen to run inside the actor", { timeout: 30_000 }, async () => {
    const sightings: Sighting[] = [];
    const witness = { mark: WITNESS.mark, take: (marker: string) => sightings[sightings.push(WITNESS.take(marker)) - 1]! };
    const before = seenByUserCode.length;
    const target = { endpoint: hosted().endpoint, actorId: instance.actorId, witness };
    const allowed = await probe(target, transport, originLine("https://myapp.com"), { settleMs: 1_500, timeoutMs: 6_000 });
    const rejected = await probe(target, transport, originLine("https://evil.example"), { settleMs: 1_500, timeoutMs: 6_000 });
    expect(allowed.outcome.kind, allowed.response).toBe("accepted");
    expect(rejected.outcome).toMatchObject({ kind: "rejected", code: "origin_not_allowed" });
    // The user's code ran, and never saw the marker.
    expect(seenByUserCode.length).toBeGreaterThan(before);
    expect(seenByUserCode).not.toContain(PROBE_MARKER_HEADER);
    expect(sightings[0]).toMatchObject({ guard: { result: "returned" } });
    expect(sightings[1]).toMatchObject({ guard: { result: "threw", code: "origin_not_allowed" } });
    if (transport === "raw-request") expect(sightings[0]?.handler).toBe("onRequest");
    if (transport === "raw-websocket") expect(sightings[0]?.handler).toBe("onWebSocket");
  });
});
