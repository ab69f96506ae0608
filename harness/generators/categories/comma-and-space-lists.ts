import fc from "fast-check";
import { defineCategory, variant, variantFamily } from "../category.js";
import { ATTACKER_DOMAIN, allowedOrigin, attackerDomain, attackerOrigin } from "../origin-parts.js";

const SEPARATORS = [
  { tag: "comma", separator: ", " },
  { tag: "bare-comma", separator: "," },
  { tag: "space", separator: " " },
] as const;

const ORDERS = ["allowed-first", "attacker-first"] as const;

export const commaAndSpaceLists = defineCategory(
  {
    id: "comma-and-space-lists",
    title: "Lists in one Origin value",
    description:
      "Catches guards that split or search the value: `origin.split(\",\").some((o) => ALLOWED.includes(o.trim()))` accepts `https://evil.com, https://myapp.com`, `origin.split(\" \")[0]` accepts `https://myapp.com https://evil.com`, and `origin.startsWith(\"https://myapp.com\")` accepts `https://myapp.com, https://evil.com`.",
    rationale:
      "RFC 6454 once allowed a space-separated list of origins, and proxies join repeated headers with commas, so guards grow list handling; a browser only ever sends one origin, so any list is hand-made and must be rejected. Comma lists are one of CORScanner's and nuclei's checks.",
  },
  [
    variantFamily([
      variant({
        id: "list",
        title: "allowed and attacker origins in one value",
        params: fc.record({
          attacker: attackerDomain,
          separator: fc.oneof(fc.constantFrom(...SEPARATORS.map((s) => s.separator)), fc.constantFrom(" , ", ",\t", "\t", ";", " ,")),
          order: fc.constantFrom(...ORDERS),
        }),
        corpusParams: SEPARATORS.flatMap(({ tag, separator }) =>
          ORDERS.map((order) => ({ tag: `${tag}-${order}`, params: { attacker: ATTACKER_DOMAIN, separator, order } })),
        ),
        value: (t, { attacker, separator, order }) => {
          const pair = [allowedOrigin(t), attackerOrigin(t, attacker)];
          return (order === "allowed-first" ? pair : pair.reverse()).join(separator);
        },
      }),
      variant({
        id: "allowed-repeated",
        title: "the allowed origin twice in one value",
        params: fc.constantFrom(", ", ",", " "),
        corpusParams: [{ params: ", " }],
        value: (t, separator) => [allowedOrigin(t), allowedOrigin(t)].join(separator),
      }),
    ]),
  ],
);
