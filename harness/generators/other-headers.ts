import fc from "fast-check";
import { ABSENT, originLine, type OriginHeader } from "../origin/header.js";
import type { ExtraHeaders } from "../probes/probe.js";
import type { GeneratorInput } from "./category.js";
import { ATTACKER_DOMAIN, allowedValueSources, FALLBACK_TARGET, allowedOrigin } from "./origin-parts.js";

/**
 * The cases of the header property ("only the Origin decides"): an Origin
 * (absent, allowed or not) and a set of other request headers a guard might
 * consult instead of it or besides it, with values meant to sway such a guard:
 * an allowed origin in the Referer (with and without a path), `same-origin` in
 * Sec-Fetch-Site, an allowed host in X-Forwarded-Host and Forwarded, and their
 * hostile counterparts for an allowed Origin. Every value is a constant drawn
 * from the allowlist, so a case shrinks (fewer headers, earlier values) with or
 * without fast-check's context, and the fixed examples shrink too.
 */
export interface HeaderCase {
  /** The Origin value, or null for no Origin line. */
  readonly origin: string | null;
  /** Header name → value; names among those calibrated as reaching the guard. */
  readonly headers: Readonly<Partial<Record<string, string>>>;
}

const ATTACKER_ORIGIN = `https://${ATTACKER_DOMAIN}`;
const REFERER_PATHS = ["/page", "/", "/chat?room=1"];
const CHROME_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/** One allowed origin per allowlist entry (a wildcard's instance), or an unlisted stand-in for an empty list. */
function allowedExamples(input: GeneratorInput): string[] {
  const examples = allowedValueSources(input.allow).map((source) => source.example);
  return examples.length > 0 ? examples : [allowedOrigin(FALLBACK_TARGET.example)];
}

function hostOf(origin: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/]+)$/.exec(origin);
  return match?.[1];
}

/** Per header: the values that would sway a guard that trusts it (first), then the hostile ones. */
function headerValues(input: GeneratorInput): Record<string, { readonly trusting: readonly string[]; readonly hostile: readonly string[] }> {
  const allowed = allowedExamples(input);
  const tuples = allowed.filter((origin) => hostOf(origin) !== undefined);
  const hosts = tuples.map((origin) => hostOf(origin)!);
  const first = tuples[0];
  return {
    Referer: { trusting: [...allowed.flatMap((origin) => REFERER_PATHS.map((path) => `${origin}${path}`)), ...allowed], hostile: [`${ATTACKER_ORIGIN}/page`] },
    "Sec-Fetch-Site": { trusting: ["same-origin", "same-site", "none"], hostile: ["cross-site"] },
    "Sec-Fetch-Mode": { trusting: ["same-origin", "navigate"], hostile: ["cors", "websocket", "no-cors"] },
    "Sec-Fetch-Dest": { trusting: ["document", "empty"], hostile: ["websocket", "iframe"] },
    "X-Forwarded-Host": { trusting: hosts, hostile: [ATTACKER_DOMAIN] },
    "X-Forwarded-Proto": { trusting: [first?.slice(0, first.indexOf(":")) ?? "https"], hostile: ["http", "https"] },
    Forwarded: { trusting: tuples.map((origin) => `host=${hostOf(origin)};proto=${origin.slice(0, origin.indexOf(":"))}`), hostile: [`host=${ATTACKER_DOMAIN};proto=https`, "for=192.0.2.60;proto=http"] },
    Cookie: { trusting: allowed.map((origin) => `trusted_origin=${origin}`), hostile: ["session=abc"] },
    "User-Agent": { trusting: [CHROME_UA], hostile: ["curl/8.5.0", "node"] },
  };
}

/** The values the property draws for `name`: trusting first (where shrinking ends), then hostile. */
function valuesOf(input: GeneratorInput, name: string): string[] {
  const values = headerValues(input)[name];
  if (values === undefined) throw new Error(`no values for the header ${name}`);
  return [...new Set([...values.trusting, ...values.hostile])];
}

/** Origins: absent (twice as likely: a header fallback hides there), allowed, or the attacker's (own, `null`, or an allowed origin with the attacker's domain glued on). */
function originArbitrary(input: GeneratorInput): fc.Arbitrary<string | null> {
  const allowed = allowedExamples(input);
  return fc.oneof(
    { arbitrary: fc.constant(null), weight: 2 },
    { arbitrary: fc.constantFrom(...allowed), weight: 1 },
    { arbitrary: fc.constantFrom(ATTACKER_ORIGIN, "null", ...allowed.map((origin) => `${origin}.${ATTACKER_DOMAIN}`)), weight: 1 },
  );
}

/** Cases over the headers `names` (those that reach the guard over the transport probed): at least one header a case. */
export function headerCaseArbitrary(input: GeneratorInput, names: readonly string[]): fc.Arbitrary<HeaderCase> {
  const model = Object.fromEntries(names.map((name) => [name, fc.constantFrom(...valuesOf(input, name))]));
  return fc.record({
    origin: originArbitrary(input),
    headers: fc.record(model, { requiredKeys: [] }).filter((headers) => Object.keys(headers).length > 0),
  });
}

/**
 * The fixed cases probed before the generated ones, on every run: every header at once at its most
 * trusting value with no Origin and with the attacker's, and at its most hostile with an allowed Origin.
 */
export function headerExamples(input: GeneratorInput, names: readonly string[]): HeaderCase[] {
  const values = headerValues(input);
  const all = (pick: "trusting" | "hostile") => Object.fromEntries(names.map((name) => [name, values[name]![pick][0] ?? valuesOf(input, name)[0]!]));
  return [
    { origin: null, headers: all("trusting") },
    { origin: ATTACKER_ORIGIN, headers: all("trusting") },
    { origin: allowedExamples(input)[0]!, headers: all("hostile") },
  ];
}

export function originHeaderOf(headerCase: HeaderCase): OriginHeader {
  return headerCase.origin === null ? ABSENT : originLine(headerCase.origin);
}

/** The case's other headers as sent, in the calibration's order. */
export function extraHeadersOf(headerCase: HeaderCase, names: readonly string[]): ExtraHeaders {
  return names.flatMap((name): [string, string][] => {
    const value = headerCase.headers[name];
    return value === undefined ? [] : [[name, value]];
  });
}
