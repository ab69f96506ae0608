/**
 * Correct reference: the Rivet docs' origin guard, verbatim.
 * Policy: docs allowlist (http://localhost:3000, https://myapp.com,
 * https://www.myapp.com), exact match, missing Origin rejected,
 * rejectCode "origin_not_allowed".
 * The allowlist is a parameter only so that the browser suite can host this
 * very guard for origins whose ports are known at run time.
 */
import { actor, UserError } from "rivetkit";
import { DOCS_POLICY } from "../policies.js";
import type { ReferenceActor } from "../types.js";

export function seedAllowlistFor(ALLOWED_ORIGINS: readonly string[]) {
  return actor({
    state: { count: 0 },
    onBeforeConnect: (c, params) => {
      const origin = c.request?.headers.get("origin") ?? "";
      if (!ALLOWED_ORIGINS.includes(origin)) {
        throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
      }
    },
    actions: {
      increment: (c) => ++c.state.count,
      getCount: (c) => c.state.count,
    },
  });
}

export const seedAllowlist = seedAllowlistFor(["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"]);

export const seedAllowlistReference: ReferenceActor = {
  id: "seed-allowlist",
  title: "Rivet docs guard (Array.includes)",
  policy: DOCS_POLICY,
  definition: seedAllowlist,
};
