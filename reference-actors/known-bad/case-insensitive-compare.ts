/**
 * Known-bad guard (conformance mutant).
 * Bug class: case-insensitive compare.
 * Offending line: if (!ALLOWED_ORIGINS.includes(origin.toLowerCase())) {
 * Gets through: HTTPS://MYAPP.COM
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const caseInsensitiveCompare = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // Hostnames are case-insensitive, so don't reject "https://MyApp.com".
    if (!ALLOWED_ORIGINS.includes(origin.toLowerCase())) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const caseInsensitiveCompareGuard: KnownBadGuard = {
  id: "case-insensitive-compare",
  title: "Lowercases the Origin before comparing",
  policy: DOCS_POLICY,
  definition: caseInsensitiveCompare,
  bug: {
    bugClass: "case-insensitive compare",
    offendingLine: "if (!ALLOWED_ORIGINS.includes(origin.toLowerCase())) {",
    getsThrough: ["HTTPS://MYAPP.COM", "https://MyApp.com", "HTTP://LOCALHOST:3000", "https://WWW.myapp.com"],
    expectedCategories: ["case-variants"],
    transports: ALWAYS_SERVED,
  },
};
