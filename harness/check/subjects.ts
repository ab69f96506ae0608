import { relative } from "node:path";
import { ConformanceUsageError } from "../conformance/usage-error.js";
import { chooseActors } from "../registry/actor-choice.js";
import { type Policy, PUBLIC_POLICY } from "../policy/policy.js";
import { ConfigError, didYouMean, type ResolvedConfig } from "./config.js";

/** One actor to check and the documented set it is checked against. */
export interface SubjectPlan {
  readonly actor: string;
  readonly policy: Policy;
  /** Declared public (in the config, or --any-origin): no guard expected, every origin must be accepted. */
  readonly declaredPublic: boolean;
}

export interface SubjectChoice {
  /** Only this actor; every actor of the registry when absent. */
  readonly actor?: string;
  /** From the command line (or the caller): replaces every policy of the config. */
  readonly policy?: Policy;
  readonly config?: ResolvedConfig;
}

/**
 * The actors a check covers, each with its policy: the one actor asked for, or
 * every actor of the registry. A flag's policy wins over the config's; then
 * the actor's own entry; then the config's default.
 */
export function planSubjects(actorNames: readonly string[], choice: SubjectChoice): SubjectPlan[] {
  const { config } = choice;
  if (config !== undefined) {
    const shown = relative(process.cwd(), config.file) || config.file;
    for (const name of Object.keys(config.actors)) {
      if (!actorNames.includes(name)) throw new ConfigError(`${shown}: actors.${name}: the registry has no actor "${name}"${didYouMean(name, actorNames)}; it has: ${actorNames.join(", ") || "(none)"}`);
    }
  }
  return chooseActors(actorNames, choice.actor, { single: false, nameIt: "--actor" }).map((actor) => {
    const own = config?.actors[actor];
    const policy = choice.policy ?? (own?.public === true ? PUBLIC_POLICY : (own?.policy ?? config?.policy));
    if (policy === undefined) {
      const where = config === undefined ? "or write a config (origin-conformance init)" : `or set "policy" in ${relative(process.cwd(), config.file) || config.file}`;
      throw new ConformanceUsageError(`no policy for actor "${actor}": give --policy <file.json> or --allow <origin>, ${where}`);
    }
    return { actor, policy, declaredPublic: policy.anyOrigin === true };
  });
}
