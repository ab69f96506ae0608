/**
 * Known-bad guard (conformance mutant).
 * Bug class: prefix match patched only against a following dot (`myapp.com.evil.com`), not against a glued domain.
 * Offending line: const allowed = ALLOWED_ORIGINS.some((allowedOrigin) => origin.startsWith(allowedOrigin) && origin[allowedOrigin.length] !== ".");
 * Gets through: https://myapp.comevil.com
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const dotBoundaryPrefix = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // startsWith tolerates clients that append a slash; a dot right after the
    // allowed origin is the `myapp.com.evil.com` trick, so refuse that.
    const allowed = ALLOWED_ORIGINS.some((allowedOrigin) => origin.startsWith(allowedOrigin) && origin[allowedOrigin.length] !== ".");
    if (!allowed) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const dotBoundaryPrefixGuard: KnownBadGuard = {
  id: "dot-boundary-prefix",
  title: "startsWith, refusing only a dot after the allowed origin",
  policy: DOCS_POLICY,
  definition: dotBoundaryPrefix,
  bug: {
    bugClass: "prefix match with a dot-only boundary check",
    offendingLine: "const allowed = ALLOWED_ORIGINS.some((allowedOrigin) => origin.startsWith(allowedOrigin) && origin[allowedOrigin.length] !== \".\");",
    getsThrough: ["https://myapp.comevil.com", "https://myapp.com-evil.com", "http://localhost:3000evil.com", "https://myapp.com_.evil.com", "https://myapp.com/"],
    expectedCategories: ["glued-attacker-domains", "special-characters", "path-suffixes", "ports", "userinfo", "comma-and-space-lists"],
    transports: ALWAYS_SERVED,
  },
};
