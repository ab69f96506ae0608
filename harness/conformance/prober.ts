import pLimit from "p-limit";
import { expected } from "../oracle/oracle.js";
import type { OriginHeader } from "../origin/header.js";
import { isDecision } from "../probes/outcome.js";
import { DEFAULT_PROBE_TIMEOUT_MS, type ExtraHeaders, type ProbeOptions, type ProbeResult, type ProbeTarget, probe } from "../probes/probe.js";
import type { TransportId } from "../transports/index.js";
import type { Policy } from "../policy/policy.js";
import type { ActorInstance, HostedRegistry } from "../registry/host.js";
import { type CutOffTracker, RunCutOff } from "./cut-off.js";
import type { EntryContext, Judgement, Ledger, ProbeEntry, ProbeRole } from "./ledger.js";
import { judge } from "./verdict.js";

/** How one probe is sent: `probe` in production; a stand-in (a transport that drops connections) in the harness's own fault tests. */
export type ProbeFunction = (target: ProbeTarget, transport: TransportId, header: OriginHeader, options: ProbeOptions) => Promise<ProbeResult>;

/** What a run checks: one actor of a hosted registry, under one policy. */
export interface Subject {
  readonly hosted: HostedRegistry;
  readonly actor: string;
  readonly policy: Policy;
  readonly transports: readonly TransportId[];
  readonly probeOptions: ProbeOptions;
  /** Action for `http-action` probes; undefined: one that does not exist (no side effects). */
  readonly action: string | undefined;
}

/** How a run is sent, stopped from outside, and told why it had to stop. */
export interface RunControl {
  readonly probe?: ProbeFunction;
  /** Aborting it stops the run (Ctrl-C): probes on the wire are abandoned, queued ones never sent. */
  readonly signal?: AbortSignal;
  /** Asked after a probe saw no decision (infrastructure, timeout, errored): why the engine is gone, or undefined while it is healthy. */
  readonly engineGone?: () => Promise<string | undefined>;
}

/**
 * A failing, decided probe is sent once more on a fresh instance: a wrong decision that does not
 * reproduce there depends on what the instance saw before (derive.ts reports it as history-independence).
 * bounded: at most RECHECKS_PER_CELL per category × transport; always: the history phase; never: shrinking steps.
 */
export type Recheck = "bounded" | "always" | "never";

export interface CheckOptions {
  readonly category: string;
  readonly role?: ProbeRole;
  readonly action?: string;
  /** Shrinking goes on after the first failure: that is how the failure becomes minimal. */
  readonly evenIfStopped?: boolean;
  readonly recheck?: Recheck;
  /** Header lines sent besides the Origin (the header property); judged on the Origin alone all the same. */
  readonly extraHeaders?: ExtraHeaders;
  /** Context recorded with the entry (corpus case, seed and path, shrinking step). */
  readonly context?: EntryContext;
}

export interface Checked {
  readonly entry: ProbeEntry;
  readonly result: ProbeResult;
  readonly verdict: Judgement;
  /** The fresh-instance re-probe, when one was made. */
  readonly recheck?: ProbeEntry;
}

export const TIMEOUT_RETRY_FACTOR = 2;
const RECHECKS_PER_CELL = 3;

/**
 * The run's probes, bounded by its concurrency, and the one place where a wire
 * observation enters the ledger (`check`).
 */
export class Prober {
  /** Probes the guard (or rivetkit for it) decided: accepted or rejected; the engine's own 400s do not count. */
  private decided = 0;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly probeFn: ProbeFunction;
  private goneCheck?: Promise<void>;
  private readonly rechecks = new Map<string, number>();

  constructor(
    readonly subject: Subject,
    private readonly ledger: Ledger,
    private readonly cut: CutOffTracker,
    concurrency: number,
    private readonly stopAtFirstFailure: boolean,
    private readonly control: RunControl = {},
  ) {
    this.limit = pLimit(concurrency);
    this.probeFn = control.probe ?? probe;
  }

  /**
   * True once the run saw its first wrong decision (with stopAtFirstFailure) or was cut off.
   * It reads the ledger, so the rechecks and shrinking that follow a failure never delay it
   * (measured before: a known-bad run probed its whole corpus, 1,621 probes in 19.5 s, first).
   */
  get stopped(): boolean {
    return this.cut.aborted || (this.stopAtFirstFailure && this.ledger.failingEvidence > 0);
  }

  /** Waits, bounded, until no probe is queued or on the wire: after a cut each returns at once, so the cut-off counts are whole; otherwise each lands in the ledger. */
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
    if (this.cut.aborted) return Promise.reject(new RunCutOff(this.cut.reason));
    const created = this.subject.hosted.newActor(this.subject.actor, keyPrefix).catch(async (error: unknown): Promise<never> => {
      if (!this.cut.aborted) {
        const gone = await this.control.engineGone?.().catch(() => undefined);
        this.cut.abort(gone ?? (error instanceof Error ? error.message : String(error)));
      }
      throw new RunCutOff(this.cut.reason);
    });
    return Promise.race([
      created,
      this.cut.signal.then((): never => {
        throw new RunCutOff(this.cut.reason);
      }),
    ]);
  }

  /**
   * One probe, bounded by the run's concurrency, recorded in the ledger with its
   * judgement. Undefined when the run stopped before its turn came, or was cut
   * off while it was on the wire (the cut-off lists it).
   */
  async check(instance: ActorInstance, transport: TransportId, header: OriginHeader, options: CheckOptions, recheckOf?: number): Promise<Checked | undefined> {
    const role = options.role ?? "evidence";
    const action = options.action ?? this.subject.action;
    // The phase that sent it: a property that fast-check interrupted at its time limit can still have a probe in flight when the next phase starts.
    const phase = recheckOf !== undefined ? this.ledger.probeAt(recheckOf).phase : this.cut.phase;
    const answers = await this.limit(async (): Promise<ProbeResult[] | undefined> => {
      if (this.stopped && options.evenIfStopped !== true && recheckOf === undefined && !this.cut.aborted) return undefined;
      const first = await this.send(instance, transport, header, action, options.extraHeaders);
      if (first === undefined) return undefined;
      // rivetkit runs one instance's guard calls largely one after another, so under load a probe can
      // queue past its bound behind the others in flight. A timeout while the guard decides other
      // probes is sent once more with twice the bound; only what that second probe observes is judged.
      if (role !== "evidence" || first.outcome.kind !== "timeout" || this.decided === 0 || this.cut.aborted) return [first];
      const second = await this.send(instance, transport, header, action, options.extraHeaders, TIMEOUT_RETRY_FACTOR);
      return second === undefined ? [first] : [first, second];
    });
    if (answers === undefined) return undefined;
    const expectation = expected(this.subject.policy, header);
    const record = (result: ProbeResult) =>
      this.ledger.appendProbe({
        kind: "probe",
        phase,
        role,
        instance: instance.actorId,
        category: options.category,
        transport,
        header,
        ...(result.extraHeaders !== undefined && { extraHeaders: result.extraHeaders }),
        observed: expectation.observed,
        outcome: result.outcome,
        judgement: judge(this.subject.policy, header, result.outcome, expectation),
        request: result.request,
        response: result.response,
        ...(result.transcript !== undefined && { transcript: result.transcript }),
        ...(recheckOf !== undefined && { recheckOf }),
        context: { ...options.context },
      });
    let entry = record(answers[0]!);
    if (answers[1] !== undefined) {
      const retry = record(answers[1]);
      this.ledger.supersede(entry, retry);
      entry = retry;
    }
    const result = answers.at(-1)!;
    const recheck = recheckOf === undefined && role === "evidence" ? await this.recheck(entry, options) : undefined;
    return { entry, result, verdict: entry.judgement, ...(recheck !== undefined && { recheck }) };
  }

  /** The same header on a fresh instance, for a wrong decision (not a wrong rejection code, not an undecided probe). */
  private async recheck(entry: ProbeEntry, options: CheckOptions): Promise<ProbeEntry | undefined> {
    const mode = options.recheck ?? "bounded";
    const { judgement, outcome } = entry;
    if (mode === "never" || judgement.pass || judgement.undecided || this.cut.aborted) return undefined;
    if (outcome.kind === "rejected" && judgement.expected === "reject") return undefined;
    if (mode === "bounded") {
      const key = `${entry.category}/${entry.transport}`;
      const done = this.rechecks.get(key) ?? 0;
      if (done >= RECHECKS_PER_CELL) return undefined;
      this.rechecks.set(key, done + 1);
    }
    let fresh: ActorInstance;
    try {
      fresh = await this.limit(() => this.newInstance("confirm"));
    } catch (error) {
      if (error instanceof RunCutOff) return undefined;
      throw error;
    }
    const checked = await this.check(fresh, entry.transport, entry.header, { ...options, evenIfStopped: true }, entry.seq);
    return checked?.entry;
  }

  /**
   * Sends one probe (not recorded). Undefined when the run was cut off while it
   * was on the wire. An outcome that is no decision (infrastructure, timeout,
   * errored) makes the run ask whether the engine is gone; if it is, the run
   * is cut off.
   */
  private async send(
    instance: ActorInstance,
    transport: TransportId,
    header: OriginHeader,
    action: string | undefined,
    extraHeaders: ExtraHeaders | undefined,
    boundFactor = 1,
  ): Promise<ProbeResult | undefined> {
    if (this.cut.aborted) {
      this.cut.lose(transport, header, "not-sent");
      return undefined;
    }
    const probeOptions = this.subject.probeOptions;
    const options = {
      ...probeOptions,
      ...(boundFactor !== 1 && { timeoutMs: (probeOptions.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS) * boundFactor }),
      ...(extraHeaders !== undefined && { headers: extraHeaders }),
    };
    const target: ProbeTarget = { endpoint: this.subject.hosted.endpoint, actorId: instance.actorId, action, witness: this.subject.hosted.witness };
    const result = await Promise.race([this.probeFn(target, transport, header, options), this.cut.signal]);
    if (result === undefined) {
      this.cut.lose(transport, header, "sent");
      return undefined;
    }
    if (result.outcome.kind === "accepted" || result.outcome.kind === "rejected") this.decided++;
    // Connection failed, no answer, or an answer that is no decision: is the engine still there? (If not, the
    // run is cut off; this answer was observed all the same and goes into the ledger.)
    if (!isDecision(result.outcome)) await this.checkEngine();
    return result;
  }

  /** One engine check at a time, however many probes failed at once; returns early when the run is cut off meanwhile. */
  private checkEngine(): Promise<void> {
    const engineGone = this.control.engineGone;
    if (engineGone === undefined || this.cut.aborted) return Promise.resolve();
    this.goneCheck ??= engineGone()
      .then((why) => {
        if (why !== undefined) this.cut.abort(why);
      })
      .finally(() => (this.goneCheck = undefined));
    return Promise.race([this.goneCheck, this.cut.signal]).then(() => undefined);
  }
}
