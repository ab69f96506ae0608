import { domainToASCII } from "node:url";
import { z } from "zod";

/**
 * An origin policy, "the documented set": the allowlist an actor's guard is
 * supposed to enforce, and how it treats what is not on it.
 */
export type Policy = {
  allow: readonly string[];
  /** "exact": byte-identical comparison; "normalized": compare (scheme, host, port) after canonicalizing. */
  match: "exact" | "normalized";
  missingOrigin: "reject" | "accept";
  rejectCode: string;
  /** A public actor: no guard is expected, and every origin (and a missing one) must be accepted. */
  anyOrigin?: true;
};

export interface OriginTuple {
  readonly scheme: string;
  readonly host: string;
  readonly port: number | null;
}

/** A validated allow entry. Every field is canonical: lowercase, no default port. */
export type AllowEntry =
  | { kind: "null" }
  | { kind: "origin"; scheme: string; host: string; port: number | null; serialized: string }
  /** `scheme://*.example.com[:port]`: one or more DNS labels followed by `suffix` (".example.com"). */
  | { kind: "wildcard"; scheme: string; suffix: string; port: number | null; serialized: string };

export class PolicyError extends Error {
  readonly issues: string[];

  constructor(issues: string[]) {
    super(`invalid origin policy: ${issues.join("; ")}`);
    this.name = "PolicyError";
    this.issues = issues;
  }
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, ws: 80, https: 443, wss: 443 };

export function defaultPort(scheme: string): number | null {
  return DEFAULT_PORTS[scheme] ?? null;
}

export function serializeOrigin(origin: OriginTuple): string {
  return `${origin.scheme}://${origin.host}${origin.port === null ? "" : `:${origin.port}`}`;
}

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** A lowercase LDH label, the only kind a wildcard `*` stands for. */
export function isDnsLabel(label: string): boolean {
  return DNS_LABEL.test(label);
}

const SERIALIZED_ORIGIN_SHAPE = "is not a serialized origin (scheme://host[:port])";
const WILDCARD_SHAPE = 'a wildcard is a single leading "*." label before a domain of at least two labels, e.g. "https://*.example.com"';
const CANONICAL_SCHEME = /^[a-z][a-z0-9+.-]*$/;
const LENIENT_SCHEME_PREFIX = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// Hosts are what WHATWG URL serializes: labels of a-z 0-9 - _ (IPv4 included), or a bracketed IPv6 address.
const CANONICAL_HOST_LABEL = /^[a-z0-9_-]+$/;
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

type EntryCheck = { ok: true; entry: AllowEntry } | { ok: false; problem: string };

/**
 * Validates one allow entry. Entries that are almost right get a "did you mean"
 * with the canonical form a browser would send; `problem` has no field path.
 */
function checkAllowEntry(entry: string): EntryCheck {
  if (entry === "null") return { ok: true, entry: { kind: "null" } };

  const fixable: string[] = [];
  const note = (problem: string) => {
    if (!fixable.includes(problem)) fixable.push(problem);
  };
  const invalid = (problems: string[], hint: string | null): EntryCheck => ({
    ok: false,
    problem:
      hint === null
        ? `${JSON.stringify(entry)} ${SERIALIZED_ORIGIN_SHAPE}: ${problems.join("; ")}`
        : `${JSON.stringify(entry)} ${SERIALIZED_ORIGIN_SHAPE}; did you mean ${JSON.stringify(hint)}? (${problems.join("; ")})`,
  });

  let rest = entry.trim();
  if (rest !== entry) note("an origin has no surrounding whitespace");
  if (rest.toLowerCase() === "null") {
    if (rest !== "null") note('"null" is case-sensitive');
    return invalid(fixable, "null");
  }

  let scheme: string | null = null;
  const schemeMatch = LENIENT_SCHEME_PREFIX.exec(rest);
  // "localhost:3000" is a host and port without a scheme, not the scheme "localhost".
  if (schemeMatch?.[1] !== undefined && !/^[0-9]/.test(rest.slice(schemeMatch[0].length))) {
    scheme = schemeMatch[1];
    rest = rest.slice(schemeMatch[0].length);
    if (rest.startsWith("//")) {
      rest = rest.slice(2);
    } else {
      note('"://" must follow the scheme');
      rest = rest.replace(/^[/\\]+/, "");
    }
  } else {
    note("the scheme is missing");
    rest = rest.replace(/^\/\//, "");
  }

  const tailStart = rest.search(/[/\\?#]/);
  let authority = tailStart < 0 ? rest : rest.slice(0, tailStart);
  const tail = tailStart < 0 ? "" : rest.slice(tailStart);
  if (tail === "/") note("an origin has no trailing slash");
  else if (tail.startsWith("/") || tail.startsWith("\\")) note("an origin has no path");
  else if (tail.startsWith("?")) note("an origin has no query");
  else if (tail.startsWith("#")) note("an origin has no fragment");

  const at = authority.lastIndexOf("@");
  if (at >= 0) {
    note("an origin has no userinfo");
    authority = authority.slice(at + 1);
  }

  const hostAndPort = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/s.exec(authority);
  if (hostAndPort === null) return invalid([...fixable, `${JSON.stringify(authority)} is not host[:port]`], null);
  const host = hostAndPort[1] ?? "";
  const portText = hostAndPort[2];

  let port: number | null = null;
  if (portText === "") note("the port is empty");
  else if (portText !== undefined) {
    if (!/^[0-9]+$/.test(portText)) return invalid([...fixable, `port ${JSON.stringify(portText)} is not a number`], null);
    port = Number(portText);
    if (port < 1 || port > 65535) return invalid([...fixable, `port ${portText} is not in 1-65535`], null);
    if (String(port) !== portText) note("the port has leading zeros");
  }

  const isWildcard = host.startsWith("*.");
  const domain = isWildcard ? host.slice(2) : host;
  if (domain === "") return invalid([...fixable, "the host is empty"], null);
  const asciiDomain = domainToASCII(domain);
  if (asciiDomain === "") return invalid([...fixable, `${JSON.stringify(domain)} is not a valid host`], null);
  if (asciiDomain !== domain) {
    if (/[^\x00-\x7f]/.test(domain)) note("the host must be ASCII; use the punycode form");
    else if (domain.toLowerCase() === asciiDomain) note("scheme and host must be lowercase");
    else note(`browsers serialize the host ${JSON.stringify(domain)} as ${JSON.stringify(asciiDomain)}`);
  }
  const canonicalDomain = asciiDomain.replace(/\.+$/, "");
  if (canonicalDomain !== asciiDomain) note("a trailing dot makes it another host");

  const labels = canonicalDomain.split(".");
  if (isWildcard) {
    if (labels.length < 2 || !labels.every(isDnsLabel)) return invalid([...fixable, WILDCARD_SHAPE], null);
  } else if (canonicalDomain.includes("*")) {
    return invalid([...fixable, WILDCARD_SHAPE], null);
  } else if (!IPV6_LITERAL.test(canonicalDomain) && !labels.every((label) => CANONICAL_HOST_LABEL.test(label))) {
    return invalid([...fixable, `the host ${JSON.stringify(canonicalDomain)} is not a DNS name, IPv4 address or [IPv6] address`], null);
  }

  if (scheme === null) scheme = LOOPBACK_HOSTS.has(canonicalDomain) ? "http" : "https";
  if (!CANONICAL_SCHEME.test(scheme)) {
    note("scheme and host must be lowercase");
    scheme = scheme.toLowerCase();
  }
  if (port !== null && port === defaultPort(scheme)) {
    note(`${port} is the default port of ${scheme} and browsers never send it`);
    port = null;
  }

  const canonicalHost = isWildcard ? `*.${canonicalDomain}` : canonicalDomain;
  const serialized = serializeOrigin({ scheme, host: canonicalHost, port });
  if (fixable.length > 0) return invalid(fixable, serialized);
  return {
    ok: true,
    entry: isWildcard
      ? { kind: "wildcard", scheme, suffix: `.${canonicalDomain}`, port, serialized }
      : { kind: "origin", scheme, host: canonicalHost, port, serialized },
  };
}

export function parseAllowEntry(entry: string): AllowEntry {
  const check = checkAllowEntry(entry);
  if (!check.ok) throw new PolicyError([check.problem]);
  return check.entry;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

const allowEntrySchema = z
  .string({ error: (issue) => `expected an origin string, got ${describeValue(issue.input)}` })
  .superRefine((entry, ctx) => {
    const check = checkAllowEntry(entry);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.problem });
  });

export const policySchema = z.strictObject(
  {
    allow: z
      .array(allowEntrySchema, {
        error: (issue) => `expected a non-empty array of origins, got ${describeValue(issue.input)}`,
      })
      .optional(),
    match: z
      .enum(["exact", "normalized"], { error: (issue) => `expected "exact" or "normalized", got ${describeValue(issue.input)}` })
      .default("exact"),
    missingOrigin: z
      .enum(["reject", "accept"], { error: (issue) => `expected "reject" or "accept", got ${describeValue(issue.input)}` })
      .default("reject"),
    rejectCode: z
      .string({ error: (issue) => `expected a non-empty string, got ${describeValue(issue.input)}` })
      .min(1, { error: "expected a non-empty string" })
      .default("origin_not_allowed"),
    anyOrigin: z.literal(true, { error: (issue) => `expected true (a public actor) or no key, got ${describeValue(issue.input)}` }).optional(),
  },
  { error: (issue) => (issue.code === "invalid_type" ? `expected a policy object, got ${describeValue(issue.input)}` : undefined) },
).superRefine((policy, ctx) => {
  if (policy.anyOrigin === true && (policy.allow?.length ?? 0) > 0) ctx.addIssue({ code: "custom", path: ["allow"], message: "a public policy (anyOrigin) lists no origins: every origin is accepted" });
  if (policy.anyOrigin !== true && policy.allow === undefined) ctx.addIssue({ code: "custom", path: ["allow"], message: "expected a non-empty array of origins, got nothing" });
  else if (policy.anyOrigin !== true && policy.allow!.length === 0) ctx.addIssue({ code: "custom", path: ["allow"], message: "must list at least one origin" });
});

const KNOWN_KEYS = Object.keys(policySchema.shape).join(", ");

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "policy";
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("");
}

function formatIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown key(s): ${issue.keys.map((key) => JSON.stringify(key)).join(", ")}; known keys: ${KNOWN_KEYS}`;
  }
  return `${formatPath(issue.path)}: ${issue.message}`;
}

export function parsePolicy(input: unknown): Policy {
  const result = policySchema.safeParse(input);
  if (!result.success) throw new PolicyError(result.error.issues.map(formatIssue));
  const { anyOrigin, ...rest } = result.data;
  return Object.freeze({ ...rest, allow: Object.freeze([...(result.data.allow ?? [])]), ...(anyOrigin && { anyOrigin }) });
}

/** The allowlist from the Rivet docs' "Cross-Origin Resource Sharing" page. */
export const DOCS_POLICY: Policy = parsePolicy({
  allow: ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"],
});

/** The policy of an actor declared public: every origin, and a missing one, is accepted. */
export const PUBLIC_POLICY: Policy = parsePolicy({ anyOrigin: true, missingOrigin: "accept" });

export function describePolicy(policy: Policy): string {
  if (policy.anyOrigin) return "public: every origin is accepted, and a missing one";
  return [
    `allow ${policy.allow.join(", ")}`,
    `${policy.match} match`,
    `missing Origin ${policy.missingOrigin === "accept" ? "accepted" : "rejected"}`,
    `rejects with ${policy.rejectCode}`,
  ].join("; ");
}
