/**
 * Known-bad guard (conformance mutant).
 * Bug class: no list configured means every origin (socket.io before 2.4.0, CVE-2020-28481).
 * Offending line: const allowedOrigins = CONFIGURED_ORIGINS ?? ["*"];
 * Gets through: https://evil.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, ATTACK_CATEGORIES, type KnownBadGuard } from "../types.js";

// Filled in per deployment; this one never was.
const CONFIGURED_ORIGINS = undefined as readonly string[] | undefined;

export const unconfiguredAllowsAll = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    const allowedOrigins = CONFIGURED_ORIGINS ?? ["*"];
    if (!allowedOrigins.includes("*") && !allowedOrigins.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const unconfiguredAllowsAllGuard: KnownBadGuard = {
  id: "unconfigured-allows-all",
  title: "An unset allowlist defaults to every origin",
  policy: DOCS_POLICY,
  definition: unconfiguredAllowsAll,
  bug: {
    bugClass: "allow-all default when no list is configured",
    offendingLine: 'const allowedOrigins = CONFIGURED_ORIGINS ?? ["*"];',
    getsThrough: ["https://evil.com", "http://evil.com", "https://github.com"],
    // Every attack gets through; attacker-origins is the class it stands for.
    expectedCategories: ATTACK_CATEGORIES,
    transports: ALWAYS_SERVED,
  },
};
