/**
 * Known-bad guard (conformance mutant).
 * Bug class: trailing slash or dot stripped before comparing.
 * Offending line: const origin = rawOrigin.replace(/[\/.]+$/, "");
 * Gets through: https://myapp.com/
 */
import { actor, UserError } from "rivetkit";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const trailingCharsStripped = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const rawOrigin = c.request?.headers.get("origin") ?? "";
    // Tolerate "https://myapp.com/" and FQDN-style "https://myapp.com." from odd clients.
    const origin = rawOrigin.replace(/[\/.]+$/, "");
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});

export const trailingCharsStrippedGuard: KnownBadGuard = {
  id: "trailing-chars-stripped",
  title: "Strips trailing slashes and dots first",
  policy: DOCS_POLICY,
  definition: trailingCharsStripped,
  bug: {
    bugClass: "trailing slash or dot stripped",
    offendingLine: 'const origin = rawOrigin.replace(/[\\/.]+$/, "");',
    getsThrough: ["https://myapp.com/", "https://myapp.com.", "https://myapp.com//", "https://myapp.com./", "http://localhost:3000/"],
    expectedCategories: ["path-suffixes", "lookalike-domains"],
    transports: ALWAYS_SERVED,
  },
};
