import { attackerLabelVariant, attackerVariant, defineCategory, variant, variantFamily } from "../category.js";
import { positionsOf, replaceCharsAt, scannerTargets, serializeOrigin, swapScheme, type Target } from "../origin-parts.js";
import fc from "fast-check";

/** `host` on the target's port, with the other security level of its scheme. */
function downgraded(t: Target, host: string): string {
  return serializeOrigin({ ...t.allowed, scheme: swapScheme(t.allowed.scheme), host });
}

export const downgradedLookalikes = defineCategory(
  {
    id: "downgraded-lookalikes",
    title: "Look-alike domains with the scheme swapped",
    description:
      "Catches guards that check the host loosely for one scheme only: `origin.startsWith(\"http://\") ? new URL(origin).hostname.endsWith(\".myapp.com\") : ALLOWED.includes(origin)` (plain http allowed for preview subdomains) accepts `http://evil.myapp.com`, and `/^https?:\\/\\/.*myapp\\.com$/.test(origin)` accepts `http://evilmyapp.com`.",
    rationale:
      "A scheme swap alone and a look-alike alone can both be rejected while their combination passes, when a guard treats http (development, previews) and https differently. nuclei's CORS template sends `http://s<domain>`, `http://<random>.<domain>` and `http://<domain with dots replaced>`, and PortSwigger's cheat sheet `http://<attacker>.<allowed>`; an https look-alike of a plain-http entry (`https://localhost.evil.com`) is the same class seen from the other side.",
  },
  [
    variantFamily(
      [
        attackerVariant("prefix", "allowed host under the attacker's domain", (t, attacker) => downgraded(t, `${t.allowed.host}.${attacker}`)),
        attackerLabelVariant("suffix", "attacker label glued in front", (t, label) => downgraded(t, label + t.anchor)),
        attackerLabelVariant("label-glued-to-instance", "attacker label glued to the front of a wildcard's instance", (t, label) => downgraded(t, label + t.allowed.host), (t) => t.wildcard && t.allowed.host !== t.anchor),
        attackerLabelVariant("subdomain", "a subdomain of the allowed name", (t, label) => downgraded(t, `${label}.${t.anchor}`)),
        attackerVariant("attacker-domain-as-subdomain", "the attacker's whole domain as a subdomain", (t, attacker) => downgraded(t, `${attacker}.${t.allowed.host}`)),
        attackerVariant("glued", "the attacker's domain glued on", (t, attacker) => downgraded(t, `${t.allowed.host}${attacker}`)),
        variant({
          id: "every-dot-replaced",
          title: "every dot replaced by a letter",
          applies: (t) => t.allowed.host.includes("."),
          params: fc.constantFrom("a", "x", "A", "X"),
          corpusParams: [{ params: "a" }],
          value: (t, letter) => downgraded(t, replaceCharsAt(t.allowed.host, new Set(positionsOf(t.allowed.host, ".")), () => letter)),
        }),
      ],
      (input) => scannerTargets(input.allow),
    ),
  ],
);
