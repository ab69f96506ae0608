/**
 * Known-bad guard (conformance mutant).
 * Bug class: missing (and empty) Origin trusted.
 * Offending line: if (!origin) return;
 * Gets through: (absent), and also ""
 */
import { actor, UserError } from "rivetkit";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const missingOriginTrusted = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin");
    // Server-to-server calls (cron jobs, our backend) have no Origin header.
    if (!origin) return;
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
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
