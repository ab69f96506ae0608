import fc from "fast-check";
import { defineCategory, variant, variantFamily } from "../category.js";
import { ATTACKER_DOMAIN, allowedOrigin, attackerDomain, insertAt, scannerTargets, withHost } from "../origin-parts.js";

/**
 * Characters that are not LDH but that some browser or URL parser lets into a
 * host name (Safari takes most printable ASCII in a label, Firefox `$` and `+`),
 * plus the percent-encoded forms of two that they refuse raw (`` ` `` and VT).
 */
export const SPECIAL_CHARACTERS = [
  { tag: "underscore", char: "_" },
  { tag: "hyphen", char: "-" },
  { tag: "double-quote", char: '"' },
  { tag: "left-brace", char: "{" },
  { tag: "right-brace", char: "}" },
  { tag: "plus", char: "+" },
  { tag: "caret", char: "^" },
  { tag: "encoded-backtick", char: "%60" },
  { tag: "backtick", char: "`" },
  { tag: "exclamation", char: "!" },
  { tag: "tilde", char: "~" },
  { tag: "semicolon", char: ";" },
  { tag: "pipe", char: "|" },
  { tag: "ampersand", char: "&" },
  { tag: "single-quote", char: "'" },
  { tag: "left-paren", char: "(" },
  { tag: "right-paren", char: ")" },
  { tag: "asterisk", char: "*" },
  { tag: "comma", char: "," },
  { tag: "dollar", char: "$" },
  { tag: "equals", char: "=" },
  { tag: "encoded-vertical-tab", char: "%0b" },
] as const;

export const specialCharacter = fc.constantFrom(...SPECIAL_CHARACTERS.map(({ char }) => char));

export const specialCharacters = defineCategory(
  {
    id: "special-characters",
    title: "Special characters after or inside the host",
    description:
      "Catches prefix checks and regexes whose host part is too permissive: `origin.startsWith(\"https://myapp.com\")` accepts `https://myapp.com_.evil.com` and `https://myapp.com%60.evil.com`, and `/^https:\\/\\/[^.]*\\.?myapp\\.com/.test(origin)` (no end anchor) accepts `https://myapp.com!.evil.com`; a check that the allowed host is followed by a dot and a DNS label, `/^https:\\/\\/myapp\\.com(\\.[^.]+)*$/`, accepts `https://myapp.com.$.evil.com`.",
    rationale:
      "Safari and some other clients accept characters such as `` ` ``, `!`, `$`, `{`, `_` in host names, so `https://myapp.com_.evil.com` is a host under the attacker's domain that a real browser can send. This is CORScanner's and nuclei's special-characters bypass (from the PortSwigger / Corben Leo research); nuclei and PortSwigger's cheat sheet also send the character as a label of its own (`https://myapp.com.$.evil.com`). Scanners attack the hostname without its port and over https, so the attacks also start from those forms of each entry.",
  },
  [
    variantFamily(
      [
        variant({
          id: "char-then-attacker",
          title: "a special character after the allowed origin, then the attacker's domain",
          params: fc.record({ char: specialCharacter, attacker: attackerDomain }),
          corpusParams: SPECIAL_CHARACTERS.map(({ tag, char }) => ({ tag, params: { char, attacker: ATTACKER_DOMAIN } })),
          value: (t, { char, attacker }) => `${allowedOrigin(t)}${char}.${attacker}`,
        }),
        variant({
          id: "char-label-then-attacker",
          title: "a label of one special character between the allowed host and the attacker's domain",
          params: fc.record({ char: specialCharacter, attacker: attackerDomain }),
          corpusParams: SPECIAL_CHARACTERS.map(({ tag, char }) => ({ tag, params: { char, attacker: ATTACKER_DOMAIN } })),
          value: (t, { char, attacker }) => `${allowedOrigin(t)}.${char}.${attacker}`,
        }),
        variant({
          id: "char-appended",
          title: "a special character after the allowed origin",
          applies: (t) => t.scannerForm !== true,
          params: specialCharacter,
          corpusParams: SPECIAL_CHARACTERS.map(({ tag, char }) => ({ tag, params: char })),
          value: (t, char) => allowedOrigin(t) + char,
        }),
        variant({
          id: "char-inside-host",
          title: "a special character inside the host",
          params: fc.record({ char: specialCharacter, at: fc.nat() }),
          corpusParams: [],
          value: (t, { char, at }) => withHost(t, insertAt(t.allowed.host, at, char)),
        }),
      ],
      (input) => scannerTargets(input.allow),
    ),
  ],
);
