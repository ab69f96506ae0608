/**
 * The harness's own marker on what it starts, so that leftovers of a run that
 * could not clean up (the machine died, or its processes were killed together)
 * can be told apart from everything else on the machine.
 *
 * - Each engine data dir (`origin-conformance-engine-*` in the temp dir) holds
 *   `owner.json`: this tool's name, the machine's boot id, and the owning
 *   process (pid and start time, so a reused pid is not taken for the owner).
 * - The supervisor and the engine carry the same facts in their environment
 *   (ENGINE_DIR_VARIABLE, ENGINE_OWNER_VARIABLE), inherited from the harness,
 *   so they are recognised even after their dir is gone.
 * A process or dir without the marker is never ours.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

export const ENGINE_DIR_PREFIX = "origin-conformance-engine-";
export const ENGINE_DIR_VARIABLE = "ORIGIN_CONFORMANCE_ENGINE_DIR";
export const ENGINE_OWNER_VARIABLE = "ORIGIN_CONFORMANCE_ENGINE_OWNER";
export const OWNER_FILE = "owner.json";
const TOOL = "rivet-origin-conformance";

const ownerSchema = z.object({
  tool: z.literal(TOOL),
  bootId: z.string(),
  pid: z.number().int(),
  startTime: z.string(),
});
export type Owner = z.infer<typeof ownerSchema>;

function bootId(): string {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return "unknown";
  }
}

/** A process's start time since boot (/proc/PID/stat field 22), or undefined when it is gone. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] === "Z" ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

export function currentOwner(): Owner {
  return { tool: TOOL, bootId: bootId(), pid: process.pid, startTime: processStartTime(process.pid) ?? "unknown" };
}

/** Marks a fresh engine dir as this process's (written aside, then renamed: a reader never sees half of it). */
export function markEngineDir(dataDir: string, owner = currentOwner()): Owner {
  const partial = join(dataDir, `${OWNER_FILE}.partial`);
  writeFileSync(partial, `${JSON.stringify(owner)}\n`);
  renameSync(partial, join(dataDir, OWNER_FILE));
  return owner;
}

/** The marker of an engine dir, or undefined when it has none (not ours, or not yet marked). */
export function readEngineDirOwner(dataDir: string): Owner | undefined {
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(readFileSync(join(dataDir, OWNER_FILE), "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The environment the supervisor and the engine inherit. */
export function ownerEnvironment(dataDir: string, owner: Owner): Record<string, string> {
  return { [ENGINE_DIR_VARIABLE]: dataDir, [ENGINE_OWNER_VARIABLE]: `${owner.pid}@${owner.startTime}@${owner.bootId}` };
}

export function ownerFromEnvironment(value: string): Owner | undefined {
  const [pid, startTime, id] = value.split("@");
  if (!pid || !/^\d+$/.test(pid) || startTime === undefined || id === undefined) return undefined;
  return { tool: TOOL, pid: Number(pid), startTime, bootId: id };
}

/** True while the process that owns it runs (same boot, same pid, same start time). */
export function ownerAlive(owner: Owner): boolean {
  return owner.bootId === bootId() && processStartTime(owner.pid) === owner.startTime;
}

/** A process's environment (/proc/PID/environ), or undefined when it is gone or not readable. */
export function processEnvironment(pid: number): Map<string, string> | undefined {
  try {
    const variables = new Map<string, string>();
    for (const entry of readFileSync(`/proc/${pid}/environ`, "utf8").split("\0")) {
      const at = entry.indexOf("=");
      if (at > 0) variables.set(entry.slice(0, at), entry.slice(at + 1));
    }
    return variables;
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is still the engine (or supervisor) of `dataDir`: it carries
 * the dir's marker. Where there is no /proc to ask (not Linux), the pid is
 * trusted: it was the engine's a moment ago.
 */
export function isOurs(pid: number, dataDir: string): boolean {
  if (!existsSync("/proc/self/environ")) return true;
  return processEnvironment(pid)?.get(ENGINE_DIR_VARIABLE) === dataDir;
}
