import fc from "fast-check";
import { originLines } from "../../origin/header.js";
import { defineCategory, variant, variantFamily } from "../category.js";
import { ATTACKER_DOMAIN, allowedOrigin, attackerDomain, attackerOrigin, type Target } from "../origin-parts.js";

type Line = "allowed" | "attacker" | "empty";

const LINE_ORDERS: readonly { readonly tag: string; readonly lines: readonly Line[] }[] = [
  { tag: "allowed-then-attacker", lines: ["allowed", "attacker"] },
  { tag: "attacker-then-allowed", lines: ["attacker", "allowed"] },
  { tag: "allowed-twice", lines: ["allowed", "allowed"] },
  { tag: "allowed-then-empty", lines: ["allowed", "empty"] },
  { tag: "empty-then-allowed", lines: ["empty", "allowed"] },
];

function lineValue(t: Target, attacker: string, line: Line): string {
  if (line === "allowed") return allowedOrigin(t);
  if (line === "attacker") return attackerOrigin(t, attacker);
  return "";
}

export const duplicateOriginLines = defineCategory(
  {
    id: "duplicate-origin-lines",
    title: "Several Origin lines",
    description:
      "Catches guards that split a joined header: `origin.split(\",\")[0].trim()` accepts the lines `https://myapp.com` + `https://evil.com` in any stack that joins repeated headers; and pins which line `headers.get(\"origin\")` returns (here the last), so a guard behind a proxy that checks the first line is known to be bypassed by `https://evil.com` + `https://myapp.com`.",
    rationale:
      "Browsers send exactly one Origin, but a raw client can send several; HTTP stacks disagree on which one wins (this one keeps only the last), which is the header-duplication class of request-smuggling and CORS research. Node's clients cannot send these, so they need a raw socket.",
    rawSocketOnly: true,
  },
  [
    variantFamily([
      variant({
        id: "lines",
        title: "several Origin lines",
        params: fc.record({
          attacker: attackerDomain,
          lines: fc.array(fc.constantFrom<Line>("allowed", "attacker", "empty"), { minLength: 2, maxLength: 4 }),
        }),
        corpusParams: LINE_ORDERS.map(({ tag, lines }) => ({ tag, params: { attacker: ATTACKER_DOMAIN, lines } })),
        value: (t, { attacker, lines }) => originLines(...lines.map((line) => lineValue(t, attacker, line))),
      }),
    ]),
  ],
);
