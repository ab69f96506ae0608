import fc from "fast-check";
import { originLine } from "../../origin/header.js";
import { defineCategory, namedCase } from "../category.js";
import { somePicks, flipCase, NULL_CASE_VARIANTS, optionalWhitespace } from "../origin-parts.js";

const NULL_CASES = [
  namedCase("null", "the opaque origin", "null"),
  ...NULL_CASE_VARIANTS.map(({ tag, value }) => namedCase(`${tag}-null`, "null in another case", value)),
  namedCase("null-trailing-space", "null with a trailing space", "null "),
  namedCase("null-leading-space", "null with a leading space", " null"),
  namedCase("null-trailing-tab", "null with a trailing tab", "null\t"),
  namedCase("quoted-null", "null in double quotes", '"null"'),
  namedCase("null-trailing-slash", "null with a slash", "null/"),
];

export const nullOrigin = defineCategory(
  {
    id: "null-origin",
    title: "The null origin",
    description:
      "Catches guards that let the opaque origin through, e.g. `if (origin !== \"null\" && !ALLOWED.includes(origin)) throw ...`, or lists that contain `null` \"for local files\"; with `null` allowed, catches `ALLOWED.includes(origin.toLowerCase())` accepting `NULL`.",
    rationale:
      "Any page can make its requests carry `Origin: null`: a sandboxed iframe (`<iframe sandbox=\"allow-scripts\" srcdoc=...>`), a `data:` URL, or a cross-origin redirect. Trusting `null` trusts every attacker (PortSwigger, CORScanner's null-origin check). `null` is case-sensitive; surrounding whitespace is trimmed by the stack before the guard sees it.",
  },
  [
    {
      corpus: () => NULL_CASES,
      arbitrary: () =>
        fc
          .oneof(
            fc.constant("null"),
            somePicks.map((picks) => flipCase("null", picks)),
            fc.tuple(optionalWhitespace, optionalWhitespace).map(([before, after]) => `${before}null${after}`),
          )
          .map(originLine),
    },
  ],
);
