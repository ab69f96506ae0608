/**
 * Known-bad guard (conformance mutant).
 * Bug class: Referer fallback when the Origin is missing (as some CSRF
 * middlewares do): the origin of the Referer URL is checked instead, and any
 * client can write a Referer.
 * Offending line: if (origin === null) origin = refererOrigin(headers?.get("referer"));
 * Gets through: (absent), with `Referer: https://myapp.com/page`.
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

function refererOrigin(referer: string | null | undefined): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

export const refererFallback = guardedActor({
  onBeforeConnect: (c) => {
    const headers = c.request?.headers;
    let origin = headers?.get("origin") ?? null;
    // Privacy extensions and some proxies strip the Origin; the Referer still says where the request came from.
    if (origin === null) origin = refererOrigin(headers?.get("referer"));
    if (origin === null || !ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const refererFallbackGuard: KnownBadGuard = {
  id: "referer-fallback",
  title: "Falls back to the Referer when the Origin is missing",
  policy: DOCS_POLICY,
  definition: refererFallback,
  bug: {
    bugClass: "referer fallback for a missing origin",
    offendingLine: 'if (origin === null) origin = refererOrigin(headers?.get("referer"));',
    getsThrough: ["(absent)"],
    withHeaders: { Referer: "https://myapp.com/page" },
    expectedCategories: ["only-origin-decides"],
    transports: ALWAYS_SERVED,
  },
};
