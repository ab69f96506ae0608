/**
 * Known-bad guard (conformance mutant).
 * Bug class: suffix match (endsWith without a dot boundary).
 * Offending line: const isOurDomain = origin.startsWith("https://") && origin.endsWith("myapp.com");
 * Gets through: https://evilmyapp.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const DEV_ORIGIN = "http://localhost:3000";

export const suffixMatch = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // Production is myapp.com or www.myapp.com.
    const isOurDomain = origin.startsWith("https://") && origin.endsWith("myapp.com");
    if (origin !== DEV_ORIGIN && !isOurDomain) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const suffixMatchGuard: KnownBadGuard = {
  id: "suffix-match",
  title: "Accepts any https Origin ending in myapp.com",
  policy: DOCS_POLICY,
  definition: suffixMatch,
  bug: {
    bugClass: "suffix match (endsWith)",
    offendingLine: 'const isOurDomain = origin.startsWith("https://") && origin.endsWith("myapp.com");',
    getsThrough: [
      "https://evilmyapp.com",
      "https://evil.myapp.com",
      "https://evil.com/myapp.com",
      "https://evil.com?myapp.com",
      "https://evil.com@myapp.com",
    ],
    expectedCategories: ["lookalike-domains", "userinfo"],
    transports: ALWAYS_SERVED,
  },
};
