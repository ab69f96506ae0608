/**
 * Known-bad guard (conformance mutant).
 * Bug class: missing (and empty) Origin trusted.
 * Offending line: if (!origin) return;
 * Gets through: (absent), and also ""
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const missingOriginTrusted = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin");
    // Server-to-server calls (cron jobs, our backend) have no Origin header.
    if (!origin) return;
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const missingOriginTrustedGuard: KnownBadGuard = {
  id: "missing-origin-trusted",
  title: "Skips the check when Origin is missing or empty",
  policy: DOCS_POLICY,
  definition: missingOriginTrusted,
  bug: {
    bugClass: "missing origin trusted",
    offendingLine: "if (!origin) return;",
    // On the wire, values with a byte >= 0x80 are dropped by the stack and
    // arrive as a missing header, so they get through too.
    getsThrough: ["(absent)", ""],
    expectedCategories: ["missing-and-empty", "non-ascii-and-control-bytes"],
    transports: ALWAYS_SERVED,
  },
};
