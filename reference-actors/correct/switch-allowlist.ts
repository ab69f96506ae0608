/**
 * Correct reference: the docs allowlist as a switch statement, with its own
 * message and the offending origin in the error metadata.
 * Policy: docs allowlist, exact match, missing Origin rejected,
 * rejectCode "origin_not_allowed".
 */
import { actor, UserError } from "rivetkit";
import { DOCS_POLICY } from "../policies.js";
import type { ReferenceActor } from "../types.js";

export const switchAllowlist = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    switch (origin) {
      case "http://localhost:3000":
      case "https://myapp.com":
      case "https://www.myapp.com":
        return;
      default:
        throw new UserError("Cross-origin request refused", { code: "origin_not_allowed", metadata: { origin } });
    }
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});

export const switchAllowlistReference: ReferenceActor = {
  id: "switch-allowlist",
  title: "Switch statement, custom message and metadata",
  policy: DOCS_POLICY,
  definition: switchAllowlist,
};
