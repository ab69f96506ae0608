/**
 * Known-bad guard (conformance mutant).
 * Bug class: unanchored regex.
 * Offending line: const PROD_ORIGIN = /https:\/\/(www\.)?myapp\.com/;
 * Gets through: https://myapp.com.evil.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const DEV_ORIGIN = "http://localhost:3000";
const PROD_ORIGIN = /https:\/\/(www\.)?myapp\.com/;

export const unanchoredRegex = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (origin !== DEV_ORIGIN && !PROD_ORIGIN.test(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const unanchoredRegexGuard: KnownBadGuard = {
  id: "unanchored-regex",
  title: "Regex without ^ and $",
  policy: DOCS_POLICY,
  definition: unanchoredRegex,
  bug: {
    bugClass: "unanchored regex",
    offendingLine: "const PROD_ORIGIN = /https:\\/\\/(www\\.)?myapp\\.com/;",
    getsThrough: [
      "https://myapp.com.evil.com",
      "https://www.myapp.com.evil.com",
      "https://myapp.com/evil",
      "https://myapp.com:8443",
      "https://evil.com/https://myapp.com",
      "https://myapp.com_.evil.com",
    ],
    expectedCategories: ["lookalike-domains", "path-suffixes", "ports", "userinfo", "comma-and-space-lists", "special-characters"],
    transports: ALWAYS_SERVED,
  },
};
