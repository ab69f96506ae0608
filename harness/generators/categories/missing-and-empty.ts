import fc from "fast-check";
import { ABSENT, originLine } from "../../origin/header.js";
import { defineCategory, namedCase } from "../category.js";
import { optionalWhitespace } from "../origin-parts.js";

const MISSING_CASES = [
  namedCase("absent", "no Origin header", ABSENT),
  namedCase("empty", "empty Origin header", ""),
  namedCase("single-space", "one space", " "),
  namedCase("spaces", "several spaces", "   "),
  namedCase("tab", "one tab", "\t"),
  namedCase("space-and-tab", "spaces and tabs", " \t "),
];

export const missingAndEmpty = defineCategory(
  {
    id: "missing-and-empty",
    title: "Missing or empty Origin",
    description:
      "Catches guards that skip the check when there is nothing to check: `const origin = c.request?.headers.get(\"origin\"); if (origin && !ALLOWED.includes(origin)) throw ...` accepts a request without Origin, an empty one, or one of only spaces (which the guard sees as \"\").",
    rationale:
      "Browsers always send Origin on WebSocket handshakes and cross-origin requests, but curl, Node scripts and server-side code send none, so a guard that trusts a missing Origin lets every non-browser client in (CORScanner, Corsy). Whitespace-only values reach the guard as the empty string. The inspector and actor-to-actor calls run the hook without a request, so the policy decides whether missing is allowed.",
  },
  [
    {
      corpus: () => MISSING_CASES,
      arbitrary: () => fc.oneof(fc.constant(ABSENT), optionalWhitespace.map(originLine)),
    },
  ],
);
