import { originLine } from "../../origin/header.js";
import { defineCategory, namedCase, type NamedCase } from "../category.js";
import { allowEntries, allowedValueArbitrary, serializeOrigin, singleLine } from "../origin-parts.js";

/** The positive cases: what a browser on an allowed page really sends. */
export const exactAllowed = defineCategory(
  {
    id: "exact-allowed",
    title: "Allowed origins",
    description:
      "Catches guards that reject legitimate origins, e.g. a wildcard check `/^https:\\/\\/[a-z]+\\.example\\.com$/.test(origin)` that refuses `https://a.b.example.com`, or `ALLOWED.includes(new URL(origin).href)` that never matches because `href` adds a trailing slash.",
    rationale:
      "A suite that only sends attacks passes a guard that rejects everything. Browsers send the allowed origins exactly as listed (lowercase, no default port, no slash), and a wildcard entry admits one or more labels under its domain.",
  },
  [
    {
      corpus: ({ allow }) =>
        allowEntries(allow).flatMap(({ label, entry }): NamedCase[] => {
          if (entry.kind !== "wildcard") return [namedCase(`listed-${label}`, `${label} as listed`, entry.text)];
          const instance = (subdomain: string) => serializeOrigin({ ...entry.origin, host: `${subdomain}.${entry.domain}` });
          return [
            namedCase(`one-label-instance-of-${label}`, `${label} with one label`, instance("a")),
            namedCase(`two-label-instance-of-${label}`, `${label} with two labels`, instance("a.b")),
          ];
        }),
      arbitrary: ({ allow }) => allowedValueArbitrary(allow).map(originLine, singleLine),
    },
  ],
);
