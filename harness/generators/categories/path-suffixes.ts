import fc from "fast-check";
import { defineCategory, variant, variantFamily } from "../category.js";
import { allowedOrigin } from "../origin-parts.js";

const SUFFIXES = [
  { tag: "trailing-slash", params: "/" },
  { tag: "double-slash", params: "//" },
  { tag: "path", params: "/path" },
  { tag: "empty-query", params: "?" },
  { tag: "query", params: "?q=1" },
  { tag: "slash-query", params: "/?q=1" },
  { tag: "empty-fragment", params: "#" },
  { tag: "fragment", params: "#frag" },
] as const;

const randomSuffix = fc.oneof(
  fc.constantFrom(...SUFFIXES.map((suffix) => suffix.params)),
  fc.webPath().filter((path) => path.length > 0),
  fc.webQueryParameters().map((query) => `?${query}`),
  fc.webFragments().map((fragment) => `#${fragment}`),
);

export const pathSuffixes = defineCategory(
  {
    id: "path-suffixes",
    title: "Path, query and fragment suffixes",
    description:
      "Catches guards that compare a prefix or normalise through URL parsing: `origin.startsWith(\"https://myapp.com\")` and `ALLOWED.includes(new URL(origin).origin)` both accept `https://myapp.com/`, and `ALLOWED.includes(origin.replace(/\\/$/, \"\"))` accepts it too.",
    rationale:
      "An origin has no path, so a browser never sends one; a value with a path, query or fragment is hand-made. `new URL(v).origin` drops all of it, which makes it an unsafe normaliser. CORScanner and PortSwigger list the trailing slash among the bypass classes.",
  },
  [
    variantFamily([
      variant({
        id: "suffix",
        title: "path, query or fragment appended",
        params: randomSuffix,
        corpusParams: SUFFIXES,
        value: (t, suffix) => allowedOrigin(t) + suffix,
      }),
    ]),
  ],
);
