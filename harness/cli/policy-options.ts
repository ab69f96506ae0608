import { readFileSync } from "node:fs";
import { type Policy, PolicyError, parsePolicy, PUBLIC_POLICY } from "../policy/policy.js";
import { UsageError } from "./exit-codes.js";

export interface PolicyFlags {
  readonly policy?: string;
  readonly allow?: readonly string[];
  readonly match?: string;
  readonly missingOrigin?: string;
  readonly rejectCode?: string;
  readonly anyOrigin?: boolean;
}

/** `--policy file.json`, or `--allow` (repeated) with the other policy flags, or `--any-origin`; undefined when none is given. */
export function policyFromFlags(flags: PolicyFlags): Policy | undefined {
  const inline = flags.allow !== undefined || flags.match !== undefined || flags.missingOrigin !== undefined || flags.rejectCode !== undefined;
  if (flags.policy !== undefined && inline) throw new UsageError("use either --policy or --allow/--match/--missing-origin/--reject-code, not both");
  if (flags.anyOrigin === true) {
    if (flags.policy !== undefined || inline) throw new UsageError("--any-origin (a public actor) takes no other policy flag");
    return PUBLIC_POLICY;
  }
  let input: unknown;
  if (flags.policy !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.policy, "utf8");
    } catch {
      throw new UsageError(`policy file not found: ${flags.policy}`);
    }
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`policy file ${flags.policy} is not valid JSON: ${(error as Error).message}`);
    }
  } else if (flags.allow !== undefined) {
    input = {
      allow: flags.allow,
      ...(flags.match !== undefined && { match: flags.match }),
      ...(flags.missingOrigin !== undefined && { missingOrigin: flags.missingOrigin }),
      ...(flags.rejectCode !== undefined && { rejectCode: flags.rejectCode }),
    };
  } else {
    return undefined;
  }
  try {
    return parsePolicy(input);
  } catch (error) {
    if (error instanceof PolicyError) throw new UsageError(error.message);
    throw error;
  }
}

/** The flags that give this policy back, for replay commands. */
export function policyAsFlags(policy: Policy): string {
  if (policy.anyOrigin) return "--any-origin";
  const parts = policy.allow.map((origin) => `--allow '${origin}'`);
  if (policy.match !== "exact") parts.push(`--match ${policy.match}`);
  if (policy.missingOrigin !== "reject") parts.push(`--missing-origin ${policy.missingOrigin}`);
  if (policy.rejectCode !== "origin_not_allowed") parts.push(`--reject-code ${policy.rejectCode}`);
  return parts.join(" ");
}
