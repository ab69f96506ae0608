import { originLine } from "../../origin/header.js";
import { defineCategory, fixedVariant, namedCase, variant, variantFamily, type CaseFamily } from "../category.js";
import { allowedOrigin, somePicks, flipCase, NULL_CASE_VARIANTS, serializeOrigin, withHost, withScheme } from "../origin-parts.js";

/** Case variants of `null`, only for policies that allow `null`. */
const nullCaseVariants: CaseFamily = {
  corpus: ({ allow }) =>
    allow.includes("null") ? NULL_CASE_VARIANTS.map(({ tag, value }) => namedCase(`${tag}-null`, "null in another case", value)) : [],
  arbitrary: ({ allow }) => (allow.includes("null") ? somePicks.map((picks) => originLine(flipCase("null", picks))) : undefined),
};

export const caseVariants = defineCategory(
  {
    id: "case-variants",
    title: "Case variants",
    description:
      "Catches guards that lowercase before comparing: `ALLOWED.includes(origin.toLowerCase())` accepts `HTTPS://MYAPP.COM`, and `ALLOWED.some((a) => a.toLowerCase() === origin.toLowerCase())` accepts `NULL` when `null` is allowed.",
    rationale:
      "Browsers always serialize the scheme and host in lowercase, so a mixed-case Origin never comes from a browser: it comes from a script, curl or a proxy an attacker controls. `null` is case-sensitive. Case is one of the bypass classes CORScanner and PortSwigger's research list.",
  },
  [
    variantFamily([
      fixedVariant("uppercase-scheme", "scheme in uppercase", (t) => withScheme(t, t.allowed.scheme.toUpperCase())),
      fixedVariant("uppercase-host", "host in uppercase", (t) => withHost(t, t.allowed.host.toUpperCase())),
      fixedVariant("uppercase-origin", "whole origin in uppercase", (t) => allowedOrigin(t).toUpperCase()),
      fixedVariant("capitalized-host", "host capitalized", (t) => withHost(t, flipCase(t.allowed.host, [0]))),
      variant({
        id: "mixed-case",
        title: "letters in mixed case",
        params: somePicks,
        corpusParams: [],
        value: (t, picks) => flipCase(serializeOrigin(t.allowed), picks),
      }),
    ]),
    nullCaseVariants,
  ],
);
