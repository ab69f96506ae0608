import { observedOrigin, type ObservedOrigin } from "../calibration/observed.js";
import type { OriginHeader } from "../origin/header.js";
import { defaultPort, isDnsLabel, parseAllowEntry, serializeOrigin, type AllowEntry, type OriginTuple, type Policy } from "../policy/policy.js";

/**
 * The independent oracle: what a correct guard enforcing `policy` decides for a
 * header on the wire. It is written from the Fetch standard and the calibrated
 * model of the stack, never from a guard implementation, and never with
 * `new URL()`, whose lenient parsing maps "https://MYAPP.com:443/evil" onto
 * "https://myapp.com".
 */
export type Decision = "accept" | "reject";

export interface Expectation {
  readonly decision: Decision;
  readonly reason: string;
  readonly observed: ObservedOrigin;
}

export function expected(policy: Policy, header: OriginHeader): Expectation {
  const observed = observedOrigin(header);
  if (policy.anyOrigin && observed.kind !== "transport-rejected") return { decision: "accept", reason: "the actor is declared public: every origin is accepted", observed };
  switch (observed.kind) {
    case "transport-rejected":
      return { decision: "reject", reason: `the engine refuses the request and the guard never runs (${observed.reason})`, observed };
    case "missing":
      return {
        decision: policy.missingOrigin === "accept" ? "accept" : "reject",
        reason: `no Origin reaches the guard (${observed.reason}) and missingOrigin is "${policy.missingOrigin}"`,
        observed,
      };
    case "value":
      return { ...judgeValue(policy, observed.value), observed };
  }
}

export function expectedDecision(policy: Policy, header: OriginHeader): Decision {
  return expected(policy, header).decision;
}

/**
 * Strictly `scheme "://" host [":" port]`, any case, nothing else anywhere.
 * Port digits may have leading zeros: the origin tuple compares ports as numbers.
 */
const SERIALIZED_ORIGIN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::([0-9]+))?$/;

/** The origin tuple a browser would serialize for `value`, or null when `value` is not an origin. */
function parseCanonicalOrigin(value: string): OriginTuple | null {
  const match = SERIALIZED_ORIGIN.exec(value);
  if (match === null) return null;
  const [, rawScheme = "", rawHost = "", portDigits] = match;
  // The pattern admits ASCII only, so toLowerCase changes A-Z and nothing else.
  const scheme = rawScheme.toLowerCase();
  const host = rawHost.toLowerCase();
  if (portDigits === undefined) return { scheme, host, port: null };
  const port = Number(portDigits);
  if (port < 1 || port > 65535) return null;
  return { scheme, host, port: port === defaultPort(scheme) ? null : port };
}

function matchesEntry(origin: OriginTuple, entry: AllowEntry): boolean {
  switch (entry.kind) {
    case "null":
      return false;
    case "origin":
      return origin.scheme === entry.scheme && origin.host === entry.host && origin.port === entry.port;
    case "wildcard": {
      if (origin.scheme !== entry.scheme || origin.port !== entry.port || !origin.host.endsWith(entry.suffix)) return false;
      const subdomain = origin.host.slice(0, -entry.suffix.length);
      return subdomain.split(".").every(isDnsLabel);
    }
  }
}

function judgeValue(policy: Policy, value: string): { decision: Decision; reason: string } {
  const shown = JSON.stringify(value);
  const entries = policy.allow.map(parseAllowEntry);
  // `null` is case-sensitive (Fetch standard), so it matches only itself, in both modes.
  if (value === "null") {
    return entries.some((entry) => entry.kind === "null")
      ? { decision: "accept", reason: `"null" is in the allowlist` }
      : { decision: "reject", reason: `"null" (an opaque origin) is not in the allowlist` };
  }
  const origin = parseCanonicalOrigin(value);
  if (origin === null) return { decision: "reject", reason: `${shown} is not a serialized origin (scheme://host[:port])` };
  const canonical = serializeOrigin(origin);
  if (policy.match === "exact" && canonical !== value) {
    // Allow entries are canonical, so a non-canonical value is byte-identical to none of them.
    return { decision: "reject", reason: `${shown} is not canonical (a browser sends ${JSON.stringify(canonical)}) and exact matching compares bytes` };
  }
  const entry = entries.find((candidate) => matchesEntry(origin, candidate));
  const normalizedNote = canonical === value ? "" : ` (normalized to ${JSON.stringify(canonical)})`;
  if (entry === undefined || entry.kind === "null") {
    return { decision: "reject", reason: `${shown}${normalizedNote} matches no allow entry` };
  }
  return { decision: "accept", reason: `${shown}${normalizedNote} matches allow entry ${JSON.stringify(entry.serialized)}` };
}
