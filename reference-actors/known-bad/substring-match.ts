/**
 * Known-bad guard (conformance mutant).
 * Bug class: substring match (includes).
 * Offending line: const allowed = origin === "http://localhost:3000" || origin.includes("myapp.com");
 * Gets through: https://myapp.com.evil.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const substringMatch = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // Local dev server, plus anything on our domain (apex + www).
    const allowed = origin === "http://localhost:3000" || origin.includes("myapp.com");
    if (!allowed) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const substringMatchGuard: KnownBadGuard = {
  id: "substring-match",
  title: "Accepts any Origin containing myapp.com",
  policy: DOCS_POLICY,
  definition: substringMatch,
  bug: {
    bugClass: "substring match (includes)",
    offendingLine: 'const allowed = origin === "http://localhost:3000" || origin.includes("myapp.com");',
    getsThrough: [
      "https://myapp.com.evil.com",
      "https://evilmyapp.com",
      "https://evil.myapp.com",
      "http://myapp.com",
      "https://myapp.com/evil",
      "https://myapp.com:8443",
      "https://evil.com@myapp.com",
      "https://evil.com/?myapp.com",
    ],
    expectedCategories: ["lookalike-domains", "path-suffixes", "ports", "scheme-swaps", "userinfo", "comma-and-space-lists", "special-characters"],
    transports: ALWAYS_SERVED,
  },
};
