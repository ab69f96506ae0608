import fc from "fast-check";
import { defineCategory, variant, variantFamily, type VariantSpec } from "../category.js";
import { allowedOrigin, withHost, type Target } from "../origin-parts.js";

const LENGTHS = [
  { tag: "8k", params: 8 * 1024 },
  { tag: "64k", params: 64 * 1024 },
  { tag: "100k", params: 100_000 },
] as const;

/**
 * Any total length from 1 KiB to 100,000 (fast-check already favours the
 * bounds). One integer rather than a choice including the corpus lengths, so a
 * failure shrinks to the exact length where a guard starts to break.
 */
const totalLength = fc.integer({ min: 1024, max: 100_000 });

const PADDING = "a";

/** `a.a.a.…` labels in front of the host, as many as it takes to reach the length. */
function subdomainChain(t: Target, length: number): string {
  const room = Math.max(0, length - allowedOrigin(t).length);
  const labels = Math.ceil(room / 2);
  return withHost(t, `${"a.".repeat(labels)}${t.allowed.host}`);
}

function paddedTo(id: string, title: string, value: (t: Target, length: number) => string): VariantSpec<number> {
  return { id, title, params: totalLength, corpusParams: LENGTHS, value };
}

export const veryLongValues = defineCategory(
  {
    id: "very-long-values",
    title: "Very long values",
    description:
      "Catches checks that only look at part of the value or choke on size: `origin.slice(0, 17) === \"https://myapp.com\"` or `origin.startsWith(\"https://myapp.com\")` accepts `https://myapp.com` followed by 100,000 `a`s, `origin.endsWith(\".myapp.com\")` accepts a 64k chain of `a.` labels, and a backtracking regex like `/^(https?:\\/\\/)?([a-z0-9]+\\.)*myapp\\.com$/` stalls on a long chain.",
    rationale:
      "The stack passes Origin values of 100,000 characters through to the guard, so a guard must decide on the whole value; hosts longer than 253 characters never come from a browser. Long inputs also expose regex denial of service (ReDoS) in hand-written origin patterns.",
  },
  [
    variantFamily([
      variant(paddedTo("padded-after", "allowed origin followed by padding", (t, length) => allowedOrigin(t).padEnd(length, PADDING))),
      variant(paddedTo("padded-before", "padding followed by the allowed origin", (t, length) => allowedOrigin(t).padStart(length, PADDING))),
      variant(paddedTo("subdomain-chain", "a long chain of subdomains", subdomainChain)),
    ]),
  ],
);
