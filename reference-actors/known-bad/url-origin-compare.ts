/**
 * Known-bad guard (conformance mutant).
 * Bug class: `new URL(origin).origin` compare (lenient parsing treated as an origin check).
 * Offending line: normalized = new URL(origin).origin;
 * Gets through: https://myapp.com:443, https://myapp.com/evil
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const urlOriginCompare = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // Normalize first so casing / default ports don't cause false rejects.
    let normalized: string;
    try {
      normalized = new URL(origin).origin;
    } catch {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
    if (!ALLOWED_ORIGINS.includes(normalized)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const urlOriginCompareGuard: KnownBadGuard = {
  id: "url-origin-compare",
  title: "Compares new URL(origin).origin",
  policy: DOCS_POLICY,
  definition: urlOriginCompare,
  bug: {
    bugClass: "new URL().origin compare",
    offendingLine: "normalized = new URL(origin).origin;",
    getsThrough: [
      "https://myapp.com:443",
      "https://myapp.com/evil",
      "https://myapp.com/",
      "https://MYAPP.COM",
      "https://evil.com@myapp.com",
      "https://myapp.com?x=1",
      "https://myapp.com#x",
      "https:\\\\myapp.com",
      "https:myapp.com",
      "http://localhost:3000/path",
    ],
    expectedCategories: ["path-suffixes", "ports", "case-variants", "userinfo", "whitespace"],
    transports: ALWAYS_SERVED,
  },
};
