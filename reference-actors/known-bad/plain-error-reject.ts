/**
 * Known-bad guard (conformance mutant).
 * Bug class: rejects with a plain Error instead of a UserError with the policy's code.
 * Offending line: throw new Error("Origin not allowed");
 * Gets through: nothing; but every rejection surfaces as internal_error, not origin_not_allowed.
 */
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const plainErrorReject = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new Error("Origin not allowed");
    }
  },
});

export const plainErrorRejectGuard: KnownBadGuard = {
  id: "plain-error-reject",
  title: "Rejects with a plain Error (code internal_error)",
  policy: DOCS_POLICY,
  definition: plainErrorReject,
  bug: {
    bugClass: "wrong rejection code (plain Error)",
    offendingLine: 'throw new Error("Origin not allowed");',
    getsThrough: [],
    expectedCategories: ["reject-code"],
    transports: ALWAYS_SERVED,
  },
};
