/**
 * Known-bad guard (conformance mutant).
 * Bug class: off-by-one indexOf test (over-rejection: the first allowed origin is refused).
 * Offending line: if (ALLOWED_ORIGINS.indexOf(origin) > 0) return;
 * Gets through: nothing; but http://localhost:3000, which is allowed, is rejected.
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const offByOneIndex = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (ALLOWED_ORIGINS.indexOf(origin) > 0) return;
    throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
});

export const offByOneIndexGuard: KnownBadGuard = {
  id: "off-by-one-index",
  title: "indexOf(origin) > 0 refuses the first allowed origin",
  policy: DOCS_POLICY,
  definition: offByOneIndex,
  bug: {
    bugClass: "off-by-one indexOf (allowed origin rejected)",
    offendingLine: "if (ALLOWED_ORIGINS.indexOf(origin) > 0) return;",
    getsThrough: [],
    wronglyRejects: ["http://localhost:3000"],
    expectedCategories: ["exact-allowed"],
    transports: ALWAYS_SERVED,
  },
};
