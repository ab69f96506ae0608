import fc from "fast-check";
import { attackerLabelVariant, attackerVariant, defineCategory, fixedVariant, variant, variantFamily } from "../category.js";
import {
  allowedOrigin,
  anchorStart,
  attackerOrigin,
  positionsOf,
  replaceAt,
  replaceCharsAt,
  scannerTargets,
  withHost,
  type Target,
} from "../origin-parts.js";

/**
 * The dots whose replacement breaks the protected name: all of an exact host's,
 * but for a wildcard instance only those of the domain and the one before it
 * (`ab.cd.example.com` -> `abxcd.example.com` is just another allowed instance).
 */
function significantDots(t: Target): number[] {
  return positionsOf(t.allowed.host, ".").filter((index) => index >= anchorStart(t) - 1);
}
const hasDot = (t: Target) => significantDots(t).length > 0;
const lastLabel = (host: string) => host.slice(host.lastIndexOf(".") + 1);
const hasTopLevelDomain = (t: Target) => t.allowed.host.includes(".") && /^[a-z]+$/i.test(lastLabel(t.allowed.host));

const DOT_REPLACEMENTS = [..."xabcdefghijklmnopqrstuvwyz0123456789XABCDEFGHIJKLMNOPQRSTUVWYZ"];

/**
 * What the corpus puts where a dot was: a lowercase letter (`x` as Corsy, `a` as
 * CORScanner and nuclei do) and their uppercase forms, which a regex written
 * with the `i` flag or run after `toLowerCase()` takes for the same thing.
 */
const CORPUS_DOT_REPLACEMENTS = [
  { tag: undefined, char: "x" },
  { tag: "a", char: "a" },
  { tag: "upper-x", char: "X" },
  { tag: "upper-a", char: "A" },
] as const;

function replaceDots(t: Target, dots: readonly number[], replacement: string): string {
  return withHost(t, replaceCharsAt(t.allowed.host, new Set(dots), () => replacement));
}

function replaceTopLevelDomain(host: string, tld: string): string {
  const current = lastLabel(host);
  const other = tld !== current ? tld : current === "net" ? "org" : "net";
  return host.slice(0, host.length - current.length) + other;
}

/**
 * Hosts that a loose wildcard check (`/^https:\/\/([a-z0-9-]*\.)+myapp\.com$/`,
 * `host.endsWith(".myapp.com")`) accepts, but no DNS name is: a browser can never
 * send them, so accepting them means the guard's idea of a label is wrong.
 */
const MALFORMED_LABELS = [
  { tag: "empty-label", host: (anchor: string) => `.${anchor}` },
  { tag: "empty-inner-label", host: (anchor: string) => `a..${anchor}` },
  { tag: "leading-hyphen", host: (anchor: string) => `-a.${anchor}` },
  { tag: "trailing-hyphen", host: (anchor: string) => `a-.${anchor}` },
  { tag: "underscore", host: (anchor: string) => `a_b.${anchor}` },
  { tag: "literal-asterisk", host: (anchor: string) => `*.${anchor}` },
] as const;

export const lookalikeDomains = defineCategory(
  {
    id: "lookalike-domains",
    title: "Look-alike domains",
    description:
      "Catches substring, prefix, suffix and unanchored-regex checks: `origin.startsWith(\"https://myapp.com\")` accepts `https://myapp.com.evil.com`, `origin.endsWith(\"myapp.com\")` accepts `https://evilmyapp.com`, `/^https:\\/\\/www.myapp.com$/.test(origin)` (unescaped dot) accepts `https://wwwxmyapp.com`, `origin.includes(\"myapp.com\")` accepts `https://evil.com/?https://myapp.com`, and the reversed substring test `\"https://myapp.com\".includes(origin)` accepts `https://yapp.com`.",
    rationale:
      "An attacker registers any domain they like, so every host that merely contains, starts or ends with an allowed one is theirs: the prefix, suffix, substring, unescaped-dot and any-subdomain classes of CORScanner, Corsy and PortSwigger's CORS research. A trailing dot names another host for URL parsers, and a sibling TLD or the parent domain is usually someone else's. Like the scanners, the attacks also start from each entry's hostname without its port, over https, and from a wildcard's bare domain (CORScanner's `include_match` and `not_escape_dot`, nuclei's every-dot replacement).",
  },
  [
    variantFamily(
      [
        attackerVariant("prefix", "allowed host under the attacker's domain", (t, attacker) => withHost(t, `${t.allowed.host}.${attacker}`)),
        attackerLabelVariant("suffix", "attacker label glued in front", (t, label) => withHost(t, label + t.anchor)),
        attackerVariant("embedded", "allowed host embedded in the attacker's", (t, attacker) => withHost(t, `x${t.allowed.host}x.${attacker}`)),
        attackerVariant(
          "allowed-in-query-of-attacker",
          "allowed origin in the attacker's query",
          (t, attacker) => `${attackerOrigin(t, attacker)}/?${allowedOrigin(t)}`,
        ),
        variant({
          id: "unescaped-dot",
          title: "a dot replaced by a letter or digit",
          applies: hasDot,
          params: fc.record({ dot: fc.nat(), replacement: fc.constantFrom(...DOT_REPLACEMENTS) }),
          corpusParams: (t) =>
            significantDots(t).flatMap((_, dot) =>
              CORPUS_DOT_REPLACEMENTS.map(({ tag, char }) => ({ tag: [`dot-${dot + 1}`, tag].filter(Boolean).join("-"), params: { dot, replacement: char } })),
            ),
          value: (t, { dot, replacement }) => {
            const dots = significantDots(t);
            return withHost(t, replaceAt(t.allowed.host, dots[dot % dots.length]!, replacement));
          },
        }),
        variant({
          id: "every-dot-replaced",
          title: "every dot replaced by the same letter",
          applies: (t) => significantDots(t).length > 1,
          params: fc.constantFrom(...DOT_REPLACEMENTS),
          corpusParams: CORPUS_DOT_REPLACEMENTS.filter(({ char }) => char.toLowerCase() === "a").map(({ char }) => ({ tag: char === "a" ? "a" : "upper-a", params: char })),
          value: (t, replacement) => replaceDots(t, significantDots(t), replacement),
        }),
        variant({
          id: "truncated-host",
          title: "the allowed name without its first or last character",
          params: fc.constantFrom("head", "tail"),
          corpusParams: [
            { tag: "head", params: "head" },
            { tag: "tail", params: "tail" },
          ],
          value: (t, end) => withHost(t, end === "head" ? t.anchor.slice(1) : t.anchor.slice(0, -1)),
        }),
        attackerVariant(
          "attacker-domain-as-subdomain",
          "the attacker's whole domain as a subdomain",
          (t, attacker) => withHost(t, `${attacker}.${t.anchor}`),
          // Under a wildcard every such host is allowed.
          (t) => !t.wildcard,
        ),
        // Every subdomain is declared under a wildcard entry.
        attackerLabelVariant("undeclared-subdomain", "a subdomain the policy does not list", (t, label) => withHost(t, `${label}.${t.anchor}`), (t) => !t.wildcard),
        variant({
          id: "malformed-wildcard-label",
          title: "a label a wildcard must not match (empty, hyphen at an end, underscore, a literal *)",
          applies: (t) => t.wildcard,
          params: fc.constantFrom(...MALFORMED_LABELS),
          corpusParams: MALFORMED_LABELS.map((form) => ({ tag: form.tag, params: form })),
          value: (t, form) => withHost(t, form.host(t.anchor)),
        }),
        fixedVariant("trailing-dot", "host with a trailing dot", (t) => withHost(t, `${t.allowed.host}.`)),
        fixedVariant(
          "parent-domain",
          "the parent domain",
          (t) => withHost(t, t.wildcard ? t.anchor : t.allowed.host.slice(t.allowed.host.indexOf(".") + 1)),
          (t) => t.wildcard || positionsOf(t.allowed.host, ".").length >= 2,
        ),
        variant({
          id: "other-tld",
          title: "the same name under another top-level domain",
          applies: hasTopLevelDomain,
          params: fc.oneof(fc.constantFrom("net", "org", "co", "io"), fc.stringMatching(/^[a-z]{2,6}$/)),
          corpusParams: [{ params: "net" }],
          value: (t, tld) => withHost(t, replaceTopLevelDomain(t.allowed.host, tld)),
        }),
      ],
      (input) => scannerTargets(input.allow),
    ),
  ],
);
