import fc from "fast-check";
import { defineCategory, variant, variantFamily, type GeneratorInput } from "../category.js";
import { ATTACKER_DOMAIN, allowEntries, attackerDomain, effectivePort, exactTarget, serializeOrigin, withHost, withPort, type TargetSource } from "../origin-parts.js";

const LOOPBACK_HOSTS = [
  { tag: "127-0-0-1", params: "127.0.0.1" },
  { tag: "127-1", params: "127.1" },
  { tag: "hex-0x7f-1", params: "0x7f.1" },
  { tag: "hex-0x7f000001", params: "0x7f000001" },
  { tag: "decimal-2130706433", params: "2130706433" },
  { tag: "octal-017700000001", params: "017700000001" },
  { tag: "zero-padded-127-0-0-1", params: "127.000.000.001" },
  { tag: "127-0-0-2", params: "127.0.0.2" },
  { tag: "0-0-0-0", params: "0.0.0.0" },
  { tag: "ipv6", params: "[::1]" },
  { tag: "ipv6-expanded", params: "[0:0:0:0:0:0:0:1]" },
  { tag: "ipv4-mapped-ipv6", params: "[::ffff:127.0.0.1]" },
  { tag: "trailing-dot-localhost", params: "localhost." },
  { tag: "uppercase-localhost", params: "LOCALHOST" },
  { tag: "sub-localhost", params: "sub.localhost" },
  { tag: "localhost-localdomain", params: "localhost.localdomain" },
] as const;

const octet = fc.nat({ max: 255 });
const loopbackHost = fc.oneof(
  fc.constantFrom(...LOOPBACK_HOSTS.map(({ params }) => params)),
  fc.tuple(octet, octet, octet).map(([b, c, d]) => `127.${b}.${c}.${d}`),
  fc.stringMatching(/^[a-z0-9]{1,8}$/).map((label) => `${label}.localhost`),
);

const DEFAULT_DEV_PORT = 3000;

/**
 * The policy's localhost entries, plus `http://localhost:<port>` for every port
 * the policy mentions (3000 when none): a loopback alias must be rejected even
 * when the policy has no localhost entry.
 */
function localhostTargets({ allow }: GeneratorInput): readonly TargetSource[] {
  const entries = allowEntries(allow);
  const listed = entries.flatMap(({ label, entry }) =>
    entry.kind === "exact" && entry.origin.host.toLowerCase() === "localhost" ? [exactTarget(label, entry.origin)] : [],
  );
  const mentionedPorts = entries.flatMap(({ entry }) => ("origin" in entry && entry.origin.port !== undefined ? [entry.origin.port] : []));
  const ports = [...new Set(mentionedPorts.length > 0 ? mentionedPorts : [String(DEFAULT_DEV_PORT)])];
  const listedOrigins = new Set(listed.map((source) => serializeOrigin(source.example.allowed)));
  const derived = ports
    .map((port) => exactTarget(`localhost-${port}`, { scheme: "http", host: "localhost", port }))
    .filter((source) => !listedOrigins.has(serializeOrigin(source.example.allowed)));
  return [...listed, ...derived];
}

export const localhostIpForms = defineCategory(
  {
    id: "localhost-ip-forms",
    title: "Other spellings of localhost",
    description:
      "Catches guards that resolve or pattern-match loopback instead of comparing strings: `isLoopback(new URL(origin).hostname)` or `/^http:\\/\\/(localhost|127\\.\\d+\\.\\d+\\.\\d+)(:\\d+)?$/.test(origin)` accept `http://127.0.0.1:3000`, and `ALLOWED.includes(new URL(origin).origin)` accepts `http://0x7f.1:3000` and `http://2130706433:3000` (the URL parser turns them into `127.0.0.1`) when `127.0.0.1` is listed.",
    rationale:
      "`http://localhost:3000` in a policy is a development convenience, and every other spelling of loopback (`127.0.0.1`, `[::1]`, hex, octal and integer IPv4 forms, `sub.localhost`, `localhost.`) is another origin to the browser. Any local process or a DNS-rebinding page can use them. Loopback IP forms are a CORScanner/Corsy check and a staple of SSRF filter bypasses. `http://localhost.evil.com` is nuclei's and PortSwigger's \"localhost regex\" case: `/^https?:\\/\\/localhost/` without an end anchor accepts it.",
  },
  [
    variantFamily(
      [
        variant({
          id: "loopback",
          title: "localhost spelled another way",
          params: loopbackHost,
          corpusParams: LOOPBACK_HOSTS,
          value: (t, host) => withHost(t, host),
        }),
        variant({
          id: "localhost",
          title: "localhost on another port",
          params: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
          corpusParams: (t) => {
            const port = effectivePort(t.allowed) ?? 0;
            return [
              ...(t.allowed.port === undefined ? [] : [{ tag: "no-port", params: undefined }]),
              { tag: `port-${port + 1}`, params: port + 1 },
              ...(port === 8080 ? [] : [{ tag: "port-8080", params: 8080 }]),
            ];
          },
          value: (t, port) => withPort(t, port === undefined ? undefined : String(port)),
        }),
        variant({
          id: "localhost-under-attacker",
          title: "localhost as a label under the attacker's domain, over http and https",
          params: fc.record({ scheme: fc.constantFrom("http", "https"), attacker: attackerDomain }),
          corpusParams: (["http", "https"] as const).map((scheme) => ({ tag: scheme, params: { scheme, attacker: ATTACKER_DOMAIN } })),
          value: (_t, { scheme, attacker }) => serializeOrigin({ scheme, host: `localhost.${attacker}` }),
        }),
      ],
      localhostTargets,
    ),
  ],
);
