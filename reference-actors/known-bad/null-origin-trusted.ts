/**
 * Known-bad guard (conformance mutant).
 * Bug class: "null" Origin trusted.
 * Offending line: if (origin === "null") return;
 * Gets through: null
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const nullOriginTrusted = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // Allow file:// pages during local dev (browsers send "Origin: null").
    if (origin === "null") return;
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const nullOriginTrustedGuard: KnownBadGuard = {
  id: "null-origin-trusted",
  title: "Trusts the opaque origin null",
  policy: DOCS_POLICY,
  definition: nullOriginTrusted,
  bug: {
    bugClass: "null origin trusted",
    offendingLine: 'if (origin === "null") return;',
    getsThrough: ["null"],
    expectedCategories: ["null-origin"],
    transports: ALWAYS_SERVED,
  },
};
