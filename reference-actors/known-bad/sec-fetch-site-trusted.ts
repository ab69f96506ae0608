/**
 * Known-bad guard (conformance mutant).
 * Bug class: Fetch Metadata trusted instead of the Origin: a request marked
 * `Sec-Fetch-Site: same-origin` skips the check. Browsers set that header
 * truthfully, but any other client writes what it likes.
 * Offending line: if (headers?.get("sec-fetch-site") === "same-origin") return;
 * Gets through: any origin (e.g. https://evil.com) and (absent), with `Sec-Fetch-Site: same-origin`.
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const secFetchSiteTrusted = guardedActor({
  onBeforeConnect: (c) => {
    const headers = c.request?.headers;
    // The browser says the request comes from our own pages: nothing to check.
    if (headers?.get("sec-fetch-site") === "same-origin") return;
    const origin = headers?.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const secFetchSiteTrustedGuard: KnownBadGuard = {
  id: "sec-fetch-site-trusted",
  title: "Skips the check when Sec-Fetch-Site says same-origin",
  policy: DOCS_POLICY,
  definition: secFetchSiteTrusted,
  bug: {
    bugClass: "fetch metadata trusted instead of the origin",
    offendingLine: 'if (headers?.get("sec-fetch-site") === "same-origin") return;',
    getsThrough: ["https://evil.com", "(absent)"],
    withHeaders: { "Sec-Fetch-Site": "same-origin" },
    expectedCategories: ["only-origin-decides"],
    transports: ALWAYS_SERVED,
  },
};
