/**
 * Known-bad guard (conformance mutant).
 * Bug class: async check not awaited (a Promise is always truthy).
 * Offending line: if (!isOriginAllowed(origin)) {
 * Gets through: every origin, e.g. https://evil.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, ATTACK_CATEGORIES, type KnownBadGuard } from "../types.js";

// Stands in for the config-service lookup.
async function fetchAllowedOrigins(): Promise<string[]> {
  return new Promise((resolve) => {
    setTimeout(() => resolve(["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"]), 5);
  });
}

async function isOriginAllowed(origin: string): Promise<boolean> {
  const allowedOrigins = await fetchAllowedOrigins();
  return allowedOrigins.includes(origin);
}

export const missingAwait = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!isOriginAllowed(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const missingAwaitGuard: KnownBadGuard = {
  id: "missing-await",
  title: "Calls an async check without await",
  policy: DOCS_POLICY,
  definition: missingAwait,
  bug: {
    bugClass: "missing await on async check",
    offendingLine: "if (!isOriginAllowed(origin)) {",
    getsThrough: ["https://evil.com", "null", "(absent)", "", "http://myapp.com", "https://myapp.com.evil.com"],
    // It accepts everything, so every category of disallowed origins catches it.
    expectedCategories: ATTACK_CATEGORIES,
    transports: ALWAYS_SERVED,
  },
};
