import fc from "fast-check";
import { defineCategory, fixedVariant, variant, variantFamily } from "../category.js";
import { defaultPort, effectivePort, withPort, type Target } from "../origin-parts.js";

const hasExplicitPort = (t: Target) => t.allowed.port !== undefined;
const hasDefaultPort = (t: Target) => !hasExplicitPort(t) && defaultPort(t.allowed.scheme) !== undefined;
const hasKnownPort = (t: Target) => effectivePort(t.allowed) !== undefined;
const portOf = (t: Target) => effectivePort(t.allowed) ?? 0;

const OTHER_PORTS = [8080, 8443] as const;
const OUT_OF_RANGE_PORTS = ["65536", "99999"] as const;

export const ports = defineCategory(
  {
    id: "ports",
    title: "Ports",
    description:
      "Catches guards that ignore or normalise the port: `new URL(origin).hostname === \"myapp.com\"` accepts `https://myapp.com:8443`, `ALLOWED.includes(new URL(origin).origin)` accepts `https://myapp.com:443` and `https://myapp.com:`, `origin.split(\":\").slice(0, 2).join(\":\")` drops `:3001`, and `parseInt(port) & 0xffff` treats `:65979` as `:443`.",
    rationale:
      "A different port is a different origin, possibly another service on the same host that an attacker controls (a dev server, an admin panel). Browsers never send the default port, leading zeros, an empty port or one out of range, so such values are hand-made; URL parsers drop a default port and leading zeros and refuse out-of-range ports, which guards then catch badly. CORScanner and PortSwigger list ports among the bypass classes.",
  },
  [
    variantFamily([
      fixedVariant("explicit-default-port", "the scheme's default port written out", (t) => withPort(t, String(portOf(t))), hasDefaultPort),
      fixedVariant("default-port-leading-zero", "the default port with a leading zero", (t) => withPort(t, `0${portOf(t)}`), hasDefaultPort),
      fixedVariant("port-removed", "the port removed", (t) => withPort(t, undefined), hasExplicitPort),
      fixedVariant("port-plus-one", "the next port", (t) => withPort(t, String(portOf(t) + 1)), hasExplicitPort),
      fixedVariant("port-minus-one", "the previous port", (t) => withPort(t, String(portOf(t) - 1)), hasExplicitPort),
      fixedVariant("port-leading-zero", "the port with a leading zero", (t) => withPort(t, `0${t.allowed.port}`), hasExplicitPort),
      fixedVariant("port-wrapped", "the port plus 65536", (t) => withPort(t, String(portOf(t) + 65536)), hasKnownPort),
      variant({
        id: "other-port",
        title: "another port",
        params: fc.integer({ min: 1, max: 65535 }),
        corpusParams: (t) => OTHER_PORTS.filter((port) => port !== portOf(t)).map((port) => ({ tag: String(port), params: port })),
        value: (t, port) => withPort(t, String(port)),
      }),
      fixedVariant("port-zero", "port 0", (t) => withPort(t, "0")),
      variant({
        id: "port-out-of-range",
        title: "a port above 65535",
        params: fc.oneof(fc.constantFrom(...OUT_OF_RANGE_PORTS), fc.integer({ min: 65536, max: 2 ** 32 }).map(String)),
        corpusParams: OUT_OF_RANGE_PORTS.map((port) => ({ tag: port, params: port })),
        value: (t, port) => withPort(t, port),
      }),
      fixedVariant("empty-port", "a colon without a port", (t) => withPort(t, "")),
    ]),
  ],
);
