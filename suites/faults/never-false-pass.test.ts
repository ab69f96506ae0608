/**
 * The harness's self-check: a probe that did not positively observe an accept
 * or a reject is never counted as passed, and a run in which any probe hit
 * `infrastructure` (or the engine died, or an instance could not be created)
 * is never reported as conformant. Checked as a property over a fake
 * transport that drops connections at random (through the run's probe seam),
 * and once over the real engine behind a TCP proxy that drops, stalls or
 * garbles a random share of the connections.
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { ConformanceResult } from "../../harness/conformance/result.js";
import { runConformance } from "../../harness/conformance/run.js";
import { CATEGORIES } from "../../harness/generators/catalog.js";
import { probe } from "../../harness/probes/probe.js";
import { TRANSPORT_IDS } from "../../harness/transports/index.js";
import type { HostedRegistry } from "../../harness/registry/host.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { sharedEngine } from "../../harness/vitest/shared-engine.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";
import { registry } from "../../reference-actors/registry.js";
import { expectNeverAFalsePass, type Fault, type FeatureCounts, fakeWorld, phaseOf, type Recorded } from "./fake-world.js";

describe("fault (dropped connections) › transport (fake, through the probe seam) › property (never a false pass)", () => {
  test("for any drop rate, fault mix, engine death and creation failures: unobserved probes never pass, infrastructure never yields conformant", { timeout: 120_000 }, async () => {
    const categoryIds = CATEGORIES.map((category) => category.id);
    const world = fc.record({
      dropRate: fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.double({ min: 0.001, max: 0.3, noNaN: true }), weight: 4 }),
      faults: fc.subarray(["infrastructure", "timeout", "errored"] as Fault[], { minLength: 1 }),
      deathAfter: fc.option(fc.integer({ min: 0, max: 400 }), { freq: 3 }),
      creationFailureRate: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.double({ min: 0.01, max: 0.3, noNaN: true }), weight: 1 }),
      transports: fc.subarray([...TRANSPORT_IDS], { minLength: 1 }),
      categories: fc.subarray(categoryIds, { minLength: 2, maxLength: 5 }).map((ids) => [...new Set(["path-suffixes", ...ids])]),
      buggy: fc.boolean(),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      features: fc.record({
        tier: fc.boolean(),
        flaky: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.double({ min: 0.01, max: 0.2, noNaN: true }), weight: 1 }),
        laterPredicted: fc.boolean(),
        historyOnly: fc.boolean(),
        rawErrors: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.double({ min: 0.05, max: 0.5, noNaN: true }), weight: 1 }),
      }),
    });
    const fired: FeatureCounts = { tierUsed: 0, flaky: 0, laterPredicted: 0, historyOnly: 0, rawErrors: 0 };
    let runs = 0;
    let sawConformant = false;
    let sawInfrastructure = false;
    let sawRetry = false;
    await fc.assert(
      fc.asyncProperty(world, async (input) => {
        runs++;
        const fake = fakeWorld(input, sharedEngine().endpoint);
        let result: ConformanceResult;
        try {
          result = await runConformance({
            hosted: fake.hosted,
            engine: fake.engine,
            actor: "fake",
            policy: DOCS_POLICY,
            transports: input.transports,
            corpusCategories: input.categories,
            runs: 8,
            seed: input.seed,
            historySequences: 3,
            shrinkBudgetMs: 50,
            concurrency: 8,
            screen: input.features.tier ? 400 : false,
            screenBudgetMs: 2_000,
            probeWith: fake.send,
          });
        } catch (error) {
          // Only a preflight or usage problem may escape as an error, and never on a world without faults.
          throw new Error(`runConformance threw: ${(error as Error).message}`);
        }
        const faultsInjected = input.dropRate > 0 || fake.died() !== undefined || fake.creationFailures() > 0 || fake.fired.rawErrors > 0;
        const wrongFeatures = fake.fired.flaky + fake.fired.laterPredicted + fake.fired.historyOnly > 0;
        expectNeverAFalsePass(result, fake.recorded, { died: fake.died(), creationFailures: fake.creationFailures(), faultsInjected, buggy: input.buggy, wrongFeatures });
        for (const [feature, count] of Object.entries(fake.fired)) if (count > 0) fired[feature as keyof FeatureCounts]++;
        sawConformant ||= result.verdict === "conformant";
        sawInfrastructure ||= result.verdict === "infrastructure-failure";
        sawRetry ||= (result.timeoutsRetried ?? 0) > 0;
      }),
      // A fixed seed keeps CI deterministic; FAULTS_SEED explores others.
      { numRuns: 100, seed: Number(process.env.FAULTS_SEED ?? 20261129), endOnFailure: true },
    );
    expect(runs).toBe(100);
    // Coverage of the world's features: in how many of the runs each one fired.
    console.log(`never-a-false-pass: runs in which each world feature fired: ${JSON.stringify(fired)}`);
    for (const [feature, count] of Object.entries(fired)) expect(count, `${feature} never fired`).toBeGreaterThan(0);
    // Both sides of the property were exercised.
    expect(sawConformant && sawInfrastructure && sawRetry).toBe(true);
  });
});

/** A TCP proxy in front of the engine that drops, stalls or garbles a share of the connections (never the health checks). */
async function droppingProxy(target: string, dropRate: number): Promise<{ endpoint: string; counts: Record<"pass" | "reset" | "stall" | "garble", number>; close: () => Promise<void> }> {
  const { port: targetPort, hostname } = new URL(target);
  const counts = { pass: 0, reset: 0, stall: 0, garble: 0 };
  let state = 7;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => {});
    client.once("data", (first: Buffer) => {
      const health = first.toString("latin1").startsWith("GET /health");
      const roll = random();
      const fate = health || roll >= dropRate ? "pass" : (["reset", "stall", "garble"] as const)[Math.floor((roll / dropRate) * 3)]!;
      counts[fate]++;
      if (fate === "reset") return client.resetAndDestroy();
      if (fate === "stall") return; // accepted, never answered
      if (fate === "garble") return client.end("HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain\r\ncontent-length: 7\r\nconnection: close\r\n\r\nbad gw\n");
      const upstream = createConnection({ host: hostname, port: Number(targetPort) });
      sockets.add(upstream);
      upstream.on("close", () => sockets.delete(upstream));
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
      upstream.write(first);
      client.pipe(upstream).pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    counts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("fault (dropped connections) › transport (real engine behind a dropping TCP proxy) › guard (the docs guard)", () => {
  const hosted = useHostedRegistry(registry);
  test("reset, stalled and garbled connections make the run an infrastructure failure; nothing unobserved passes", { timeout: 150_000 }, async ({ signal }) => {
    const BOUND_MS = 2_500;
    const proxy = await droppingProxy(hosted().endpoint, 0.08);
    try {
      const recorded: Recorded[] = [];
      const instances = new Map<string, string>();
      const throughProxy: HostedRegistry = {
        ...hosted(),
        endpoint: proxy.endpoint,
        // Creation goes straight to the engine; the actor id is remembered with the phase that asked for it.
        newActor: async (name, keyPrefix) => {
          const instance = await hosted().newActor(name, keyPrefix);
          instances.set(instance.actorId, keyPrefix ?? "probe");
          return instance;
        },
      };
      const result = await runConformance({
        hosted: throughProxy,
        actor: "raw-routes",
        policy: DOCS_POLICY,
        // raw-request too: a garbled 502 must never pass for onRequest's answer.
        transports: ["http-action", "websocket-connect", "raw-request"],
        corpusCategories: ["exact-allowed", "case-variants", "null-origin", "missing-and-empty", "lookalike-domains", "duplicate-origin-lines"],
        runs: 10,
        seed: 9,
        historySequences: 2,
        shrinkBudgetMs: 1_000,
        concurrency: 16,
        probe: { timeoutMs: BOUND_MS },
        probeWith: async (target, transport, header, options) => {
          const result = await probe(target, transport, header, options);
          // A timeout the run sends again comes back with a longer bound than the run's own.
          const retry = (options.timeoutMs ?? 0) > BOUND_MS;
          recorded.push({ instance: `${instances.get(target.actorId) ?? "unknown"}-1`, transport, header, outcome: result.outcome, retry });
          return result;
        },
        signal,
      });
      expect(proxy.counts.reset + proxy.counts.stall + proxy.counts.garble, JSON.stringify(proxy.counts)).toBeGreaterThan(0);
      const kinds = new Set(recorded.map((each) => each.outcome.kind));
      expect(recorded.length).toBeGreaterThan(100);
      expectNeverAFalsePass(result, recorded, { creationFailures: 0, faultsInjected: true, buggy: false });
      expect(result.verdict).not.toBe("conformant");
      if (kinds.has("infrastructure")) expect(result.verdict).toBe("infrastructure-failure");
      // The engine itself stayed healthy: dropped probes are not mistaken for its death.
      expect(result.cutOff).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });
});
