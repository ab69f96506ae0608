/**
 * Known-bad guard (conformance mutant).
 * Bug class: regex alternation precedence (^ binds to the first branch, $ to the last only).
 * Offending line: const ALLOWED_ORIGIN = /^https:\/\/myapp\.com|https:\/\/www\.myapp\.com|http:\/\/localhost:3000$/;
 * Gets through: https://myapp.com.evil.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const ALLOWED_ORIGIN = /^https:\/\/myapp\.com|https:\/\/www\.myapp\.com|http:\/\/localhost:3000$/;

export const regexAlternationPrecedence = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGIN.test(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const regexAlternationPrecedenceGuard: KnownBadGuard = {
  id: "regex-alternation-precedence",
  title: "^a|b|c$ anchors only the outer branches",
  policy: DOCS_POLICY,
  definition: regexAlternationPrecedence,
  bug: {
    bugClass: "regex alternation precedence",
    offendingLine:
      "const ALLOWED_ORIGIN = /^https:\\/\\/myapp\\.com|https:\\/\\/www\\.myapp\\.com|http:\\/\\/localhost:3000$/;",
    getsThrough: [
      "https://myapp.com.evil.com",
      "https://myapp.com/evil",
      "https://myapp.com:8443",
      "https://www.myapp.com.evil.com",
      "https://evil.com/https://www.myapp.com",
      "https://evil.com/http://localhost:3000",
    ],
    expectedCategories: ["lookalike-domains", "path-suffixes", "ports", "userinfo", "comma-and-space-lists", "special-characters"],
    transports: ALWAYS_SERVED,
  },
};
