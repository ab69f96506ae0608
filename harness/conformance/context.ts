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

  /** One probe, bounded by the run's concurrency, judged against the oracle. */
  async check(instance: ActorInstance, transport: TransportId, header: OriginHeader, action = this.action): Promise<{ result: ProbeResult; verdict: CaseVerdict }> {
    const result = await this.limit(() => probe({ endpoint: this.hosted.endpoint, actorId: instance.actorId, action }, transport, header, this.probeOptions));
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
}
