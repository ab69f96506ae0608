/**
 * Known-bad guard (conformance mutant).
 * Bug class: unescaped dot in regex.
 * Offending line: const PROD_ORIGIN = /^https:\/\/(www.)?myapp.com$/;
 * Gets through: https://wwwxmyapp.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const DEV_ORIGIN = "http://localhost:3000";
const PROD_ORIGIN = /^https:\/\/(www.)?myapp.com$/;

export const unescapedDotRegex = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (origin !== DEV_ORIGIN && !PROD_ORIGIN.test(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const unescapedDotRegexGuard: KnownBadGuard = {
  id: "unescaped-dot-regex",
  title: "Anchored regex with unescaped dots",
  policy: DOCS_POLICY,
  definition: unescapedDotRegex,
  bug: {
    bugClass: "unescaped dot in regex",
    offendingLine: "const PROD_ORIGIN = /^https:\\/\\/(www.)?myapp.com$/;",
    getsThrough: ["https://wwwxmyapp.com", "https://www-myapp.com", "https://myappxcom", "https://www.myapp-com"],
    expectedCategories: ["lookalike-domains"],
    transports: ALWAYS_SERVED,
  },
};
