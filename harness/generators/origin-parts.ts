import fc from "fast-check";
import { type AllowEntry as PolicyAllowEntry, parseAllowEntry as parsePolicyAllowEntry } from "../policy/policy.js";

/**
 * The pieces of a serialized origin that generators take apart and put back
 * together. `port` is kept as text so that malformed ports (`03000`, `65536`,
 * an empty string) can be expressed.
 */
export interface OriginParts {
  readonly scheme: string;
  readonly host: string;
  readonly port?: string | undefined;
}

export function serializeOrigin(origin: OriginParts): string {
  return `${origin.scheme}://${hostAndPort(origin)}`;
}

export function hostAndPort({ host, port }: OriginParts): string {
  return port === undefined ? host : `${host}:${port}`;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443 };

export function defaultPort(scheme: string): number | undefined {
  return DEFAULT_PORTS[scheme.toLowerCase()];
}

/** The port a client would connect to: the explicit one, else the scheme's default. */
export function effectivePort(origin: OriginParts): number | undefined {
  return origin.port === undefined ? defaultPort(origin.scheme) : Number(origin.port);
}

/** The same scheme with the other security level: http <-> https, ws <-> wss; anything else becomes https. */
export function swapScheme(scheme: string): string {
  const swapped: Readonly<Record<string, string>> = { http: "https", https: "http", ws: "wss", wss: "ws" };
  return swapped[scheme.toLowerCase()] ?? "https";
}

/** One entry of a policy's allow list, as the generators take it apart (the policy's parser, with text ports). */
export type AllowEntry =
  | { readonly kind: "null"; readonly text: string }
  | { readonly kind: "exact"; readonly text: string; readonly origin: OriginParts }
  /** `scheme://*.domain[:port]`: one or more labels under `domain`. */
  | { readonly kind: "wildcard"; readonly text: string; readonly domain: string; readonly origin: OriginParts }
  /** Not a valid entry (generators take any list): it is only ever sent literally. */
  | { readonly kind: "unparsed"; readonly text: string };

/** The policy's parser is the one source of truth for an entry's shape. */
export function parseAllowEntry(text: string): AllowEntry {
  let entry: PolicyAllowEntry;
  try {
    entry = parsePolicyAllowEntry(text);
  } catch {
    return { kind: "unparsed", text };
  }
  if (entry.kind === "null") return { kind: "null", text };
  const port = entry.port === null ? undefined : String(entry.port);
  if (entry.kind === "origin") return { kind: "exact", text, origin: { scheme: entry.scheme, host: entry.host, port } };
  const domain = entry.suffix.slice(1);
  return { kind: "wildcard", text, domain, origin: { scheme: entry.scheme, host: domain, port } };
}

/** Case ids name allow entries by their 1-based position: `allow-1`, `allow-2`, ... */
export function entryLabel(index: number): string {
  return `allow-${index + 1}`;
}

export function allowEntries(allow: readonly string[]): readonly { readonly label: string; readonly entry: AllowEntry }[] {
  return allow.map((text, index) => ({ label: entryLabel(index), entry: parseAllowEntry(text) }));
}

/**
 * An allowed origin that attacks are derived from.
 * For a wildcard entry, `allowed` is a concrete instance (`https://a.example.com`)
 * and `anchor` is the wildcard's domain (`example.com`); for an exact entry both
 * name the entry's host.
 */
export interface Target {
  readonly label: string;
  readonly allowed: OriginParts;
  readonly anchor: string;
  readonly wildcard: boolean;
  /**
   * A host a scanner derives from the entry rather than the entry itself
   * (see `scannerTargets`): attacks on it are never allowed values, but
   * repeating every variant on it would only repeat the entry's cases.
   */
  readonly scannerForm?: boolean;
}

/** A target as the corpus uses it (`example`) and as arbitraries draw it. */
export interface TargetSource {
  readonly example: Target;
  readonly arbitrary: fc.Arbitrary<Target>;
}

export function exactTarget(label: string, origin: OriginParts): TargetSource {
  const target: Target = { label, allowed: origin, anchor: origin.host, wildcard: false };
  return { example: target, arbitrary: fc.constant(target) };
}

const LOWERCASE_LETTERS = [..."abcdefghijklmnopqrstuvwxyz"];
const LABEL_CHARACTERS = [...LOWERCASE_LETTERS, ..."0123456789"];

/**
 * `[a-z][a-z0-9]{0,7}`, built from arbitraries that can tell whether they
 * draw a value (`fc.stringMatching` cannot), so membership can be asked.
 */
const WILDCARD_LABEL: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...LOWERCASE_LETTERS), fc.string({ unit: fc.constantFrom(...LABEL_CHARACTERS), maxLength: 7 }))
  .map(
    ([first, rest]) => first + rest,
    (value) => {
      if (typeof value !== "string" || value.length === 0) throw new Error("not a label");
      return [value.charAt(0), value.slice(1)];
    },
  );

/** Hosts a wildcard entry allows: `a.<domain>` in the corpus, one to three random labels when drawn. */
export function wildcardTarget(label: string, domain: string, origin: OriginParts): TargetSource {
  const instance = (labels: readonly string[]): Target => ({
    label,
    allowed: { ...origin, host: [...labels, domain].join(".") },
    anchor: domain,
    wildcard: true,
  });
  // The unmapper lets `canShrinkWithoutContext` answer whether a host is one this arbitrary draws.
  const labelsOf = (value: unknown): string[] => {
    const host = (value as Target).allowed.host;
    if (!host.endsWith(`.${domain}`)) throw new Error(`${host} is not under ${domain}`);
    return host.slice(0, -domain.length - 1).split(".");
  };
  return {
    example: instance(["a"]),
    arbitrary: fc.array(WILDCARD_LABEL, { minLength: 1, maxLength: 3 }).map(instance, labelsOf),
  };
}

/**
 * Stands in when a policy has no host entry (only `null`, or nothing): attacks
 * on a host nobody allows still probe that the guard rejects them.
 */
export const FALLBACK_TARGET: TargetSource = exactTarget("unlisted-host", { scheme: "https", host: "app.example.org" });

/**
 * The allow list's targets plus the hosts a scanner derives from them. CORS
 * scanners take the hostname of the URL they scan: they drop the port, often
 * send `https://` whatever the scheme, and attack a wildcard's domain itself
 * (`https://myapp.com.evil.com` for `https://*.myapp.com`). Every added target
 * differs from every entry in scheme, port or by being a wildcard's bare
 * domain, so no attack derived from it is an allowed value.
 */
export function scannerTargets(allow: readonly string[]): readonly TargetSource[] {
  const targets = hostTargets(allow);
  const seen = new Set(targets.map((source) => serializeOrigin(source.example.allowed)));
  const derived: TargetSource[] = [];
  const add = (label: string, origin: OriginParts, wildcard: boolean) => {
    const key = serializeOrigin(origin);
    if (seen.has(key)) return;
    seen.add(key);
    const target: Target = { label, allowed: origin, anchor: origin.host, wildcard, scannerForm: true };
    derived.push({ example: target, arbitrary: fc.constant(target) });
  };
  for (const { label, entry } of allowEntries(allow)) {
    if (entry.kind === "exact") {
      add(`${label}-hostname`, { scheme: entry.origin.scheme, host: entry.origin.host }, false);
      add(`${label}-https-hostname`, { scheme: "https", host: entry.origin.host }, false);
    } else if (entry.kind === "wildcard") {
      add(`${label}-domain`, { scheme: entry.origin.scheme, host: entry.domain }, true);
    }
  }
  return [...targets, ...derived];
}

/** Every exact and wildcard entry of the allow list as a target (the fallback when there is none). */
export function hostTargets(allow: readonly string[]): readonly TargetSource[] {
  const sources = allowEntries(allow).flatMap(({ label, entry }): TargetSource[] => {
    if (entry.kind === "exact") return [exactTarget(label, entry.origin)];
    if (entry.kind === "wildcard") return [wildcardTarget(label, entry.domain, entry.origin)];
    return [];
  });
  return sources.length > 0 ? sources : [FALLBACK_TARGET];
}

export function targetArbitrary(sources: readonly TargetSource[]): fc.Arbitrary<Target> {
  return oneOfAll(sources.map((source) => source.arbitrary));
}

/**
 * `fc.oneof` over a list that must not be empty (fc.oneof would only fail when
 * sampled). Cross-shrinking lets a counterexample move to an earlier option, so
 * failures shrink towards the first allow entry and the simplest variant.
 */
export function oneOfAll<T>(arbitraries: readonly fc.Arbitrary<T>[]): fc.Arbitrary<T> {
  if (arbitraries.length === 0) throw new Error("oneOfAll needs at least one arbitrary");
  return fc.oneof({ withCrossShrink: true }, ...arbitraries);
}

/** Where the protected name starts in the target's host (after a wildcard instance's own labels). */
export function anchorStart(target: Target): number {
  return target.allowed.host.length - target.anchor.length;
}

export function allowedOrigin(target: Target): string {
  return serializeOrigin(target.allowed);
}

export function withHost(target: Target, host: string): string {
  return serializeOrigin({ ...target.allowed, host });
}

export function withScheme(target: Target, scheme: string): string {
  return serializeOrigin({ ...target.allowed, scheme });
}

export function withPort(target: Target, port: string | undefined): string {
  return serializeOrigin({ ...target.allowed, port });
}

/** What the allow list lets a browser send, entry by entry: the text itself, `null`, or a wildcard instance. */
export function allowedValueSources(allow: readonly string[]): readonly { readonly label: string; readonly example: string; readonly arbitrary: fc.Arbitrary<string> }[] {
  return allowEntries(allow).map(({ label, entry }) => {
    if (entry.kind !== "wildcard") return { label, example: entry.text, arbitrary: fc.constant(entry.text) };
    const source = wildcardTarget(label, entry.domain, entry.origin);
    const target = (value: unknown): Target => ({ ...source.example, allowed: { ...entry.origin, host: hostOfSerialized(value, entry.origin) } });
    return { label, example: allowedOrigin(source.example), arbitrary: source.arbitrary.map(allowedOrigin, target) };
  });
}

/** The host of `value` when it is `origin` with another host (the inverse of `serializeOrigin` for one scheme and port). */
export function hostOfSerialized(value: unknown, origin: OriginParts): string {
  if (typeof value !== "string") throw new Error("not a string");
  const prefix = `${origin.scheme}://`;
  const suffix = origin.port === undefined ? "" : `:${origin.port}`;
  if (!value.startsWith(prefix) || !value.endsWith(suffix)) throw new Error(`${value} is not ${prefix}<host>${suffix}`);
  return value.slice(prefix.length, value.length - suffix.length);
}

/** Any value the allow list admits, from every entry; the fallback origin for an empty list. */
export function allowedValueArbitrary(allow: readonly string[]): fc.Arbitrary<string> {
  const sources = allowedValueSources(allow);
  if (sources.length === 0) return FALLBACK_TARGET.arbitrary.map(allowedOrigin);
  return oneOfAll(sources.map((source) => source.arbitrary));
}

/** The attacker's registrable domain in corpus cases. */
export const ATTACKER_DOMAIN = "evil.com";

/** Domains an attacker controls: the usual suspects first (they are where shrinking ends), then any domain. */
export const attackerDomain: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(ATTACKER_DOMAIN, "attacker.test"), fc.domain());

/** A label an attacker puts in front of or under an allowed domain, `evil` in corpus cases. */
export const ATTACKER_LABEL = "evil";
export const attackerLabel: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(ATTACKER_LABEL, "attacker"), fc.stringMatching(/^[a-z0-9]{1,10}$/));

/** The attacker's own origin, with the target's scheme. */
export function attackerOrigin(target: Target, domain: string): string {
  return serializeOrigin({ scheme: target.allowed.scheme, host: domain });
}

/** `text` with `piece` inserted at `index`, which wraps around the text's length so any natural number works. */
export function insertAt(text: string, index: number, piece: string): string {
  const at = index % (text.length + 1);
  return text.slice(0, at) + piece + text.slice(at);
}

/** The positions of every occurrence of `char` in `text`. */
export function positionsOf(text: string, char: string): number[] {
  const positions: number[] = [];
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) positions.push(i);
  return positions;
}

/** `text` with the character at `index` replaced. */
export function replaceAt(text: string, index: number, replacement: string): string {
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

/**
 * Which candidates a list of picks selects. Picks wrap around the candidates,
 * so any non-empty list of naturals selects at least one of a non-empty list.
 */
export function pickFrom<T>(candidates: readonly T[], picks: readonly number[]): Set<T> {
  if (candidates.length === 0) return new Set();
  return new Set(picks.map((pick) => candidates[pick % candidates.length]!));
}

/** Picks for `pickFrom`: at least one, shrinking towards the first candidate. */
export const somePicks: fc.Arbitrary<number[]> = fc.array(fc.nat(), { minLength: 1, maxLength: 6 });

/** `text` with the characters at `indexes` replaced by `replace(char)`. */
export function replaceCharsAt(text: string, indexes: ReadonlySet<number>, replace: (char: string) => string): string {
  return [...text].map((char, index) => (indexes.has(index) ? replace(char) : char)).join("");
}

/** The indexes of the characters of `text` that satisfy `test` (by code point). */
export function indexesWhere(text: string, test: (char: string) => boolean): number[] {
  return [...text].flatMap((char, index) => (test(char) ? [index] : []));
}

/** `text` with the case of the picked letters flipped. */
export function flipCase(text: string, picks: readonly number[]): string {
  const letters = indexesWhere(text, (char) => char.toLowerCase() !== char.toUpperCase());
  return replaceCharsAt(text, pickFrom(letters, picks), (char) =>
    char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase(),
  );
}

/** `null` is case-sensitive: these are not the opaque origin. */
export const NULL_CASE_VARIANTS = [
  { tag: "capitalized", value: "Null" },
  { tag: "uppercase", value: "NULL" },
  { tag: "inverted", value: "nULL" },
] as const;

/** Optional whitespace (RFC 9110 OWS): spaces and tabs, possibly none. */
export const optionalWhitespace: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(" ", "\t"), maxLength: 3 });

/** CR and LF end a header line on the wire; values for the Origin line itself must not contain them. */
export function hasNoLineBreak(value: string): boolean {
  return !/[\r\n]/.test(value);
}

/** The value of a one-line header (the inverse of `originLine`, for unmappers); throws on anything else. */
export function singleLine(header: unknown): string {
  const lines = (header as { lines?: unknown } | null)?.lines;
  if (!Array.isArray(lines) || lines.length !== 1 || typeof lines[0] !== "string" || (header as { name?: unknown }).name !== undefined) {
    throw new Error("not a one-line Origin header");
  }
  return lines[0];
}
