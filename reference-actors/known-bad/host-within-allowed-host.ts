/**
 * Known-bad guard (conformance mutant).
 * Bug class: reversed substring test on the host (the allowed host contains the Origin's, CORScanner's include_match).
 * Offending line: const allowed = ALLOWED.some((entry) => entry.protocol === url.protocol && entry.port === url.port && entry.hostname.includes(url.hostname));
 * Gets through: https://yapp.com, https://myapp.co
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const ALLOWED = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"].map((origin) => new URL(origin));
const CANONICAL_ORIGIN = /^[a-z]+:\/\/[a-z0-9.-]+(:[0-9]+)?$/;

export const hostWithinAllowedHost = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!CANONICAL_ORIGIN.test(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
    const url = new URL(origin);
    // Hosts may be written with or without "www.", so accept a host that is part of an allowed one.
    const allowed = ALLOWED.some((entry) => entry.protocol === url.protocol && entry.port === url.port && entry.hostname.includes(url.hostname));
    if (!allowed) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const hostWithinAllowedHostGuard: KnownBadGuard = {
  id: "host-within-allowed-host",
  title: "Accepts a host that is a substring of an allowed host",
  policy: DOCS_POLICY,
  definition: hostWithinAllowedHost,
  bug: {
    bugClass: "reversed substring test on the host",
    offendingLine: "const allowed = ALLOWED.some((entry) => entry.protocol === url.protocol && entry.port === url.port && entry.hostname.includes(url.hostname));",
    getsThrough: ["https://yapp.com", "https://myapp.co", "https://app.com", "http://localhos:3000"],
    expectedCategories: ["lookalike-domains"],
    transports: ALWAYS_SERVED,
  },
};
