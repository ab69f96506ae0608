import pLimit from "p-limit";
import type { OriginHeader } from "../origin/header.js";
import { type ProbeOptions, type ProbeResult, probe } from "../probes/probe.js";
import type { TransportId } from "../probes/transports.js";
import type { Policy } from "../policy/policy.js";
import type { ActorInstance, HostedRegistry } from "../registry/host.js";
import type { CellCount, Failure } from "./result.js";
import { type CaseVerdict, judge } from "./verdict.js";

export interface ProgressEvent {
  readonly phase: "corpus" | "random" | "shrink" | "history" | "side-effects";
  readonly transport?: TransportId;
  readonly done: number;
  readonly total: number;
  readonly failures: number;
}

/** What every phase of a run shares: the subject, the policy, counts and failures so far. */
export class RunContext {
  readonly matrix: Record<string, Partial<Record<TransportId, CellCount>>> = {};
  readonly failures: Failure[] = [];
  probes = 0;
  undecided = 0;
  infrastructure = 0;
  private readonly limit: ReturnType<typeof pLimit>;

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
  ) {
    this.limit = pLimit(concurrency);
  }

  get stopped(): boolean {
    return this.stopAtFirstFailure && this.failures.length > 0;
  }

  newInstance(keyPrefix: string): Promise<ActorInstance> {
    return this.hosted.newActor(this.actor, keyPrefix);
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
    const result = await this.limit(() =>
      this.stopped && !evenIfStopped ? undefined : probe({ endpoint: this.hosted.endpoint, actorId: instance.actorId, action }, transport, header, this.probeOptions),
    );
    if (result === undefined) return undefined;
    this.probes++;
    if (result.outcome.kind === "infrastructure") this.infrastructure++;
    const verdict = judge(this.policy, header, result.outcome);
    if (verdict.undecided) this.undecided++;
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
    if (verdict.undecided) return { property: "oracle", category };
    const key = `${category}/${transport}`;
    const done = this.confirmations.get(key) ?? 0;
    if (done >= 3) return { property: "oracle", category };
    this.confirmations.set(key, done + 1);
    const fresh = await this.limit(async () => probe({ endpoint: this.hosted.endpoint, actorId: (await this.newInstance("confirm")).actorId, action: this.action }, transport, header, this.probeOptions));
    this.probes++;
    const freshVerdict = judge(this.policy, header, fresh.outcome);
    return freshVerdict.pass ? { property: "history-independence", category: "history-independence", confirmed: false } : { property: "oracle", category, confirmed: true };
  }
}
