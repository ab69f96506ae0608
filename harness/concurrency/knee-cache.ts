/**
 * The measured knee, kept per machine in the user's cache directory (never in
 * the project): measuring it costs about 4-5 s on every check, and it depends
 * on the machine, the engine and the transport, not on the guard. Only the
 * speed of a run depends on it, never its verdict: a probe that times out
 * under too much concurrency is sent again with twice the bound, and a
 * non-decision is never a pass.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { cpus, homedir } from "node:os";
import { dirname, join } from "node:path";
import { engineCliVersion } from "../engine/binary.js";
import type { TransportId } from "../transports/index.js";

/** Older entries are measured again: the machine's load and the engine change. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

interface Entry {
  readonly concurrency: number;
  readonly measuredKnee: number;
  readonly measuredAt: string;
}

export function kneeCachePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "rivet-origin-conformance", "concurrency-knee.json");
}

/** The engine-cli of the user's rivetkit, whose engine the harness spawns (engine/binary.ts). */
function engineVersion(): string {
  return engineCliVersion() ?? "unknown";
}

export function kneeCacheKey(transport: TransportId): string {
  return `cores=${cpus().length};engine=${engineVersion()};transport=${transport}`;
}

function readAll(path: string): Record<string, Entry> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, Entry>) : {};
  } catch {
    return {};
  }
}

/** The cached knee for this machine, engine and transport, if fresh. */
export function cachedKnee(transport: TransportId, path = kneeCachePath(), now = Date.now()): Entry | undefined {
  const entry = readAll(path)[kneeCacheKey(transport)];
  if (entry === undefined || typeof entry.concurrency !== "number" || !(now - Date.parse(entry.measuredAt) < MAX_AGE_MS)) return undefined;
  return entry;
}

/** Keeps a measured knee; a cache that cannot be written only costs the next run the measurement. */
export function rememberKnee(transport: TransportId, concurrency: number, measuredKnee: number, path = kneeCachePath()): void {
  try {
    const all = readAll(path);
    all[kneeCacheKey(transport)] = { concurrency, measuredKnee, measuredAt: new Date().toISOString() };
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(all, null, 2)}\n`);
    renameSync(temp, path);
  } catch {
    // Read-only home, full disk: measured again next time.
  }
}
