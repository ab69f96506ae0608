/**
 * Known-bad guard (conformance mutant).
 * Bug class: trailing slash or dot stripped before comparing.
 * Offending line: const origin = rawOrigin.replace(/[\/.]+$/, "");
 * Gets through: https://myapp.com/
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const trailingCharsStripped = guardedActor({
  onBeforeConnect: (c) => {
    const rawOrigin = c.request?.headers.get("origin") ?? "";
    // Tolerate "https://myapp.com/" and FQDN-style "https://myapp.com." from odd clients.
    const origin = rawOrigin.replace(/[\/.]+$/, "");
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const trailingCharsStrippedGuard: KnownBadGuard = {
  id: "trailing-chars-stripped",
  title: "Strips trailing slashes and dots first",
  policy: DOCS_POLICY,
  definition: trailingCharsStripped,
  bug: {
    bugClass: "trailing slash or dot stripped",
    offendingLine: 'const origin = rawOrigin.replace(/[\\/.]+$/, "");',
    getsThrough: ["https://myapp.com/", "https://myapp.com.", "https://myapp.com//", "https://myapp.com./", "http://localhost:3000/"],
    expectedCategories: ["path-suffixes", "lookalike-domains"],
    transports: ALWAYS_SERVED,
  },
};
