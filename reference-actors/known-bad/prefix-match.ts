/**
 * Known-bad guard (conformance mutant).
 * Bug class: prefix match (startsWith).
 * Offending line: const allowed = ALLOWED_ORIGINS.some((allowedOrigin) => origin.startsWith(allowedOrigin));
 * Gets through: https://myapp.com.evil.com
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const prefixMatch = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // Some clients append a trailing slash or path, so match on the prefix.
    const allowed = ALLOWED_ORIGINS.some((allowedOrigin) => origin.startsWith(allowedOrigin));
    if (!allowed) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const prefixMatchGuard: KnownBadGuard = {
  id: "prefix-match",
  title: "Accepts any Origin starting with an allowed one",
  policy: DOCS_POLICY,
  definition: prefixMatch,
  bug: {
    bugClass: "prefix match (startsWith)",
    offendingLine: "const allowed = ALLOWED_ORIGINS.some((allowedOrigin) => origin.startsWith(allowedOrigin));",
    getsThrough: [
      "https://myapp.com.evil.com",
      "https://myapp.comevil.com",
      "https://myapp.com/evil",
      "https://myapp.com:8443",
      "http://localhost:30000",
      "https://myapp.com@evil.com",
      "https://myapp.com_.evil.com",
      "https://myapp.com, https://evil.com",
    ],
    expectedCategories: ["lookalike-domains", "path-suffixes", "ports", "userinfo", "comma-and-space-lists", "special-characters"],
    transports: ALWAYS_SERVED,
  },
};
