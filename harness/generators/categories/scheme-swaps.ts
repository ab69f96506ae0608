import fc from "fast-check";
import { defineCategory, fixedVariant, variant, variantFamily } from "../category.js";
import { hostAndPort, scannerTargets, swapScheme, withScheme, type Target } from "../origin-parts.js";

/** Only the scheme swap itself starts from the hosts scanners derive; the syntax variants would repeat the entry's. */
const isEntry = (t: Target) => t.scannerForm !== true;

const OTHER_SCHEMES = ["http", "https", "ws", "wss", "ftp", "file", "chrome-extension", "moz-extension"] as const;

const otherScheme = fc.oneof(fc.constantFrom(...OTHER_SCHEMES), fc.stringMatching(/^[a-z][a-z0-9+.-]{0,15}$/));

export const schemeSwaps = defineCategory(
  {
    id: "scheme-swaps",
    title: "Other schemes and broken scheme syntax",
    description:
      "Catches guards that compare hosts only or strip the scheme: `new URL(origin).host === \"myapp.com\"` accepts `http://myapp.com` and `chrome-extension://myapp.com`, `origin.replace(/^https?:\\/\\//, \"\") === \"myapp.com\"` accepts `myapp.com` and `http://myapp.com`, and `ALLOWED.includes(new URL(origin).origin)` accepts `https:\\\\myapp.com` and `https:/myapp.com`.",
    rationale:
      "Scheme downgrade is a classic CORS bypass (CORScanner, PortSwigger): an attacker who can inject into any plain-http page of the allowed host (or sit on the network path) gets a trusted origin. Extensions and other schemes are separate origins. WHATWG URL parsing repairs `https:/x`, `https:\\\\x` and `https:x`, so guards that parse first accept values no browser sends.",
  },
  [
    variantFamily(
      [
        variant({
          id: "scheme",
          title: "another scheme",
          params: otherScheme,
          corpusParams: (t) =>
            isEntry(t)
              ? OTHER_SCHEMES.filter((scheme) => scheme !== t.allowed.scheme.toLowerCase()).map((scheme) => ({ tag: scheme, params: scheme }))
              : [{ tag: swapScheme(t.allowed.scheme), params: swapScheme(t.allowed.scheme) }],
          value: (t, scheme) => withScheme(t, scheme === t.allowed.scheme ? swapScheme(scheme) : scheme),
        }),
        fixedVariant("swapped-scheme-uppercase", "the other security level in uppercase", (t) => withScheme(t, swapScheme(t.allowed.scheme).toUpperCase()), isEntry),
        fixedVariant("protocol-relative", "scheme removed, slashes kept", (t) => `//${hostAndPort(t.allowed)}`, isEntry),
        fixedVariant("scheme-removed", "scheme and slashes removed", (t) => hostAndPort(t.allowed), isEntry),
        fixedVariant("single-slash", "one slash after the scheme", (t) => `${t.allowed.scheme}:/${hostAndPort(t.allowed)}`, isEntry),
        fixedVariant("no-slashes", "no slashes after the scheme", (t) => `${t.allowed.scheme}:${hostAndPort(t.allowed)}`, isEntry),
        fixedVariant("triple-slash", "three slashes after the scheme", (t) => `${t.allowed.scheme}:///${hostAndPort(t.allowed)}`, isEntry),
        fixedVariant("backslashes", "backslashes after the scheme", (t) => `${t.allowed.scheme}:\\\\${hostAndPort(t.allowed)}`, isEntry),
        fixedVariant("mixed-slashes", "a slash and a backslash after the scheme", (t) => `${t.allowed.scheme}:/\\${hostAndPort(t.allowed)}`, isEntry),
      ],
      (input) => scannerTargets(input.allow),
    ),
  ],
);
