import fc from "fast-check";
import { defineCategory, variant, variantFamily } from "../category.js";
import { ATTACKER_DOMAIN, allowedOrigin, attackerDomain, insertAt, withHost } from "../origin-parts.js";

/** The characters CORScanner and nuclei's CORS templates put after the allowed host; some browsers allow them in hosts. */
const SPECIAL_CHARACTERS = [
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
] as const;

const specialCharacter = fc.constantFrom(...SPECIAL_CHARACTERS.map(({ char }) => char));

export const specialCharacters = defineCategory(
  {
    id: "special-characters",
    title: "Special characters after or inside the host",
    description:
      "Catches prefix checks and regexes whose host part is too permissive: `origin.startsWith(\"https://myapp.com\")` accepts `https://myapp.com_.evil.com` and `https://myapp.com%60.evil.com`, and `/^https:\\/\\/[^.]*\\.?myapp\\.com/.test(origin)` (no end anchor) accepts `https://myapp.com!.evil.com`.",
    rationale:
      "Safari and some other clients accept characters such as `` ` ``, `!`, `$`, `{`, `_` in host names, so `https://myapp.com_.evil.com` is a host under the attacker's domain that a real browser can send. This is CORScanner's and nuclei's special-characters bypass (from the PortSwigger / Corben Leo research).",
  },
  [
    variantFamily([
      variant({
        id: "char-then-attacker",
        title: "a special character after the allowed origin, then the attacker's domain",
        params: fc.record({ char: specialCharacter, attacker: attackerDomain }),
        corpusParams: SPECIAL_CHARACTERS.map(({ tag, char }) => ({ tag, params: { char, attacker: ATTACKER_DOMAIN } })),
        value: (t, { char, attacker }) => `${allowedOrigin(t)}${char}.${attacker}`,
      }),
      variant({
        id: "char-appended",
        title: "a special character after the allowed origin",
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
    ]),
  ],
);
