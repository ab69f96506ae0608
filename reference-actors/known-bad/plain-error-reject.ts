/**
 * Known-bad guard (conformance mutant).
 * Bug class: rejects with a plain Error instead of a UserError with the policy's code.
 * Offending line: throw new Error("Origin not allowed");
 * Gets through: nothing; but every rejection surfaces as internal_error, not origin_not_allowed.
 */
import { actor } from "rivetkit";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const plainErrorReject = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new Error("Origin not allowed");
    }
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
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
