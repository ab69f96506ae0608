/**
 * Known-bad guard (conformance mutant).
 * Bug class: scheme ignored (compares hosts only).
 * Offending line: const host = origin.replace(/^https?:\/\//, "");
 * Gets through: http://myapp.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const ALLOWED_HOSTS = ["localhost:3000", "myapp.com", "www.myapp.com"];

export const schemeIgnored = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    const host = origin.replace(/^https?:\/\//, "");
    if (!ALLOWED_HOSTS.includes(host)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const schemeIgnoredGuard: KnownBadGuard = {
  id: "scheme-ignored",
  title: "Compares hosts, ignoring http vs https",
  policy: DOCS_POLICY,
  definition: schemeIgnored,
  bug: {
    bugClass: "scheme ignored",
    offendingLine: 'const host = origin.replace(/^https?:\\/\\//, "");',
    getsThrough: ["http://myapp.com", "http://www.myapp.com", "https://localhost:3000", "myapp.com", "localhost:3000"],
    expectedCategories: ["scheme-swaps"],
    transports: ALWAYS_SERVED,
  },
};
