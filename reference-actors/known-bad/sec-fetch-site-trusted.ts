/**
 * Known-bad guard (conformance mutant).
 * Bug class: Fetch Metadata trusted instead of the Origin: a request marked
 * `Sec-Fetch-Site: same-origin` skips the check. Browsers set that header
 * truthfully, but any other client writes what it likes.
 * Offending line: if (headers?.get("sec-fetch-site") === "same-origin") return;
 * Gets through: any origin (e.g. https://evil.com) and (absent), with `Sec-Fetch-Site: same-origin`.
 */
import { actor, UserError } from "rivetkit";
import { DOCS_POLICY } from "../policies.js";
import type { KnownBadGuard } from "../types.js";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const secFetchSiteTrusted = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const headers = c.request?.headers;
    // The browser says the request comes from our own pages: nothing to check.
    if (headers?.get("sec-fetch-site") === "same-origin") return;
    const origin = headers?.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
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
    transports: ["http-action", "http-queue", "websocket-connect"],
  },
};
