import fc from "fast-check";
import { attackerVariant, defineCategory, variant, variantFamily } from "../category.js";
import { ATTACKER_DOMAIN, allowedOrigin, attackerDomain, scannerTargets } from "../origin-parts.js";
import { specialCharacter } from "./special-characters.js";

/** Separators a sloppy boundary check misses; the arbitrary draws any special character. */
const CORPUS_GLUE = [
  { tag: "hyphen", char: "-" },
  { tag: "underscore", char: "_" },
] as const;

export const gluedAttackerDomains = defineCategory(
  {
    id: "glued-attacker-domains",
    title: "Attacker's domain glued to the allowed origin without a dot",
    description:
      "Catches prefix checks that were patched against the `.evil.com` trick only: `origin.startsWith(allowed) && !origin.slice(allowed.length).startsWith(\".\")` accepts `https://myapp.comevil.com` and `https://myapp.com-evil.com`, and `/^https:\\/\\/myapp\\.com[^.]*$/.test(origin)` does too.",
    rationale:
      "`myapp.comevil.com` is one label followed by `.com`: a domain anyone can register, and it starts with the allowed origin byte for byte. nuclei's CORS template and PortSwigger's cheat sheet (`<allowed><attacker>`) send it; with a hyphen or underscore between the two it still reads as one host to a browser.",
  },
  [
    variantFamily(
      [
        attackerVariant("glued", "the attacker's domain right after the allowed origin", (t, attacker) => `${allowedOrigin(t)}${attacker}`),
        variant({
          id: "char-glued",
          title: "a special character, then the attacker's domain, right after the allowed origin",
          params: fc.record({ char: specialCharacter, attacker: attackerDomain }),
          corpusParams: CORPUS_GLUE.map(({ tag, char }) => ({ tag, params: { char, attacker: ATTACKER_DOMAIN } })),
          value: (t, { char, attacker }) => `${allowedOrigin(t)}${char}${attacker}`,
        }),
      ],
      (input) => scannerTargets(input.allow),
    ),
  ],
);
