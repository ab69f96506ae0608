import pLimit from "p-limit";
import type { OriginHeader } from "../origin/header.js";
import { isDecision, type Outcome } from "../probes/outcome.js";
import { DEFAULT_PROBE_TIMEOUT_MS, type ProbeOptions, type ProbeResult, type ProbeTarget, probe } from "../probes/probe.js";
import type { TransportId } from "../probes/transports.js";
import type { Policy } from "../policy/policy.js";
import type { ActorInstance, HostedRegistry } from "../registry/host.js";
import type { CellCount, CutOff, CutOffProbe, Failure } from "./result.js";
import { type CaseVerdict, judge } from "./verdict.js";

/** How one probe is sent: `probe` in production; a stand-in (a transport that drops connections) in the harness's own fault tests. */
export type ProbeFunction = (target: ProbeTarget, transport: TransportId, header: OriginHeader, options: ProbeOptions) => Promise<ProbeResult>;

export type PhaseId = "preflight" | "corpus" | "random" | "history" | "side-effects" | "screening";

/** How a run is sent, stopped from outside, and told why it had to stop. */
export interface RunControl {
  readonly probe?: ProbeFunction;
  /** Aborting it stops the run (Ctrl-C): probes on the wire are abandoned, queued ones never sent. */
  readonly signal?: AbortSignal;
  /** Asked after a probe saw no decision (infrastructure, timeout, errored): why the engine is gone, or undefined while it is healthy. */
  readonly engineGone?: () => Promise<string | undefined>;
}

/** Thrown where a stopped run would otherwise start new work (a new instance). */
export class RunCutOff extends Error {
  override readonly name = "RunCutOff";
}

const CUT_OFF_LISTED = 100;
const TIMEOUT_RETRY_FACTOR = 2;

export interface ProgressEvent {
  readonly phase: "corpus" | "random" | "shrink" | "history" | "side-effects" | "screening";
  readonly transport?: TransportId;
  readonly done: number;
  readonly total: number;
  readonly failures: number;
}

/** What every phase of a run shares: the subject, the policy, counts and failures so far. */
export class RunContext {
  readonly matrix: Record<string, Partial<Record<TransportId, CellCount>>> = {};
  readonly failures: Failure[] = [];
  /** Every corpus probe's decision as the wire showed it: what the in-process tier must agree with before it is used. */
  readonly corpusWire: { readonly transport: TransportId; readonly header: OriginHeader; readonly outcome: Outcome }[] = [];
  probes = 0;
  undecided = 0;
  infrastructure = 0;
  /** Probes the guard (or rivetkit for it) decided: accepted or rejected; the engine's own 400s do not count. */
  decided = 0;
  /** Timeouts sent once more (see check). */
  timeoutsRetried = 0;
  /** The phase running now; a cut-off records it. */
  phase: PhaseId = "preflight";
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly probeFn: ProbeFunction;
  private cut?: { readonly reason: string; readonly phase: PhaseId };
  private readonly cutSignal: Promise<undefined>;
  private resolveCut!: (value: undefined) => void;
  private readonly cutProbes = { sent: [] as CutOffProbe[], notSent: [] as CutOffProbe[], sentCount: 0, notSentCount: 0 };
  private goneCheck?: Promise<void>;

  constructor(
    readonly hosted: HostedRegistry,
    readonly actor: string,
    readonly policy: Policy,
    readonly transports: readonly TransportId[],
    readonly probeOptions: ProbeOptions,
    concurrency: number,
    readonly action: string | undefined,
    readonly stopAtFirstFailure: boolean,
    readonly onProgress: (event: ProgressEvent) => void,
    readonly replayCommand: (failure: Omit<Failure, "replay">) => string,
    private readonly control: RunControl = {},
  ) {
    this.limit = pLimit(concurrency);
    this.probeFn = control.probe ?? probe;
    this.cutSignal = new Promise((resolve) => (this.resolveCut = resolve));
    const signal = control.signal;
    if (signal?.aborted) this.abort(abortReason(signal));
    else signal?.addEventListener("abort", () => this.abort(abortReason(signal)), { once: true });
  }

  /** A probe failed its verdict; its failure may still be in classification (a confirmation on a fresh instance). */
  private failureSeen = false;

  /**
   * True once the run found its first failure (with stopAtFirstFailure) or was cut off.
   * "Found" is the failing verdict, not the recorded failure: the confirmation that
   * classifies it waits for a probe slot, and would otherwise queue behind every probe
   * already waiting (measured: a known-bad run probed its whole corpus, 1,621 probes
   * in 19.5 s, before its first failure was recorded).
   */
  get stopped(): boolean {
    return this.aborted || (this.stopAtFirstFailure && (this.failureSeen || this.failures.length > 0));
  }

  get aborted(): boolean {
    return this.cut !== undefined;
  }

  /** Stops the run: nothing new is sent, probes on the wire are abandoned. The first reason wins. */
  abort(reason: string) {
    if (this.cut !== undefined) return;
    this.cut = { reason, phase: this.phase };
    this.resolveCut(undefined);
  }

  /** What the run did not finish; undefined when it was not cut off. */
  cutOff(plannedPhases: readonly PhaseId[]): CutOff | undefined {
    if (this.cut === undefined) return undefined;
    const at = plannedPhases.indexOf(this.cut.phase);
    return {
      reason: this.cut.reason,
      phase: this.cut.phase,
      phasesNotRun: at < 0 ? [...plannedPhases] : plannedPhases.slice(at + 1),
      sent: this.cutProbes.sentCount,
      notSent: this.cutProbes.notSentCount,
      probes: [...this.cutProbes.sent, ...this.cutProbes.notSent].slice(0, CUT_OFF_LISTED),
    };
  }

  /** After a cut: lets the queued probes drain (each returns at once), so the cut-off counts are whole. Bounded. */
  async drain(withinMs = 2_000) {
    const deadline = Date.now() + withinMs;
    while ((this.limit.activeCount > 0 || this.limit.pendingCount > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * A fresh instance; rejects with RunCutOff as soon as the run is cut off
   * (creation can hang on a dead engine). An instance that cannot be created
   * (after the host's retries) cuts the run off: wherever that happens, even
   * inside a fast-check property that would take the error for a
   * counterexample, the run ends as an infrastructure failure.
   */
  newInstance(keyPrefix: string): Promise<ActorInstance> {
    if (this.cut !== undefined) return Promise.reject(new RunCutOff(this.cut.reason));
    const created = this.hosted.newActor(this.actor, keyPrefix).catch(async (error: unknown): Promise<never> => {
      if (this.cut === undefined) {
        const gone = await this.control.engineGone?.().catch(() => undefined);
        this.abort(gone ?? (error instanceof Error ? error.message : String(error)));
      }
      throw new RunCutOff(this.cut!.reason);
    });
    return Promise.race([
      created,
      this.cutSignal.then((): never => {
        throw new RunCutOff(this.cut!.reason);
      }),
    ]);
  }

  private recordCut(transport: TransportId, header: OriginHeader, state: CutOffProbe["state"]) {
    const entry: CutOffProbe = { phase: this.phase, transport, header, state };
    if (state === "sent") {
      this.cutProbes.sentCount++;
      if (this.cutProbes.sent.length < CUT_OFF_LISTED) this.cutProbes.sent.push(entry);
    } else {
      this.cutProbes.notSentCount++;
      if (this.cutProbes.notSent.length < CUT_OFF_LISTED) this.cutProbes.notSent.push(entry);
    }
  }

  /**
   * Sends one probe (not judged). Undefined when the run was cut off while it
   * was on the wire. An outcome that is no decision (infrastructure, timeout,
   * errored) makes the run ask whether the engine is gone; if it is, the run
   * is cut off and this probe with it.
   */
  async send(instance: ActorInstance, transport: TransportId, header: OriginHeader, action = this.action, boundFactor = 1): Promise<ProbeResult | undefined> {
    if (this.cut !== undefined) {
      this.recordCut(transport, header, "not-sent");
      return undefined;
    }
    const options = boundFactor === 1 ? this.probeOptions : { ...this.probeOptions, timeoutMs: (this.probeOptions.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS) * boundFactor };
    const sent = this.probeFn({ endpoint: this.hosted.endpoint, actorId: instance.actorId, action }, transport, header, options);
    const result = await Promise.race([sent, this.cutSignal]);
    if (result === undefined) {
      this.recordCut(transport, header, "sent");
      return undefined;
    }
    this.probes++;
    if (result.outcome.kind === "infrastructure") this.infrastructure++;
    if (result.outcome.kind === "accepted" || result.outcome.kind === "rejected") this.decided++;
    if (!isDecision(result.outcome)) {
      // Connection failed, no answer, or an answer that is no decision: is the engine still there?
      await this.checkEngine();
      if (this.cut !== undefined) {
        this.recordCut(transport, header, "sent");
        return undefined;
      }
    }
    return result;
  }

  /** One engine check at a time, however many probes failed at once; returns early when the run is cut off meanwhile. */
  private checkEngine(): Promise<void> {
    const engineGone = this.control.engineGone;
    if (engineGone === undefined || this.cut !== undefined) return Promise.resolve();
    this.goneCheck ??= engineGone()
      .then((why) => {
        if (why !== undefined) this.abort(why);
      })
      .finally(() => (this.goneCheck = undefined));
    return Promise.race([this.goneCheck, this.cutSignal]).then(() => undefined);
  }

  /**
   * One probe, bounded by the run's concurrency, judged against the oracle.
   * Undefined when the run stopped (first failure found) before its turn came.
   */
  async check(
    instance: ActorInstance,
    transport: TransportId,
    header: OriginHeader,
    action = this.action,
    /** Shrinking goes on after the first failure: that is how the failure becomes minimal. */
    evenIfStopped = false,
  ): Promise<{ result: ProbeResult; verdict: CaseVerdict } | undefined> {
    const result = await this.limit(async () => {
      if (this.stopped && !evenIfStopped && !this.aborted) return undefined;
      const first = await this.send(instance, transport, header, action);
      // rivetkit runs one instance's guard calls largely one after another, so under load a probe can
      // queue past its bound behind the others in flight. A timeout while the guard decides other
      // probes is sent once more with twice the bound; only what that second probe observes is judged.
      if (first?.outcome.kind !== "timeout" || this.decided === 0 || this.aborted) return first;
      this.timeoutsRetried++;
      return this.send(instance, transport, header, action, TIMEOUT_RETRY_FACTOR);
    });
    if (result === undefined) return undefined;
    const verdict = judge(this.policy, header, result.outcome);
    if (verdict.undecided) this.undecided++;
    if (!verdict.pass) this.failureSeen = true;
    return { result, verdict };
  }

  count(category: string, transport: TransportId, passed: boolean) {
    const row = (this.matrix[category] ??= {});
    const cell = (row[transport] ??= { run: 0, passed: 0, failed: 0 });
    cell.run++;
    if (passed) cell.passed++;
    else cell.failed++;
  }

  fail(failure: Omit<Failure, "replay">) {
    this.failures.push({ ...failure, replay: this.replayCommand(failure) });
  }

  private confirmations = new Map<string, number>();

  /**
   * Re-probes a failing header on a fresh instance. A failure that does not
   * reproduce there depends on what the instance saw before (or on timing):
   * it is reported under history-independence. A wrong rejection code is
   * reported under reject-code, whatever origin showed it. At most a few
   * confirmations per category and transport, to bound the cost.
   */
  async classifyFailure(category: string, transport: TransportId, header: OriginHeader, verdict: CaseVerdict, outcome: { kind: string }): Promise<{ property: Failure["property"]; category: string; confirmed?: boolean }> {
    if (outcome.kind === "rejected" && verdict.expectation.decision === "reject") return { property: "oracle", category: "reject-code" };
    if (verdict.undecided || this.aborted) return { property: "oracle", category };
    const key = `${category}/${transport}`;
    const done = this.confirmations.get(key) ?? 0;
    if (done >= 3) return { property: "oracle", category };
    this.confirmations.set(key, done + 1);
    // The same probe path as every other probe (counted, infrastructure noticed); the new instance stays inside the limiter.
    const fresh = await this.limit(async () => {
      if (this.aborted) return undefined;
      let instance: ActorInstance;
      try {
        instance = await this.newInstance("confirm");
      } catch (error) {
        if (error instanceof RunCutOff) return undefined;
        throw error;
      }
      return this.send(instance, transport, header, this.action);
    });
    if (fresh === undefined) return { property: "oracle", category };
    const freshVerdict = judge(this.policy, header, fresh.outcome);
    // A confirmation that observed nothing confirms nothing, either way.
    if (freshVerdict.undecided) {
      this.undecided++;
      return { property: "oracle", category };
    }
    return freshVerdict.pass ? { property: "history-independence", category: "history-independence", confirmed: false } : { property: "oracle", category, confirmed: true };
  }
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === "string" ? reason : "the run was stopped";
}
