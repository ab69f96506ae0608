import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { closest, distance } from "fastest-levenshtein";
import { tsImport } from "tsx/esm/api";
import { z } from "zod";
import { PROFILES, type Profile } from "../conformance/run.js";
import { type Policy, PolicyError, parsePolicy } from "../policy/policy.js";
import { TRANSPORT_IDS, type TransportId } from "../transports/index.js";

/** What `origin-conformance.config.ts` (or `.json`) holds. Paths are relative to the config file. */
export interface OriginConformanceConfig {
  /** The module that exports the rivetkit registry. */
  readonly registry?: string;
  /** The documented set for every actor: a policy object, or a path to its JSON file. */
  readonly policy?: PolicyInput | string;
  /** Per-actor settings, by actor name: a policy of its own, or `public: true` (no guard expected; every origin must be accepted). */
  readonly actors?: Readonly<Record<string, ActorConfig>>;
  readonly profile?: Profile;
  readonly runs?: number;
  readonly seed?: number;
  readonly transports?: readonly TransportId[];
}

export interface ActorConfig {
  readonly policy?: PolicyInput | string;
  readonly public?: boolean;
}

export interface PolicyInput {
  readonly allow: readonly string[];
  readonly match?: "exact" | "normalized";
  readonly missingOrigin?: "reject" | "accept";
  readonly rejectCode?: string;
}

/** Typed identity, as vitest's own: `export default defineConfig({ ... })`. */
export function defineConfig(config: OriginConformanceConfig): OriginConformanceConfig {
  return config;
}

/** A config as the check uses it: absolute paths, parsed policies. */
export interface ResolvedConfig {
  readonly file: string;
  readonly registry?: string;
  readonly policy?: Policy;
  readonly actors: Readonly<Record<string, { readonly policy?: Policy; readonly public: boolean }>>;
  readonly profile?: Profile;
  readonly runs?: number;
  readonly seed?: number;
  readonly transports?: readonly TransportId[];
}

/** Bad config: one line naming the file and the key. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const CONFIG_FILE_NAMES = ["origin-conformance.config.ts", "origin-conformance.config.mts", "origin-conformance.config.js", "origin-conformance.config.mjs", "origin-conformance.config.json"] as const;

const policyField = z.union([z.string().min(1), z.record(z.string(), z.unknown())], { error: "expected a policy object or the path of a policy JSON file" });

const actorSchema = z.strictObject({ policy: policyField.optional(), public: z.boolean({ error: "expected true or false" }).optional() });

const configSchema = z.strictObject({
  registry: z.string({ error: "expected the path of the module that exports the registry" }).min(1).optional(),
  policy: policyField.optional(),
  actors: z.record(z.string(), actorSchema, { error: "expected an object of actor names" }).optional(),
  profile: z.enum(PROFILES as [Profile, ...Profile[]], { error: `expected one of ${PROFILES.join(", ")}` }).optional(),
  runs: z.int({ error: "expected a positive whole number" }).min(1, { error: "expected a positive whole number" }).optional(),
  seed: z.int({ error: "expected a whole number" }).optional(),
  transports: z
    .array(z.enum(TRANSPORT_IDS as [TransportId, ...TransportId[]], { error: `expected one of ${TRANSPORT_IDS.join(", ")}` }), { error: "expected an array of transports" })
    .min(1, { error: "expected at least one transport" })
    .optional(),
});

const KNOWN_KEYS: Record<string, readonly string[]> = { "": Object.keys(configSchema.shape), actor: Object.keys(actorSchema.shape) };

/** "did you mean" for a name that is close to one of `candidates`. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return "";
  const best = closest(name, [...candidates]);
  return best !== undefined && distanceWithin(name, best) ? `; did you mean "${best}"?` : "";
}

function distanceWithin(a: string, b: string): boolean {
  return distance(a.toLowerCase(), b.toLowerCase()) <= Math.max(2, Math.floor(b.length / 3));
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`)).join("") || "(the config)";
}

function formatIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const known = KNOWN_KEYS[issue.path.length === 0 ? "" : "actor"]!;
    const where = issue.path.length === 0 ? "" : `${formatPath(issue.path)}: `;
    return issue.keys.map((key) => `${where}unknown key "${key}"${didYouMean(key, known) || `; known keys: ${known.join(", ")}`}`).join("; ");
  }
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** The config file in `directory` or the nearest directory above it, as vitest finds its own; two in one directory is an error. */
export function findConfig(directory: string): string | undefined {
  for (let current = resolve(directory); ; current = dirname(current)) {
    let names: string[] = [];
    try {
      names = readdirSync(current);
    } catch {
      // An unreadable directory holds no config we could use; keep walking up.
    }
    const found = CONFIG_FILE_NAMES.filter((name) => names.includes(name));
    if (found.length > 1) throw new ConfigError(`two config files found in ${current}: ${found.join(" and ")}; keep one, or name one with --config`);
    if (found.length === 1) return join(current, found[0]!);
    if (dirname(current) === current) return undefined;
  }
}

async function readConfigFile(file: string): Promise<unknown> {
  const shown = relative(process.cwd(), file) || basename(file);
  if (!existsSync(file) || !statSync(file).isFile()) throw new ConfigError(`config file not found: ${shown}`);
  if (extname(file) === ".json") {
    try {
      return JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new ConfigError(`${shown}: not valid JSON: ${(error as Error).message}`);
    }
  }
  let exports: Record<string, unknown>;
  try {
    exports = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`${shown}: does not load: ${((error as Error)?.message ?? String(error)).split("\n")[0]}`);
  }
  let config = exports.default ?? exports.config;
  // A TypeScript module compiled to CommonJS comes back wrapped: its exports object is the namespace's default.
  if (typeof config === "object" && config !== null && "default" in config && Object.keys(config).every((key) => key === "default" || key === "__esModule")) config = (config as { default: unknown }).default;
  if (config === undefined) throw new ConfigError(`${shown}: exports no config (expected \`export default defineConfig({ ... })\`)`);
  return config;
}

function resolvePolicy(input: unknown, key: string, shown: string, base: string): Policy {
  let value = input;
  if (typeof input === "string") {
    const path = resolve(base, input);
    try {
      value = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      const why = existsSync(path) ? `is not valid JSON: ${(error as Error).message}` : "is not found";
      throw new ConfigError(`${shown}: ${key}: the policy file ${input} ${why}`);
    }
  }
  try {
    return parsePolicy(value);
  } catch (error) {
    if (error instanceof PolicyError) throw new ConfigError(`${shown}: ${key}: ${error.issues.join("; ")}`);
    throw error;
  }
}

/** Reads and validates a config file: every problem named with the file and the key, in one line. */
export async function loadConfig(file: string): Promise<ResolvedConfig> {
  const absolute = resolve(file);
  return resolveConfig(await readConfigFile(absolute), absolute);
}

/**
 * Validates a config (from a file, or given in code to describeRegistryConformance, whose
 * `file` is only a name): paths resolve against the file's directory.
 */
export function resolveConfig(input: unknown, file: string): ResolvedConfig {
  const absolute = resolve(file);
  const shown = relative(process.cwd(), absolute) || basename(absolute);
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(`${shown}: ${parsed.error.issues.map(formatIssue).join("; ")}`);
  const config = parsed.data;
  const base = dirname(absolute);
  let registry: string | undefined;
  if (config.registry !== undefined) {
    registry = resolve(base, config.registry);
    if (!existsSync(registry)) throw new ConfigError(`${shown}: registry: ${config.registry} does not resolve to a file (looked for ${relative(process.cwd(), registry)})`);
  }
  const actors = Object.fromEntries(
    Object.entries(config.actors ?? {}).map(([name, actor]) => {
      if (actor.public === true && actor.policy !== undefined) throw new ConfigError(`${shown}: actors.${name}: a public actor has no policy; remove "policy" or "public"`);
      return [name, { public: actor.public === true, ...(actor.policy !== undefined && { policy: resolvePolicy(actor.policy, `actors.${name}.policy`, shown, base) }) }];
    }),
  );
  return {
    file: absolute,
    ...(registry !== undefined && { registry }),
    ...(config.policy !== undefined && { policy: resolvePolicy(config.policy, "policy", shown, base) }),
    actors,
    ...(config.profile !== undefined && { profile: config.profile }),
    ...(config.runs !== undefined && { runs: config.runs }),
    ...(config.seed !== undefined && { seed: config.seed }),
    ...(config.transports !== undefined && { transports: config.transports }),
  };
}
