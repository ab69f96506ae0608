/**
 * The in-process tier: an actor's `onBeforeConnect`, called directly with the
 * request the stack would deliver, at about 0.1 ms a decision instead of
 * 20-60 ms over the engine. It only screens: a verdict always comes from wire
 * probes (screening-phase.ts confirms what it finds, and checks it against the
 * wire's corpus decisions before it is used at all).
 *
 * What "the request the stack would deliver" is, per transport (each transport's
 * `guardRequest`, harness/transports/), was recorded
 * from the guard's side (rivetkit 2.3.19): rivetkit's native runtime hands the
 * hook `new Request(url, { method, headers })` built from a header record, with
 * the URL on base http://127.0.0.1 and the gateway prefix removed. The Origin
 * header itself goes through the calibrated model of the stack
 * (harness/calibration/observed.ts): trimmed, dropped when it has a byte >= 0x80,
 * the last of several lines kept, and a 400 without the guard for control bytes.
 * The request has no body (a body doubled the cost of a call; an origin guard
 * that reads the action's body is not one this tier can vouch for, and the
 * faithfulness check against the wire would show it).
 */
import { observedOrigin } from "../calibration/observed.js";
import type { OriginHeader } from "../origin/header.js";
import { PROBE_ACTION } from "../probes/classify.js";
import type { Outcome } from "../probes/outcome.js";
import { type TransportId, transportOf } from "../transports/index.js";

/** What the tier concluded for one header: an outcome in the wire's vocabulary, or why it could not say. */
export type InProcessResult =
  | { readonly kind: "decided"; readonly outcome: Outcome }
  /** The guard used a part of the actor context the tier does not emulate (kv, db, schedule, ...). */
  | { readonly kind: "not-emulated"; readonly member: string }
  /** The guard did not settle within the in-process bound. */
  | { readonly kind: "unsettled"; readonly afterMs: number };

export type InProcessGuard = (header: OriginHeader) => Promise<InProcessResult>;

/** Thrown at the guard when it reaches for a context member the tier does not emulate. */
class NotEmulated extends Error {
  constructor(readonly member: string) {
    super(`the in-process tier does not emulate c.${member}`);
  }
}

const NOOP_LOGGER: Record<string, unknown> = Object.fromEntries(["trace", "debug", "info", "warn", "error", "fatal"].map((level) => [level, () => {}]));
NOOP_LOGGER.child = () => NOOP_LOGGER;

interface GuardConfig {
  readonly onBeforeConnect?: (c: unknown, params: unknown) => unknown;
  readonly state?: unknown;
  readonly vars?: unknown;
  readonly createState?: unknown;
  readonly createVars?: unknown;
}

/**
 * A fresh actor context for one call, as a fresh instance would have it:
 * `request`, `actorId`, `name`, `key`, `log`, and `state`/`vars` cloned from the
 * definition's static values. Anything else throws NotEmulated, and so does
 * state or vars that only a `createState`/`createVars` function could make.
 */
function freshContext(config: GuardConfig, name: string, request: Request, noted: { member?: string }): unknown {
  const known: Record<string, () => unknown> = {
    request: () => request,
    actorId: () => "in-process",
    name: () => name,
    key: () => [],
    log: () => NOOP_LOGGER,
  };
  let state: unknown;
  let vars: unknown;
  if (config.state !== undefined) known.state = () => (state ??= structuredClone(config.state));
  if (config.vars !== undefined) known.vars = () => (vars ??= structuredClone(config.vars));
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (typeof property === "symbol" || property === "then" || property === "toJSON") return undefined;
        const read = known[property];
        if (read !== undefined) return read();
        noted.member ??= property;
        throw new NotEmulated(property);
      },
      set(_target, property) {
        noted.member ??= String(property);
        throw new NotEmulated(String(property));
      },
    },
  );
}

/** rivetkit's own mapping: a public structured error keeps its group and code; anything else is rivetkit.internal_error. */
function rejectionOf(error: unknown): Outcome {
  const candidate = error as { public?: unknown; group?: unknown; code?: unknown; message?: unknown } | null | undefined;
  if (candidate && candidate.public === true && typeof candidate.group === "string" && typeof candidate.code === "string") {
    return { kind: "rejected", group: candidate.group, code: candidate.code, ...(typeof candidate.message === "string" && { message: candidate.message }), evidence: "in-process: the guard threw" };
  }
  return { kind: "rejected", group: "rivetkit", code: "internal_error", evidence: "in-process: the guard threw a non-public error" };
}

/**
 * Undefined when the definition has no guard to call. The returned function
 * does not bound the call: callers race whole batches against one timer
 * (a timer per call cost more than the guard), see evaluateAll.
 */
export function inProcessGuard(definition: unknown, name: string, transport: TransportId, options: { readonly action?: string } = {}): InProcessGuard | undefined {
  const config = ((definition as { config?: GuardConfig } | undefined)?.config ?? {}) as GuardConfig;
  const guard = config.onBeforeConnect;
  if (typeof guard !== "function") return undefined;
  const shape = transportOf(transport).guardRequest(options.action ?? PROBE_ACTION);
  const url = new URL(shape.path, "http://127.0.0.1").toString();
  return async (header) => {
    const seen = observedOrigin(header);
    if (seen.kind === "transport-rejected") return { kind: "decided", outcome: { kind: "transport-rejected", status: 400, evidence: `in-process model: ${seen.reason}` } };
    const headers = new Headers(shape.headers);
    if (seen.kind === "value") headers.set("origin", seen.value);
    const request = new Request(url, { method: shape.method, headers });
    const noted: { member?: string } = {};
    let outcome: Outcome;
    try {
      await guard(freshContext(config, name, request, noted), shape.params);
      outcome = { kind: "accepted", evidence: "in-process: the guard returned" };
    } catch (error) {
      outcome = rejectionOf(error);
    }
    if (noted.member !== undefined) return { kind: "not-emulated", member: noted.member };
    return { kind: "decided", outcome };
  };
}

/** Calls `guard` on every header, `chunk` at a time so that async guards overlap; a call still pending `boundMs` after its chunk started is "unsettled". Stops at `deadline`: the results are then a prefix. */
export async function evaluateAll(guard: InProcessGuard, headers: readonly OriginHeader[], boundMs: number, deadline = Number.POSITIVE_INFINITY, chunk = 256): Promise<InProcessResult[]> {
  const results: InProcessResult[] = [];
  for (let start = 0; start < headers.length && performance.now() < deadline; start += chunk) {
    const slice = headers.slice(start, start + chunk);
    const settled: (InProcessResult | undefined)[] = new Array(slice.length);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(slice.map((header, index) => guard(header).then((result) => (settled[index] = result)))),
      new Promise((resolve) => (timer = setTimeout(resolve, boundMs))),
    ]).finally(() => clearTimeout(timer));
    for (const result of settled) results.push(result ?? { kind: "unsettled", afterMs: boundMs });
  }
  return results;
}

/** Same decision, and for a rejection the same group and code: what "the tier agrees with the wire" means. */
export function sameDecision(a: Outcome, b: Outcome): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "rejected" && b.kind === "rejected") return a.group === b.group && a.code === b.code;
  return true;
}
