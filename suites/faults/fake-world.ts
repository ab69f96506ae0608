/**
 * The fake world of the never-a-false-pass property: a guard simulated from
 * the oracle behind a transport that drops connections at random, an engine
 * that may die, instance creation that may fail; and the invariants every run
 * over it must keep.
 */
import { expect } from "vitest";
import { observedOrigin } from "../../harness/calibration/observed.js";
import type { ProbeFunction } from "../../harness/conformance/context.js";
import type { ConformanceResult } from "../../harness/conformance/result.js";
import type { EngineHandle } from "../../harness/engine/engine.js";
import { expectedDecision } from "../../harness/oracle/oracle.js";
import type { OriginHeader } from "../../harness/origin/header.js";
import { type Outcome, isDecision } from "../../harness/probes/outcome.js";
import type { ProbeResult } from "../../harness/probes/probe.js";
import type { TransportId } from "../../harness/probes/transports.js";
import { parsePolicy } from "../../harness/policy/policy.js";
import { type HostedRegistry, RegistryError } from "../../harness/registry/host.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";

const POLICY = parsePolicy(DOCS_POLICY);
const PROPERTY_ROWS = new Set(["cross-transport", "history-independence", "side-effect-safety", "reject-code"]);
export type Fault = "infrastructure" | "timeout" | "errored";

export interface Recorded {
  readonly instance: string;
  /** Sent again by the run after a timeout, with a longer bound. */
  readonly retry?: boolean;
  readonly transport: TransportId;
  readonly header: OriginHeader;
  readonly outcome: Outcome;
}

/** The probe bound of the fake runs (the default: onBeforeConnectTimeout 5 s + settle + margin); a retry doubles it. */
const BASE_TIMEOUT_MS = 7_000;

export const phaseOf = (actorId: string) => actorId.slice(0, actorId.lastIndexOf("-"));

/**
 * A correct guard for POLICY (or, `buggy`, one with the prefix-match bug), simulated from the oracle, behind a transport
 * that replaces a share of the outcomes with faults, and an engine that may
 * die after some probes. The counter actions back the side-effect check.
 */
export function fakeWorld(options: { dropRate: number; faults: readonly Fault[]; deathAfter: number | null; creationFailureRate: number; buggy: boolean; seed: number }, healthyEndpoint: string) {
  let state = options.seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const recorded: Recorded[] = [];
  const counters = new Map<string, number>();
  let dead: string | undefined;
  let created = 0;
  let creationFailures = 0;
  const send: ProbeFunction = async (target, transport, header, probeOptions) => {
    await Promise.resolve();
    const retry = (probeOptions.timeoutMs ?? 0) > BASE_TIMEOUT_MS;
    const answer = (outcome: Outcome, response = ""): ProbeResult => {
      recorded.push({ instance: target.actorId, transport, header, outcome, retry });
      return { transport, header, client: "node", request: `fake ${transport}`, response, outcome, durationMs: 1 };
    };
    if (options.deathAfter !== null && recorded.length >= options.deathAfter) dead ??= "engine exited: {\"code\":null,\"signal\":\"SIGKILL\"} (simulated)";
    if (dead !== undefined) return answer({ kind: "infrastructure", detail: "ECONNREFUSED" });
    if (random() < options.dropRate) {
      const fault = options.faults[Math.floor(random() * options.faults.length)]!;
      if (fault === "infrastructure") return answer({ kind: "infrastructure", detail: "ECONNRESET (dropped by the fake transport)" });
      if (fault === "timeout") return answer({ kind: "timeout", afterMs: probeOptions.timeoutMs ?? 7_000, stage: "dropped by the fake transport" });
      return answer({ kind: "errored", detail: "HTTP 502 not from the actor (fake transport)" });
    }
    if (observedOrigin(header).kind === "transport-rejected") return answer({ kind: "transport-rejected", status: 400, evidence: "fake 400" });
    // The buggy guard also lets through anything that starts with an allowed origin (the prefix-match bug): decided failures, confirmed on fresh instances.
    const prefixed = options.buggy && header.lines.length === 1 && POLICY.allow.some((allowed) => header.lines[0]!.startsWith(allowed));
    if (expectedDecision(POLICY, header) === "reject" && !prefixed) {
      return answer({ kind: "rejected", group: "user", code: POLICY.rejectCode, status: 500, evidence: "fake rejection" });
    }
    const count = counters.get(target.actorId) ?? 0;
    if (transport === "http-action" && target.action === "increment") counters.set(target.actorId, count + 1);
    const output = target.action === "getCount" ? count : target.action === "increment" ? count + 1 : null;
    return answer({ kind: "accepted", evidence: "fake accept" }, `HTTP 200 {"output":${output}}`);
  };
  const hosted: HostedRegistry = {
    endpoint: healthyEndpoint, // a real, healthy engine: a dropped probe alone is no engine death
    poolName: "fake",
    actorNames: ["fake"],
    routesOf: () => ({ actions: ["increment", "getCount"], hasGuard: true, rawRequest: true, rawWebSocket: true, beforeConnectTimeoutMs: 5_000 }),
    async newActor(name, keyPrefix = "probe") {
      if (dead !== undefined) throw new RegistryError(`could not create an instance of "${name}": ECONNREFUSED`);
      if (random() < options.creationFailureRate) {
        creationFailures++;
        throw new RegistryError(`could not create an instance of "${name}" after 5 attempts: (fake) An internal error occurred`);
      }
      return { name, key: keyPrefix, actorId: `${keyPrefix}-${++created}` };
    },
    shutdown: async () => {},
  };
  const engine: EngineHandle = { mode: "external", endpoint: hosted.endpoint, readyMs: 0, died: () => dead, stop: async () => {} };
  return { send, hosted, engine, recorded, died: () => dead, creationFailures: () => creationFailures };
}

function categoryCells(result: ConformanceResult, transport: TransportId) {
  return Object.entries(result.matrix)
    .filter(([category]) => !PROPERTY_ROWS.has(category))
    .map(([, row]) => row[transport])
    .filter((cell) => cell !== undefined);
}

/** The invariants, for any run over any world. */
export function expectNeverAFalsePass(result: ConformanceResult, recorded: readonly Recorded[], world: { died?: string; creationFailures: number; faultsInjected: boolean; buggy: boolean }) {
  const infrastructure = recorded.filter((each) => each.outcome.kind === "infrastructure").length;
  // The preflight probe is no conformance check (nothing is judged from it): only its infrastructure counts.
  // A timeout the run sent once more is judged by what the retry saw: each retry stands in for one timeout.
  const judged = recorded.filter((each) => phaseOf(each.instance) !== "preflight");
  const unobserved = judged.filter((each) => !isDecision(each.outcome)).length - judged.filter((each) => each.retry).length;
  if (infrastructure > 0 || world.died !== undefined || world.creationFailures > 0) expect(result.verdict).toBe("infrastructure-failure");
  if (unobserved > 0) expect(result.verdict).not.toBe("conformant");
  // The first cause to stop the run names it: the engine's death, or an instance that could not be created.
  if (world.died !== undefined || world.creationFailures > 0) expect(result.cutOff?.reason).toMatch(/the engine died: .*simulated|could not create an instance/);
  if (world.died !== undefined && world.creationFailures === 0) expect(result.cutOff?.reason).toMatch(/the engine died: .*simulated/);
  if (world.died === undefined && world.creationFailures === 0) {
    // Every probe sent is counted, and so is every one that hit infrastructure.
    expect(result.probes).toBe(recorded.length);
    expect(result.infrastructureProbes).toBe(infrastructure);
    expect(result.timeoutsRetried ?? 0).toBe(recorded.filter((each) => each.retry).length);
  }
  for (const transport of result.transports) {
    // Never counted as passed: a cell passes only on a positive decision seen on the corpus, random or screening instance
    // (screening's cells count only what the wire confirmed there).
    const decidedThere = recorded.filter((each) => each.transport === transport && /^(corpus|random|screening)$/.test(phaseOf(each.instance)) && isDecision(each.outcome)).length;
    const passed = categoryCells(result, transport).reduce((sum, cell) => sum + cell.passed, 0);
    expect(passed).toBeLessThanOrEqual(decidedThere);
    if (world.died === undefined && world.creationFailures === 0) {
      // Every unobserved corpus probe is counted as failed.
      const corpus = recorded.filter((each) => each.transport === transport && phaseOf(each.instance) === "corpus");
      const unobservedCorpus = corpus.filter((each) => !isDecision(each.outcome)).length - corpus.filter((each) => each.retry).length;
      const failed = categoryCells(result, transport).reduce((sum, cell) => sum + cell.failed, 0);
      expect(failed).toBeGreaterThanOrEqual(unobservedCorpus);
    }
  }
  const history = recorded.filter((each) => phaseOf(each.instance) === "history");
  const unobservedHistory = history.filter((each) => !isDecision(each.outcome)).length > history.filter((each) => each.retry).length;
  if (unobservedHistory) for (const row of Object.values(result.matrix["history-independence"] ?? {})) expect(row!.passed).toBe(0);
  if (!world.faultsInjected) {
    // The control: with nothing dropped, the correct guard is conformant and the buggy one is not.
    expect(result.verdict).toBe(world.buggy ? "not-conformant" : "conformant");
    expect(result.undecided).toBe(0);
  }
}

