/**
 * Known-bad guard (conformance mutant).
 * Bug class: "null" Origin trusted.
 * Offending line: if (origin === "null") return;
 * Gets through: null
 */
import { actor, UserError } from "rivetkit";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const nullOriginTrusted = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // Allow file:// pages during local dev (browsers send "Origin: null").
    if (origin === "null") return;
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
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
