import fc from "fast-check";
import { defineCategory, variant, variantFamily } from "../category.js";
import { allowedOrigin, pickFrom, positionsOf, replaceCharsAt, somePicks, withHost, type Target } from "../origin-parts.js";

type HexCase = "lower" | "upper";
const HEX_CASES: readonly HexCase[] = ["lower", "upper"];

/** `%xx` for an ASCII character, with the hex digits in the given case. */
function percentEncode(char: string, hexCase: HexCase): string {
  const hex = char.charCodeAt(0).toString(16).padStart(2, "0");
  return `%${hexCase === "upper" ? hex.toUpperCase() : hex}`;
}

function encodeAt(text: string, indexes: readonly number[], hexCase: HexCase): string {
  return replaceCharsAt(text, new Set(indexes), (char) => percentEncode(char, hexCase));
}

/** Both hex cases when they differ (`%2e`/`%2E`), one case when they do not (`%61`). */
function hexCaseParams<P>(tag: string, char: string, params: (hexCase: HexCase) => P): { tag: string; params: P }[] {
  const cases = percentEncode(char, "lower") === percentEncode(char, "upper") ? (["lower"] as const) : HEX_CASES;
  return cases.map((hexCase) => ({ tag: cases.length === 1 ? tag : `${tag}-${hexCase}`, params: params(hexCase) }));
}

const hexCase = fc.constantFrom(...HEX_CASES);
const schemeEnd = (t: Target) => t.allowed.scheme.length;

export const percentEncoding = defineCategory(
  {
    id: "percent-encoding",
    title: "Percent-encoded characters of an allowed origin",
    description:
      "Catches guards that decode before comparing: `ALLOWED.includes(decodeURIComponent(origin))` accepts `https://my%61pp.com`, `https://myapp%2ecom` and `https%3A%2F%2Fmyapp.com`, and one that decodes twice (`decodeURIComponent(decodeURIComponent(origin))`, or a framework that already decoded once) accepts `https://myapp%252ecom`.",
    rationale:
      "An Origin is never percent-encoded: a browser serializes the host as ASCII (punycode) and no part of it is escaped, so `%` in an Origin always comes from a script. Decoding first is a parser differential (PortSwigger's URL-validation research, the double-encoded `%23`, `%2e`, `%2f`, `%3a` payloads of its cheat sheet): the check sees the allowed origin while the attacker chose the bytes. Encoding any one character of the allowed origin (a host letter, a dot, the colons, the slashes), in lower- and uppercase hex, is enough to pass such a guard.",
  },
  [
    variantFamily([
      variant({
        id: "host-letter",
        title: "a letter of the host percent-encoded",
        params: fc.record({ picks: somePicks, hexCase }),
        corpusParams: (t) => {
          const host = t.allowed.host;
          const first = 0;
          const middle = Math.floor(host.length / 2);
          return [
            ...hexCaseParams("first", host[first] ?? "", (c) => ({ picks: [first], hexCase: c })),
            ...(middle === first ? [] : hexCaseParams("middle", host[middle] ?? "", (c) => ({ picks: [middle], hexCase: c }))),
          ];
        },
        value: (t, { picks, hexCase: c }) => {
          const letters = [...t.allowed.host].flatMap((char, index) => (/[a-z0-9-]/i.test(char) ? [index] : []));
          return withHost(t, encodeAt(t.allowed.host, [...pickFrom(letters, picks)], c));
        },
      }),
      variant({
        id: "dot",
        title: "a dot of the host percent-encoded",
        applies: (t) => t.allowed.host.includes("."),
        params: fc.record({ dot: fc.nat(), hexCase }),
        corpusParams: (t) =>
          positionsOf(t.allowed.host, ".").flatMap((_, dot) => hexCaseParams(`dot-${dot + 1}`, ".", (c) => ({ dot, hexCase: c }))),
        value: (t, { dot, hexCase: c }) => {
          const dots = positionsOf(t.allowed.host, ".");
          return withHost(t, encodeAt(t.allowed.host, [dots[dot % dots.length]!], c));
        },
      }),
      variant({
        id: "whole-host",
        title: "every character of the host percent-encoded",
        params: hexCase,
        corpusParams: HEX_CASES.map((c) => ({ tag: c, params: c })),
        value: (t, c) => withHost(t, encodeAt(t.allowed.host, [...t.allowed.host].map((_, index) => index), c)),
      }),
      variant({
        id: "separator",
        title: "the scheme's colon, a slash, both slashes or the port's colon percent-encoded",
        params: fc.record({ part: fc.constantFrom("scheme-colon", "first-slash", "both-slashes", "port-colon"), hexCase }),
        corpusParams: (t) =>
          (["scheme-colon", "first-slash", "both-slashes", ...(t.allowed.port === undefined ? [] : ["port-colon"])] as const).flatMap((part) =>
            hexCaseParams(part, part.endsWith("colon") ? ":" : "/", (c) => ({ part, hexCase: c })),
          ),
        value: (t, { part, hexCase: c }) => {
          const origin = allowedOrigin(t);
          const at = schemeEnd(t);
          if (part === "scheme-colon") return encodeAt(origin, [at], c);
          if (part === "first-slash") return encodeAt(origin, [at + 1], c);
          if (part === "both-slashes") return encodeAt(origin, [at + 1, at + 2], c);
          // No port: the colon is the scheme's; the arbitrary then encodes that one.
          return encodeAt(origin, [origin.lastIndexOf(":")], c);
        },
      }),
      variant({
        id: "double-encoded-dot",
        title: "a dot of the host percent-encoded twice",
        applies: (t) => t.allowed.host.includes("."),
        params: hexCase,
        corpusParams: HEX_CASES.map((c) => ({ tag: c, params: c })),
        value: (t, c) => withHost(t, t.allowed.host.replace(".", `%25${percentEncode(".", c).slice(1)}`)),
      }),
    ]),
  ],
);
