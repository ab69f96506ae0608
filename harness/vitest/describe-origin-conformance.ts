import type { PolicyInput } from "../check/config.js";
import { chooseActors } from "../registry/actor-choice.js";
import { describeRegistryConformance, type DescribeRegistryConformanceOptions } from "./describe-registry-conformance.js";

export interface DescribeOriginConformanceOptions extends Omit<DescribeRegistryConformanceOptions, "actors" | "policy"> {
  /** The actor to check; optional when the registry has exactly one. */
  readonly actor?: string;
  /** The documented set: a policy object, or the path of its JSON file. */
  readonly policy: PolicyInput | string | object;
}

/** The conformance suite for one actor (describeRegistryConformance with one actor). */
export function describeOriginConformance(options: DescribeOriginConformanceOptions): void {
  const names = Object.keys(((options.registry.config as { use?: object }).use ?? {}) as object);
  const [actor] = chooseActors(names, options.actor, { single: true, nameIt: "{ actor }" });
  describeRegistryConformance({ ...options, actor, policy: options.policy as PolicyInput });
}
