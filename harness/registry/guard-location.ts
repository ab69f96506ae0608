import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { findSourceMap } from "node:module";
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceLocation } from "../reports/report.js";
import { originalHook } from "./witness.js";

/** The repository root code-scanning paths are relative to: the git root of `directory`, else `directory` itself. */
export function repositoryRoot(directory = process.cwd()): string {
  try {
    return execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: directory, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5_000 }).trim() || directory;
  } catch {
    return directory;
  }
}

export function relativeToRoot(file: string, root: string): string {
  return relative(root, file).split(sep).join("/");
}

interface FunctionLocation {
  readonly url: string;
  /** 0-based, in the code V8 ran (after tsx's transform). */
  readonly line: number;
  readonly column: number;
}

/**
 * Where V8 has the function, through the inspector: its [[FunctionLocation]]
 * and the URL of its script. Bounded: the inspector answers in-process, and a
 * failure of any step gives undefined.
 */
async function functionLocation(fn: Function): Promise<FunctionLocation | undefined> {
  const session = new Session();
  session.connect();
  const key = `__originConformanceGuard${process.pid}`;
  const scripts = new Map<string, string>();
  session.on("Debugger.scriptParsed", (message) => scripts.set(message.params.scriptId, message.params.url));
  try {
    await session.post("Debugger.enable");
    (globalThis as Record<string, unknown>)[key] = fn;
    const { result } = await session.post("Runtime.evaluate", { expression: `globalThis[${JSON.stringify(key)}]` });
    if (result.objectId === undefined) return undefined;
    const properties = await session.post("Runtime.getProperties", { objectId: result.objectId, ownProperties: true });
    const location = properties.internalProperties?.find((property) => property.name === "[[FunctionLocation]]")?.value?.value as
      | { scriptId: string; lineNumber: number; columnNumber: number }
      | undefined;
    const url = location && scripts.get(location.scriptId);
    return location && url ? { url, line: location.lineNumber, column: location.columnNumber } : undefined;
  } catch {
    return undefined;
  } finally {
    delete (globalThis as Record<string, unknown>)[key];
    await session.post("Debugger.disable").catch(() => {});
    session.disconnect();
  }
}

/** The 1-based line in the original source, through the script's source map when tsx (or a bundler) left one. */
function originalPosition(location: FunctionLocation): { file: string; line: number } | undefined {
  if (!location.url.startsWith("file:")) return undefined;
  const generated = fileURLToPath(location.url);
  const map = findSourceMap(generated) ?? findSourceMap(location.url);
  const entry = map?.findEntry(location.line, location.column) as { originalSource?: string; originalLine?: number } | undefined;
  if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
    const source = entry.originalSource.startsWith("file:") ? fileURLToPath(entry.originalSource) : entry.originalSource;
    if (existsSync(source)) return { file: source, line: entry.originalLine + 1 };
  }
  return map === undefined && existsSync(generated) ? { file: generated, line: nearestHookLine(generated, location.line + 1) } : undefined;
}

/**
 * Without a source map the line is the transformed code's (a test runner's own
 * transform): the `onBeforeConnect` line of the source nearest to it, when the
 * file has one, else that line as it is.
 */
function nearestHookLine(file: string, approximate: number): number {
  const lines = readFileSync(file, "utf8").split("\n");
  const candidates = lines.flatMap((text, index) => (/\bonBeforeConnect\b/.test(text) ? [index + 1] : []));
  if (candidates.length === 0) return approximate;
  return candidates.reduce((best, line) => (Math.abs(line - approximate) < Math.abs(best - approximate) ? line : best));
}

/**
 * Where the actor's `onBeforeConnect` is defined, relative to the repository
 * root; the registry module's first line when it cannot be found (no hook, a
 * native function, a location outside the file system).
 */
export async function guardLocation(actorDefinition: unknown, moduleFile: string, root = repositoryRoot()): Promise<SourceLocation> {
  // The hosted registry wraps the hook (witness.ts); the user's function is kept on the wrapper.
  const hook = originalHook((actorDefinition as { config?: { onBeforeConnect?: unknown } } | undefined)?.config?.onBeforeConnect);
  const found = typeof hook === "function" ? await functionLocation(hook) : undefined;
  const position = found && originalPosition(found);
  if (position !== undefined) return { file: relativeToRoot(position.file, root), line: position.line, exact: true };
  return { file: relativeToRoot(moduleFile, root), line: 1, exact: false };
}
