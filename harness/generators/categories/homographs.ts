import { domainToASCII } from "node:url";
import { defineCategory, fixedVariant, variant, variantFamily, type Variant } from "../category.js";
import { anchorStart, indexesWhere, pickFrom, replaceCharsAt, somePicks, withHost, type Target } from "../origin-parts.js";

type LookAlikes = Readonly<Record<string, string>>;

const CYRILLIC: LookAlikes = {
  a: "\u0430", c: "\u0441", e: "\u0435", h: "\u04bb", i: "\u0456", j: "\u0458",
  o: "\u043e", p: "\u0440", s: "\u0455", x: "\u0445", y: "\u0443",
};
const GREEK: LookAlikes = { i: "\u03b9", k: "\u03ba", o: "\u03bf", u: "\u03c5", v: "\u03bd" };
const FULLWIDTH: LookAlikes = Object.fromEntries(
  [..."abcdefghijklmnopqrstuvwxyz0123456789."].map((char) => [char, String.fromCodePoint(char.codePointAt(0)! + 0xfee0)]),
);

/**
 * Only the protected name is disguised: swapping letters in a wildcard
 * instance's own labels gives another instance, which the policy allows.
 */
function disguisableIndexes(t: Target, lookAlikes: LookAlikes): number[] {
  return indexesWhere(t.allowed.host, (char) => char in lookAlikes).filter((index) => index >= anchorStart(t));
}

function disguise(t: Target, lookAlikes: LookAlikes, picks: readonly number[]): string {
  return replaceCharsAt(t.allowed.host, pickFrom(disguisableIndexes(t, lookAlikes), picks), (char) => lookAlikes[char] ?? char);
}

function scriptVariant(script: string, lookAlikes: LookAlikes): Variant {
  return variant({
    id: script,
    title: `${script} look-alike characters`,
    applies: (t) => disguisableIndexes(t, lookAlikes).length > 0,
    params: somePicks,
    corpusParams: (t) => {
      const all = disguisableIndexes(t, lookAlikes).map((_, pick) => pick);
      return [{ tag: "first", params: [0] }, ...(all.length > 1 ? [{ tag: "all", params: all }] : [])];
    },
    value: (t, picks) => withHost(t, disguise(t, lookAlikes, picks)),
  });
}

/** The first label of the protected name, where a bogus punycode label goes. */
function firstAnchorLabel(t: Target): { start: number; end: number } {
  const start = anchorStart(t);
  const dot = t.allowed.host.indexOf(".", start);
  return { start, end: dot === -1 ? t.allowed.host.length : dot };
}

export const homographs = defineCategory(
  {
    id: "homographs",
    title: "Homographs and IDN forms",
    description:
      "Catches guards that normalise hosts with IDNA before comparing: `ALLOWED.includes(new URL(origin).origin)` accepts `https://ｍｙａｐｐ.com` (fullwidth) and `https://myapp。com`, and `ALLOWED.includes(\"https://\" + domainToUnicode(host))` accepts the bogus punycode `https://xn--myapp-.com`; with Cyrillic `а` in place of `a`, `https://myаpp.com` is simply another domain that a visual or confusable-folding check lets through.",
    rationale:
      "An attacker can register internationalised look-alikes of an allowed name (Cyrillic or Greek letters) and a browser sends them as punycode (`xn--...`). UTS46 mapping in URL parsers folds fullwidth letters and ideographic dots onto ASCII, so a guard that parses first accepts them. Listed among the homograph/IDN bypasses of CORS scanners. Values above U+00FF are sent as UTF-8; the stack drops such a header, so these reach the guard as a missing Origin unless punycoded.",
    rawSocketOnly: true,
  },
  [
    variantFamily([
      scriptVariant("cyrillic", CYRILLIC),
      scriptVariant("greek", GREEK),
      scriptVariant("fullwidth", FULLWIDTH),
      fixedVariant(
        "ideographic-dots",
        "dots replaced by ideographic full stops",
        (t) => withHost(t, t.allowed.host.slice(0, anchorStart(t)) + t.anchor.replaceAll(".", "\u3002")),
        (t) => t.anchor.includes("."),
      ),
      variant({
        id: "punycode",
        title: "Cyrillic look-alike in punycode",
        applies: (t) => disguisableIndexes(t, CYRILLIC).length > 0,
        params: somePicks,
        corpusParams: [{ params: [0] }],
        // domainToASCII answers "" for hosts it refuses; the Unicode form is still a homograph then.
        value: (t, picks) => {
          const disguised = disguise(t, CYRILLIC, picks);
          return withHost(t, domainToASCII(disguised) || disguised);
        },
      }),
      fixedVariant("punycode-of-ascii-label", "a label as punycode of itself (decodes to the allowed name)", (t) => {
        const { start, end } = firstAnchorLabel(t);
        const host = t.allowed.host;
        return withHost(t, `${host.slice(0, start)}xn--${host.slice(start, end)}-${host.slice(end)}`);
      }),
    ]),
  ],
);
