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
import type { TransportId } from "../../harness/transports/index.js";
import { parsePolicy } from "../../harness/policy/policy.js";
import { classifyRawRequestAnswer, classifyRawWebSocketTrace } from "../../harness/probes/classify.js";
import { deterministicCorpus } from "../../harness/generators/catalog.js";
import { type HostedRegistry, RegistryError } from "../../harness/registry/host.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";

const POLICY = parsePolicy(DOCS_POLICY);
const PROPERTY_ROWS = new Set(["cross-transport", "history-independence", "side-effect-safety", "reject-code", "only-origin-decides"]);
export type Fault = "infrastructure" | "timeout" | "errored";

export interface Recorded {
  readonly instance: string;
  /** The world decided against the oracle here (a wrong accept or a wrong reject the guard made). */
  readonly wrong?: boolean;
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
 * What can go wrong in the world besides dropped connections (each counted when it fires):
 * - tier: the actor is "hosted in process", so the run has an in-process tier to screen with;
 * - flaky: a wrong accept, with this probability, of disallowed origins with an even length;
 * - laterPredicted: the guard (in process and on the screening instance) wrongly accepts long
 *   generated origins outside the corpus, but the wire gets the first predicted failure right (shrunk
 *   and as generated): only the tier's second and later predicted failures are wrong on the wire;
 * - historyOnly: wrong accepts only on history instances and on the fresh instances that re-probe
 *   them (the old "history-fresh" and today's "confirm");
 * - rawErrors: raw-route answers replaced, with this probability, by a proxy's 502, a 503 or an
 *   HTML 500 (raw onRequest), or a silent open socket (raw onWebSocket), all read by the real classifier.
 */
export interface WorldFeatures {
  readonly tier?: boolean;
  readonly flaky?: number;
  readonly laterPredicted?: boolean;
  readonly historyOnly?: boolean;
  readonly rawErrors?: number;
}

export type FeatureCounts = Record<"tierUsed" | "flaky" | "laterPredicted" | "historyOnly" | "rawErrors", number>;

const CORPUS_VALUES = new Set(deterministicCorpus(POLICY).flatMap(({ case: named }) => named.header.lines));

/** The laterPredicted bug's origins: long, generated (not in the corpus), and disallowed. */
const laterPredictedBait = (value: string | null) => value !== null && value.length > 30 && value.length % 2 === 1 && !CORPUS_VALUES.has(value) && expectedDecision(POLICY, { lines: [value] }) === "reject";

/**
 * A correct guard for POLICY (or, `buggy`, one with the prefix-match bug), simulated from the oracle, behind a transport
 * that replaces a share of the outcomes with faults, and an engine that may
 * die after some probes. The counter actions back the side-effect check.
 */
export function fakeWorld(
  options: { dropRate: number; faults: readonly Fault[]; deathAfter: number | null; creationFailureRate: number; buggy: boolean; seed: number; features?: WorldFeatures },
  healthyEndpoint: string,
) {
  const features = options.features ?? {};
  let state = options.seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const recorded: Recorded[] = [];
  const fired: FeatureCounts = { tierUsed: 0, flaky: 0, laterPredicted: 0, historyOnly: 0, rawErrors: 0 };
  const counters = new Map<string, number>();
  const screeningBaitSeen = new Map<TransportId, number>();
  let dead: string | undefined;
  let created = 0;
  let creationFailures = 0;
  const send: ProbeFunction = async (target, transport, header, probeOptions) => {
    await Promise.resolve();
    const retry = (probeOptions.timeoutMs ?? 0) > BASE_TIMEOUT_MS;
    const phase = phaseOf(target.actorId);
    const answer = (outcome: Outcome, response = ""): ProbeResult => {
      const decision = outcome.kind === "accepted" ? "accept" : outcome.kind === "rejected" || outcome.kind === "transport-rejected" ? "reject" : undefined;
      const wrong = decision !== undefined && phase !== "preflight" && decision !== expectedDecision(POLICY, header);
      recorded.push({ instance: target.actorId, transport, header, outcome, retry, wrong });
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
    if (features.rawErrors && (transport === "raw-request" || transport === "raw-websocket") && random() < features.rawErrors) {
      fired.rawErrors++;
      const inside = target.witness === undefined ? "wire-alone" : {};
      if (transport === "raw-websocket") return answer(classifyRawWebSocketTrace({ handshakeStatus: 101, messages: [], settled: true, settleMs: 5_500 }, inside));
      const answers = [
        { status: 502, body: "bad gateway" },
        { status: 503, body: "service unavailable" },
        { status: 500, body: "<html><body>Internal Server Error</body></html>" },
      ];
      const chosen = answers[Math.floor(random() * answers.length)]!;
      return answer(classifyRawRequestAnswer(chosen, inside), `HTTP ${chosen.status} ${chosen.body}`);
    }
    const single = header.lines.length === 1 ? header.lines[0]! : undefined;
    const disallowed = expectedDecision(POLICY, header) === "reject";
    // The buggy guard also lets through anything that starts with an allowed origin (the prefix-match bug): decided failures, confirmed on fresh instances.
    let accepts = !disallowed || (options.buggy && single !== undefined && POLICY.allow.some((allowed) => single.startsWith(allowed)));
    if (disallowed && features.flaky && single !== undefined && single.length % 2 === 0 && random() < features.flaky) {
      fired.flaky++;
      accepts = true;
    }
    if (disallowed && features.historyOnly && (phase.startsWith("history") || phase === "confirm")) {
      fired.historyOnly++;
      accepts = true;
    }
    const seen = observedOrigin(header);
    if (disallowed && features.laterPredicted && phase === "screening" && laterPredictedBait(seen.kind === "value" ? seen.value : null)) {
      // The first predicted failure the screening confirms, shrunk and then as generated, is decided correctly.
      const seenBefore = screeningBaitSeen.get(transport) ?? 0;
      screeningBaitSeen.set(transport, seenBefore + 1);
      if (seenBefore >= 2) {
        fired.laterPredicted++;
        accepts = true;
      }
    }
    if (!accepts) return answer({ kind: "rejected", group: "user", code: POLICY.rejectCode, status: 500, evidence: "fake rejection" });
    const count = counters.get(target.actorId) ?? 0;
    if (transport === "http-action" && target.action === "increment") counters.set(target.actorId, count + 1);
    const output = target.action === "getCount" ? count : target.action === "increment" ? count + 1 : null;
    return answer({ kind: "accepted", evidence: "fake accept" }, `HTTP 200 {"output":${output}}`);
  };
  /** The guard in process, for the tier: the oracle's decision on what the guard sees, plus the laterPredicted bug. */
  const definition = {
    config: {
      onBeforeConnect: (c: { request?: Request }) => {
        fired.tierUsed++;
        const value = c.request?.headers.get("origin") ?? null;
        const header = value === null ? { lines: [] } : { lines: [value] };
        const accepts = expectedDecision(POLICY, header) === "accept" || (features.laterPredicted === true && laterPredictedBait(value)) || (options.buggy && value !== null && POLICY.allow.some((allowed) => value.startsWith(allowed)));
        if (!accepts) throw Object.assign(new Error("Origin not allowed"), { public: true, group: "user", code: POLICY.rejectCode });
      },
      actions: { increment: () => 0, getCount: () => 0 },
    },
  };
  const hosted: HostedRegistry = {
    endpoint: healthyEndpoint, // a real, healthy engine: a dropped probe alone is no engine death
    poolName: "fake",
    actorNames: ["fake"],
    routesOf: () => ({ actions: ["increment", "getCount"], hasGuard: true, rawRequest: true, rawWebSocket: true, beforeConnectTimeoutMs: 5_000 }),
    ...(features.tier && { definitionOf: () => definition }),
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
  return { send, hosted, engine, recorded, fired, died: () => dead, creationFailures: () => creationFailures };
}

function categoryCells(result: ConformanceResult, transport: TransportId) {
  return Object.entries(result.matrix)
    .filter(([category]) => !PROPERTY_ROWS.has(category))
    .map(([, row]) => row[transport])
    .filter((cell) => cell !== undefined);
}

/** The invariants, for any run over any world. */
export function expectNeverAFalsePass(
  result: ConformanceResult,
  recorded: readonly Recorded[],
  world: { died?: string; creationFailures: number; faultsInjected: boolean; buggy: boolean; wrongFeatures?: boolean },
) {
  const infrastructure = recorded.filter((each) => each.outcome.kind === "infrastructure").length;
  // The preflight probe is no conformance check (nothing is judged from it): only its infrastructure counts.
  // A timeout the run sent once more is judged by what the retry saw: each retry stands in for one timeout.
  const judged = recorded.filter((each) => phaseOf(each.instance) !== "preflight");
  const unobserved = judged.filter((each) => !isDecision(each.outcome)).length - judged.filter((each) => each.retry).length;
  if (infrastructure > 0 || world.died !== undefined || world.creationFailures > 0) expect(result.verdict).toBe("infrastructure-failure");
  if (unobserved > 0) expect(result.verdict).not.toBe("conformant");
  // Any wrong decision the world made on the wire, in any phase, reproducible or not, makes the run not conformant.
  const wrong = recorded.filter((each) => each.wrong && !each.retry);
  if (wrong.length > 0) expect(result.verdict, `the world decided wrongly ${wrong.length} time(s), first ${wrong[0]!.instance} ${wrong[0]!.transport} ${JSON.stringify(wrong[0]!.header.lines)}`).not.toBe("conformant");
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
    // Never counted as passed: a cell passes only on a positive decision seen on the wire (the preflight is never judged).
    const decidedThere = recorded.filter((each) => each.transport === transport && phaseOf(each.instance) !== "preflight" && isDecision(each.outcome)).length;
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
  if (world.died === undefined && world.creationFailures === 0) {
    // A history step that saw no decision never counts as independence shown.
    for (const transport of result.transports) {
      const history = recorded.filter((each) => each.transport === transport && phaseOf(each.instance) === "history");
      const unobservedHistory = history.filter((each) => !isDecision(each.outcome)).length - history.filter((each) => each.retry).length;
      expect(result.matrix["history-independence"]?.[transport]?.failed ?? 0).toBeGreaterThanOrEqual(unobservedHistory);
    }
  }
  if (!world.faultsInjected && !world.wrongFeatures) {
    // The control: with nothing dropped, the correct guard is conformant and the buggy one is not.
    expect(result.verdict).toBe(world.buggy ? "not-conformant" : "conformant");
    expect(result.undecided).toBe(0);
  }
}

