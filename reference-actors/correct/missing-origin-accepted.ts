/**
 * Correct reference: docs allowlist with `missingOrigin: "accept"`.
 * No Origin header at all (or no request: inspector, actor-to-actor) is
 * accepted; an empty value "" is present, not missing, and is rejected.
 * Exact match, rejectCode "origin_not_allowed".
 */
import { actor, UserError } from "rivetkit";
import { DOCS_MISSING_ACCEPTED_POLICY } from "../policies.js";
import type { ReferenceActor } from "../types.js";

const ALLOWED = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const missingOriginAccepted = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin");
    if (origin === null || origin === undefined) return;
    if (!ALLOWED.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});

export const missingOriginAcceptedReference: ReferenceActor = {
  id: "missing-origin-accepted",
  title: "Docs allowlist, missing Origin accepted",
  policy: DOCS_MISSING_ACCEPTED_POLICY,
  definition: missingOriginAccepted,
};
