import { ConformanceUsageError } from "../conformance/usage-error.js";

/**
 * The actors a check covers, chosen once for the CLI, the vitest helpers and
 * the API: the one asked for; otherwise every actor, or (`single`: an API
 * that checks one actor) the registry's only one.
 */
export function chooseActors(names: readonly string[], requested: string | undefined, how: { readonly single: boolean; readonly nameIt: string }): string[] {
  if (requested !== undefined) {
    if (!names.includes(requested)) throw new ConformanceUsageError(`unknown actor "${requested}"; the registry has: ${names.join(", ") || "(none)"}`);
    return [requested];
  }
  if (names.length === 0) throw new ConformanceUsageError("the registry has no actors");
  if (how.single && names.length !== 1) throw new ConformanceUsageError(`the registry has ${names.length} actors (${names.join(", ")}); name one with ${how.nameIt}`);
  return [...names];
}
