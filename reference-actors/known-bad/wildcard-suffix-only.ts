/**
 * Known-bad guard (conformance mutant), for the wildcard policy
 * { allow: ["https://myapp.com", "https://*.myapp.com"] }.
 * Bug class: wildcard implemented as a bare suffix test (no scheme, no host boundary).
 * Offending line: if (origin === "https://myapp.com" || origin.endsWith(".myapp.com")) return;
 * Gets through: http://evil.myapp.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { WILDCARD_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const wildcardSuffixOnly = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // https://myapp.com and https://*.myapp.com
    if (origin === "https://myapp.com" || origin.endsWith(".myapp.com")) return;
    throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
});

export const wildcardSuffixOnlyGuard: KnownBadGuard = {
  id: "wildcard-suffix-only",
  title: "*.myapp.com as endsWith(\".myapp.com\")",
  policy: WILDCARD_POLICY,
  definition: wildcardSuffixOnly,
  bug: {
    bugClass: "wildcard as bare suffix test",
    offendingLine: 'if (origin === "https://myapp.com" || origin.endsWith(".myapp.com")) return;',
    getsThrough: [
      "http://evil.myapp.com",
      "http://www.myapp.com",
      "https://evil.com/.myapp.com",
      "https://evil.com?.myapp.com",
      "https://evil.com@www.myapp.com",
      "https://.myapp.com",
      "https://evil_.myapp.com",
      ".myapp.com",
    ],
    expectedCategories: ["scheme-swaps", "userinfo", "lookalike-domains"],
    transports: ALWAYS_SERVED,
  },
};
