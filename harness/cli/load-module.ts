import { existsSync, statSync } from "node:fs";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import type { AnyRegistry } from "../registry/host.js";
import { type RivetkitInstall, rivetkitFor, unsupportedRivetkit } from "../versions/rivetkit.js";
import { UsageError } from "./exit-codes.js";

const EXTENSIONS = new Set([".ts", ".mts", ".js", ".mjs"]);

function isRegistry(value: unknown): value is AnyRegistry {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { startAndWait?: unknown }).startAndWait === "function" &&
    typeof (value as { config?: { use?: unknown } }).config?.use === "object"
  );
}

/**
 * Loads a user's module (TypeScript through tsx) and returns the rivetkit
 * registry it exports as `registry` or as its default export, and the rivetkit
 * the module imports. That version is checked first, before the module runs:
 * an unsupported rivetkit makes a registry of another shape, and saying so beats
 * saying there is no registry.
 */
export async function loadRegistryModule(path: string): Promise<{ registry: AnyRegistry; file: string; rivetkit?: RivetkitInstall }> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`module not found: ${path}`);
  if (!statSync(file).isFile()) throw new UsageError(`not a file: ${path}`);
  if (!EXTENSIONS.has(extname(file))) throw new UsageError(`unsupported module type ${extname(file) || "(none)"}: use a .ts, .mts, .js or .mjs file`);
  const rivetkit = rivetkitFor(file);
  const refusal = rivetkit && unsupportedRivetkit(rivetkit.version);
  if (refusal) throw new UsageError(refusal);
  let exports: Record<string, unknown>;
  try {
    exports = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    throw new UsageError(`the module ${path} threw while it was imported: ${message.split("\n")[0]}`);
  }
  const candidates = [exports.registry, exports.default, (exports.default as Record<string, unknown> | undefined)?.registry];
  const registry = candidates.find(isRegistry);
  if (registry === undefined) {
    const names = Object.keys(exports).join(", ") || "(nothing)";
    throw new UsageError(`the module ${path} exports no rivetkit registry (expected a named export "registry" or a default export made with setup()); it exports: ${names}`);
  }
  return { registry, file, rivetkit };
}
