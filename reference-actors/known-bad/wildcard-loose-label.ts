/**
 * Known-bad guard (conformance mutant), for the wildcard policy
 * { allow: ["https://myapp.com", "https://*.myapp.com"] }.
 * Bug class: wildcard label pattern too loose (a label may be empty or start/end with a hyphen).
 * Offending line: const WILDCARD = /^https:\/\/([a-z0-9-]*\.)+myapp\.com$/;
 * Gets through: https://.myapp.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { WILDCARD_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const APEX_ORIGIN = "https://myapp.com";
const WILDCARD = /^https:\/\/([a-z0-9-]*\.)+myapp\.com$/;

export const wildcardLooseLabel = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (origin === APEX_ORIGIN || WILDCARD.test(origin)) return;
    throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
});

export const wildcardLooseLabelGuard: KnownBadGuard = {
  id: "wildcard-loose-label",
  title: "*.myapp.com as /([a-z0-9-]*\\.)+myapp\\.com/",
  policy: WILDCARD_POLICY,
  definition: wildcardLooseLabel,
  bug: {
    bugClass: "wildcard label pattern too loose",
    offendingLine: "const WILDCARD = /^https:\\/\\/([a-z0-9-]*\\.)+myapp\\.com$/;",
    getsThrough: ["https://.myapp.com", "https://a..myapp.com", "https://-a.myapp.com", "https://a-.myapp.com"],
    expectedCategories: ["lookalike-domains"],
    transports: ALWAYS_SERVED,
  },
};
