/**
 * Correct reference: an async guard that awaits its allowlist (as if loaded
 * from a config service) before checking.
 * Policy: docs allowlist, exact match, missing Origin rejected,
 * rejectCode "origin_not_allowed".
 */
import { actor, UserError } from "rivetkit";
import { DOCS_POLICY } from "../policies.js";
import type { ReferenceActor } from "../types.js";

async function loadAllowedOrigins(): Promise<readonly string[]> {
  return new Promise((resolve) => {
    setTimeout(() => resolve(["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"]), 5);
  });
}

export const asyncAllowlist = actor({
  state: { count: 0 },
  onBeforeConnect: async (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    const allowedOrigins = await loadAllowedOrigins();
    if (!allowedOrigins.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});

export const asyncAllowlistReference: ReferenceActor = {
  id: "async-allowlist",
  title: "Async guard awaiting its allowlist",
  policy: DOCS_POLICY,
  definition: asyncAllowlist,
};
