/**
 * Positive observation of what ran inside the actor, for the registries the
 * harness hosts in this process. Each probe carries a marker header; the
 * wrappers installed on the actor's `onBeforeConnect`, `onRequest` and
 * `onWebSocket` remove it before the user's code runs (so a guard that reads
 * every header decides exactly as it would without the harness) and record,
 * under the marker, that the code was entered and what the guard did.
 *
 * The raw routes need it most: a raw `onRequest` answer is whatever the
 * handler returns, so without it a 502 from a proxy or an HTML 500 could pass
 * for "accepted"; a raw `onWebSocket` may stay silent, and silence is never an
 * acceptance. With it, "accepted" means the handler was seen to run.
 */
import { randomUUID } from "node:crypto";

/** The marker's header name: never seen by the user's code (the wrappers delete it first). */
export const PROBE_MARKER_HEADER = "x-origin-conformance-probe";

export type GuardSighting = { readonly result: "returned" } | { readonly result: "threw"; readonly group?: string; readonly code?: string; readonly message: string };

/** What one probe set off inside the actor. */
export interface Sighting {
  readonly guard?: GuardSighting;
  /** The raw handler that ran after the guard let the request through. */
  readonly handler?: "onRequest" | "onWebSocket";
}

export interface Witness {
  /** A fresh marker for one probe. */
  mark(): string;
  /** What ran under `marker` (and forgets it); an empty sighting when nothing ran. */
  take(marker: string): Sighting;
}

const KEPT = 20_000;
const sightings = new Map<string, { guard?: GuardSighting; handler?: Sighting["handler"] }>();

function note(marker: string, part: Partial<Sighting>) {
  const current = sightings.get(marker) ?? {};
  sightings.set(marker, { ...current, ...part });
  // Markers of probes that were abandoned (timeouts, cut-offs) are never taken: the oldest go first.
  if (sightings.size > KEPT) sightings.delete(sightings.keys().next().value!);
}

/** The process-wide witness: markers are random, so registries hosted side by side never mix. */
export const WITNESS: Witness = {
  mark: () => randomUUID(),
  take(marker) {
    const seen = sightings.get(marker) ?? {};
    sightings.delete(marker);
    return seen;
  },
};

/** Reads and removes the marker; undefined when the request carries none (the in-process tier, real users). */
function takeMarker(request: unknown): string | undefined {
  const headers = (request as { headers?: Headers } | undefined)?.headers;
  if (headers === undefined || typeof headers.get !== "function") return undefined;
  const marker = headers.get(PROBE_MARKER_HEADER) ?? undefined;
  if (marker !== undefined) headers.delete(PROBE_MARKER_HEADER);
  return marker;
}

function thrown(error: unknown): GuardSighting {
  const { group, code, message } = (error ?? {}) as { group?: unknown; code?: unknown; message?: unknown };
  return {
    result: "threw",
    ...(typeof group === "string" && { group }),
    ...(typeof code === "string" && { code }),
    message: typeof message === "string" ? message : String(error),
  };
}

const INSTRUMENTED = Symbol.for("origin-conformance.instrumented");
/** The user's own function, for code that reads it (its source, its name). */
export const ORIGINAL = Symbol.for("origin-conformance.original");

/** The user's own hook behind hosting's wrappers (none when `hook` is not wrapped). */
export function originalHook(hook: unknown): unknown {
  let current = hook;
  while (typeof current === "function" && (current as unknown as Record<symbol, unknown>)[ORIGINAL] !== undefined) current = (current as unknown as Record<symbol, unknown>)[ORIGINAL];
  return current;
}

type Hook = ((...args: any[]) => unknown) & { [INSTRUMENTED]?: true; [ORIGINAL]?: unknown };

function wrap(original: Hook, wrapper: Hook): Hook {
  Object.defineProperty(wrapper, INSTRUMENTED, { value: true });
  Object.defineProperty(wrapper, ORIGINAL, { value: original });
  Object.defineProperty(wrapper, "name", { value: original.name });
  return wrapper;
}

/**
 * Installs the wrappers on one actor definition (in place, once). rivetkit
 * reads these hooks from the definition's config on every call, and decides at
 * start-up whether the actor has them: a hook the actor lacks is never added.
 */
export function instrumentActor(definition: unknown) {
  const config = (definition as { config?: Record<string, unknown> } | undefined)?.config;
  if (config === undefined) return;
  const guard = config.onBeforeConnect as Hook | undefined;
  if (typeof guard === "function" && !guard[INSTRUMENTED]) {
    config.onBeforeConnect = wrap(guard, async function (this: unknown, c: { request?: unknown }, ...rest: unknown[]) {
      const marker = takeMarker(c?.request);
      try {
        const returned = await guard.call(this, c, ...rest);
        if (marker !== undefined) note(marker, { guard: { result: "returned" } });
        return returned;
      } catch (error) {
        if (marker !== undefined) note(marker, { guard: thrown(error) });
        throw error;
      }
    });
  }
  const onRequest = config.onRequest as Hook | undefined;
  if (typeof onRequest === "function" && !onRequest[INSTRUMENTED]) {
    config.onRequest = wrap(onRequest, function (this: unknown, c: unknown, request: unknown, ...rest: unknown[]) {
      const marker = takeMarker(request);
      if (marker !== undefined) note(marker, { handler: "onRequest" });
      return onRequest.call(this, c, request, ...rest);
    });
  }
  const onWebSocket = config.onWebSocket as Hook | undefined;
  if (typeof onWebSocket === "function" && !onWebSocket[INSTRUMENTED]) {
    config.onWebSocket = wrap(onWebSocket, function (this: unknown, c: { request?: unknown }, ...rest: unknown[]) {
      const marker = takeMarker(c?.request);
      if (marker !== undefined) note(marker, { handler: "onWebSocket" });
      return onWebSocket.call(this, c, ...rest);
    });
  }
}
