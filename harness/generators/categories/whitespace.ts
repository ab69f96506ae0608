import fc from "fast-check";
import { defineCategory, variant, variantFamily } from "../category.js";
import { allowedOrigin, attackerDomain, ATTACKER_DOMAIN, hostAndPort, insertAt, optionalWhitespace, withHost } from "../origin-parts.js";

const SOME_WHITESPACE = fc.string({ unit: fc.constantFrom(" ", "\t"), minLength: 1, maxLength: 3 });

const SURROUNDINGS = [
  { tag: "leading-space", params: { before: " ", after: "" } },
  { tag: "trailing-space", params: { before: "", after: " " } },
  { tag: "leading-tab", params: { before: "\t", after: "" } },
  { tag: "trailing-tab", params: { before: "", after: "\t" } },
  { tag: "both-sides", params: { before: " ", after: "\t" } },
  { tag: "runs-on-both-sides", params: { before: " \t", after: "\t " } },
] as const;

export const whitespace = defineCategory(
  {
    id: "whitespace",
    title: "Whitespace around and inside the value",
    description:
      "Catches guards that are too strict about the framing or too loose inside: `ALLOWED.includes(c.request.headers.get(\"origin\"))` must still accept ` https://myapp.com\\t` (the stack trims it), while `ALLOWED.includes(origin.replace(/\\s/g, \"\"))` accepts `https://my app.com` and `origin.split(/\\s/)[0]` accepts `https://myapp.com\\t.evil.com`.",
    rationale:
      "HTTP allows optional whitespace around a field value and the stack trims it, so surrounding spaces and tabs must not change the decision (these cases are accepted by a correct guard for an allowed origin). Whitespace inside is kept and makes another, invalid origin: a guard that strips or splits on it is fooled by a value no browser sends.",
  },
  [
    variantFamily([
      variant({
        id: "surrounded",
        title: "allowed origin with surrounding whitespace",
        params: fc.record({ before: optionalWhitespace, after: optionalWhitespace }).filter(({ before, after }) => before + after !== ""),
        corpusParams: SURROUNDINGS,
        value: (t, { before, after }) => before + allowedOrigin(t) + after,
      }),
      variant({
        id: "inner-whitespace-in-host",
        title: "whitespace inside the host",
        params: fc.record({ at: fc.nat(), space: SOME_WHITESPACE }),
        corpusParams: [
          { tag: "space", params: { at: 2, space: " " } },
          { tag: "tab", params: { at: 2, space: "\t" } },
        ],
        value: (t, { at, space }) => withHost(t, insertAt(t.allowed.host, at, space)),
      }),
      variant({
        id: "whitespace-after-scheme",
        title: "whitespace after the slashes",
        params: SOME_WHITESPACE,
        corpusParams: [{ params: " " }],
        value: (t, space) => `${t.allowed.scheme}://${space}${hostAndPort(t.allowed)}`,
      }),
      variant({
        id: "whitespace-before-attacker",
        title: "whitespace between the allowed host and the attacker's domain",
        params: fc.record({ attacker: attackerDomain, space: SOME_WHITESPACE }),
        corpusParams: [
          { tag: "tab", params: { attacker: ATTACKER_DOMAIN, space: "\t" } },
          { tag: "space", params: { attacker: ATTACKER_DOMAIN, space: " " } },
        ],
        value: (t, { attacker, space }) => withHost(t, `${t.allowed.host}${space}.${attacker}`),
      }),
    ]),
  ],
);
