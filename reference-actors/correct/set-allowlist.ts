/**
 * Correct reference: the docs allowlist held in a Set.
 * Policy: docs allowlist, exact match, missing Origin rejected,
 * rejectCode "origin_not_allowed".
 */
import { actor, UserError } from "rivetkit";
import { DOCS_POLICY } from "../policies.js";
import type { ReferenceActor } from "../types.js";

const ALLOWED_ORIGINS = new Set(["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"]);

export const setAllowlist = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.has(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});

export const setAllowlistReference: ReferenceActor = {
  id: "set-allowlist",
  title: "Docs allowlist in a Set",
  policy: DOCS_POLICY,
  definition: setAllowlist,
};
