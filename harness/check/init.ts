import { existsSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { missingOriginGuard } from "../registry/guard-presence.js";
import type { AnyRegistry } from "../registry/host.js";
import { CONFIG_FILE_NAMES } from "./config.js";

export interface InitActor {
  readonly name: string;
  /** Why the actor has no origin guard (registry/guard-presence.ts), if it has none. */
  readonly unguarded?: string;
}

export function actorsOf(registry: AnyRegistry): InitActor[] {
  const use = ((registry.config as { use?: Record<string, unknown> }).use ?? {}) as Record<string, unknown>;
  return Object.entries(use).map(([name, definition]) => {
    const unguarded = missingOriginGuard(definition);
    return unguarded === undefined ? { name } : { name, unguarded };
  });
}

const TODO_ALLOW = "TODO: the origins your app is served from, e.g. \"https://myapp.com\"";

function actorLine(actor: InitActor, indent: string, json: boolean): string {
  const key = /^[A-Za-z_$][\w$]*$/.test(actor.name) && !json ? actor.name : JSON.stringify(actor.name);
  if (json) return `${indent}${JSON.stringify(actor.name)}: {}`;
  const note = actor.unguarded === undefined ? "uses the policy above; give it { policy: { ... } } of its own if it differs" : `NO ORIGIN GUARD (${actor.unguarded}): every origin is accepted. Add an onBeforeConnect that checks the Origin, or declare it { public: true } if it is meant to be open`;
  return `${indent}// ${note}\n${indent}${key}: {},`;
}

/** The text of a starter config: the registry, a policy to fill in, every actor listed. */
export function starterConfig(registryPath: string, actors: readonly InitActor[], format: "ts" | "json"): string {
  if (format === "json") {
    return `${JSON.stringify({ registry: registryPath, policy: { allow: [], match: "exact", missingOrigin: "reject", rejectCode: "origin_not_allowed" }, actors: Object.fromEntries(actors.map((actor) => [actor.name, {}])) }, null, 2)}\n`;
  }
  return [
    `import type { OriginConformanceConfig } from "rivet-origin-conformance";`,
    ``,
    `// Checked by \`origin-conformance check\` (every actor) and by describeRegistryConformance in vitest.`,
    `export default {`,
    `  registry: ${JSON.stringify(registryPath)},`,
    `  // The documented set: what every actor's onBeforeConnect must accept, exactly.`,
    `  policy: {`,
    `    allow: [/* ${TODO_ALLOW} */],`,
    `    match: "exact", // or "normalized": compare scheme, host and port after canonicalizing`,
    `    missingOrigin: "reject", // or "accept": what a request with no Origin gets`,
    `    rejectCode: "origin_not_allowed", // the UserError code a rejection carries`,
    `  },`,
    `  actors: {`,
    ...actors.map((actor) => actorLine(actor, "    ", false)),
    `  },`,
    `} satisfies OriginConformanceConfig;`,
    ``,
  ].join("\n");
}

export class InitRefused extends Error {
  override readonly name = "InitRefused";
}

/** Writes the starter config into `directory`; refuses when a config is already there. Returns the file written. */
export function writeStarterConfig(directory: string, registryFile: string, actors: readonly InitActor[], format: "ts" | "json"): string {
  const existing = CONFIG_FILE_NAMES.filter((name) => existsSync(join(directory, name)));
  if (existing.length > 0) throw new InitRefused(`${existing.join(" and ")} already exists in ${relative(process.cwd(), directory) || "."}; not overwritten (edit it, or remove it and run init again)`);
  const file = join(directory, format === "json" ? "origin-conformance.config.json" : "origin-conformance.config.ts");
  const registryPath = relative(directory, registryFile).replace(/\\/g, "/");
  writeFileSync(file, starterConfig(registryPath.startsWith(".") ? registryPath : `./${registryPath}`, actors, format), { flag: "wx" });
  return file;
}
