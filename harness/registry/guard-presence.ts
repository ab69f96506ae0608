import { originalHook } from "./witness.js";

/**
 * Whether an actor has an origin guard at all, read from its definition: the
 * most common origin bug in a registry is an actor with no `onBeforeConnect`.
 * The reading errs towards "guarded": only a guard that cannot possibly read the
 * request (no onBeforeConnect, or one that never uses its context) counts as
 * absent, and the wire then has to confirm that every origin is accepted.
 */
export function missingOriginGuard(definition: unknown): string | undefined {
  const config = ((definition as { config?: Record<string, unknown> })?.config ?? {}) as Record<string, unknown>;
  // Hosting wraps the hook (witness.ts): read the user's own.
  const guard = originalHook(config.onBeforeConnect);
  if (guard === undefined || guard === null) return "the actor has no onBeforeConnect";
  if (typeof guard !== "function") return undefined;
  const source = Function.prototype.toString.call(guard);
  if (source.includes("[native code]") || /\barguments\b/.test(source)) return undefined;
  const parameter = firstParameter(source);
  if (parameter === null) return "its onBeforeConnect takes no parameters, so it never reads the request";
  if (parameter === undefined) return undefined;
  const { name: context, body } = parameter;
  return new RegExp(`(^|[^\\w$])${context.replace(/\$/g, "\\$")}([^\\w$]|$)`).test(body) ? undefined : `its onBeforeConnect never uses its context (${context}), so it never reads the request`;
}

/** The first parameter's name and the source after the parameters; null when there is none; undefined when it is destructured or not understood (then: guarded). */
function firstParameter(source: string): { name: string; body: string } | null | undefined {
  const arrowSingle = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source);
  if (arrowSingle) return { name: arrowSingle[1]!, body: source.slice(arrowSingle[0].length) };
  const list = /^[^(]*\(([^)]*)\)/.exec(source);
  if (list === null) return undefined;
  const first = list[1]!.split(",")[0]!.trim();
  if (first === "") return null;
  const name = /^([A-Za-z_$][\w$]*)\s*(?:=(?!>)|$)/.exec(first);
  return name ? { name: name[1]!, body: source.slice(list[0].length) } : undefined;
}
