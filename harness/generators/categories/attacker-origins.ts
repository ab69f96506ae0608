import fc from "fast-check";
import { originLine } from "../../origin/header.js";
import { defineCategory, namedCase, type CaseFamily } from "../category.js";
import { ATTACKER_DOMAIN, allowEntries, attackerDomain, serializeOrigin, singleLine } from "../origin-parts.js";

/** The schemes and ports the attacker's origin takes: both web schemes, and every scheme and port the policy lists. */
function attackerSchemesAndPorts(allow: readonly string[]): { schemes: string[]; ports: (string | undefined)[] } {
  const listed = allowEntries(allow).flatMap(({ entry }) => ("origin" in entry ? [entry.origin] : []));
  return {
    schemes: [...new Set(["https", "http", ...listed.map((origin) => origin.scheme)])],
    ports: [...new Set([undefined, ...listed.map((origin) => origin.port)])],
  };
}

/** `scheme://host[:port]` back into its parts, so that the arbitrary can tell whether it draws a value. */
function parseAttackerOrigin(value: string): { scheme: string; host: string; port: string | undefined } {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^:/]+)(?::([0-9]+))?$/.exec(value);
  if (match === null) throw new Error(`${value} is not scheme://host[:port]`);
  return { scheme: match[1]!, host: match[2]!, port: match[3] };
}

const plainAttackerOrigins: CaseFamily = {
  corpus: ({ allow }) => {
    const { schemes, ports } = attackerSchemesAndPorts(allow);
    return schemes.flatMap((scheme) =>
      ports.map((port) =>
        namedCase(["attacker", scheme, ...(port === undefined ? [] : [`port-${port}`])].join("-"), "the attacker's own origin", serializeOrigin({ scheme, host: ATTACKER_DOMAIN, port })),
      ),
    );
  },
  arbitrary: ({ allow }) => {
    const { schemes, ports } = attackerSchemesAndPorts(allow);
    return fc
      .record({ scheme: fc.constantFrom(...schemes), host: attackerDomain, port: fc.constantFrom(...ports) })
      .map(
        (origin) => originLine(serializeOrigin(origin)),
        (header) => parseAttackerOrigin(singleLine(header)),
      );
  },
};

export const attackerOrigins = defineCategory(
  {
    id: "attacker-origins",
    title: "The attacker's own origin",
    description:
      "Catches guards that accept everything or nearly everything: a guard that reflects or never reads the Origin, `if (ALLOWED.includes(\"*\") || ALLOWED.includes(origin))` with a `*` left in the list, `origin.length > 0`, or a check that only rejects `null`, all accept `https://evil.com`.",
    rationale:
      "The first thing every CORS scanner sends (Corsy's and CORScanner's reflected-origin test, nuclei's random domain) and the origin of every cross-site WebSocket hijacking page. socket.io before 2.4.0 accepted every origin by default (CVE-2020-28481), and a `CheckOrigin` that returns true is the usual gorilla/websocket mistake. The arbitrary draws any registrable domain, so third-party hosts that scanners try (code hosting, paste and sandbox sites) are among its values.",
  },
  [plainAttackerOrigins],
);
