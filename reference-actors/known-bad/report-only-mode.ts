/**
 * Known-bad guard (conformance mutant).
 * Bug class: report-only mode left on (violations logged, never rejected).
 * Offending line: mode: "report" as "report" | "enforce",
 * Gets through: every origin, e.g. https://evil.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, ATTACK_CATEGORIES, type KnownBadGuard } from "../types.js";

const originCheck = {
  allowedOrigins: ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"],
  // TODO: flip to "enforce" once the dashboards show no legitimate violations.
  mode: "report" as "report" | "enforce",
};

export const reportOnlyMode = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!originCheck.allowedOrigins.includes(origin)) {
      if (originCheck.mode === "enforce") {
        throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
      }
      c.log.warn({ msg: "origin would be rejected (report-only)", origin });
    }
  },
});

export const reportOnlyModeGuard: KnownBadGuard = {
  id: "report-only-mode",
  title: "Logs violations but never rejects",
  policy: DOCS_POLICY,
  definition: reportOnlyMode,
  bug: {
    bugClass: "report-only mode (accepts everything)",
    offendingLine: 'mode: "report" as "report" | "enforce",',
    getsThrough: ["https://evil.com", "null", "(absent)", "", "http://myapp.com", "https://myapp.com.evil.com"],
    // It accepts everything, so every category of disallowed origins catches it.
    expectedCategories: ATTACK_CATEGORIES,
    transports: ALWAYS_SERVED,
  },
};
