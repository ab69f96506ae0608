/**
 * Known-bad guard (conformance mutant).
 * Bug class: an undocumented allowance for plain-http subdomains (previews), which any subdomain can use.
 * Offending line: const HTTP_PREVIEW = /^http:\/\/(?!www\.)[a-z0-9-]+\.myapp\.com$/;
 * Gets through: http://evil.myapp.com
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

// Branch previews are served over plain http at <branch>.myapp.com (never www).
const HTTP_PREVIEW = /^http:\/\/(?!www\.)[a-z0-9-]+\.myapp\.com$/;

export const httpPreviewSubdomains = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin) && !HTTP_PREVIEW.test(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const httpPreviewSubdomainsGuard: KnownBadGuard = {
  id: "http-preview-subdomains",
  title: "Accepts any plain-http subdomain as a preview deployment",
  policy: DOCS_POLICY,
  definition: httpPreviewSubdomains,
  bug: {
    bugClass: "undocumented plain-http subdomain allowance",
    offendingLine: "const HTTP_PREVIEW = /^http:\\/\\/(?!www\\.)[a-z0-9-]+\\.myapp\\.com$/;",
    getsThrough: ["http://evil.myapp.com", "http://a.myapp.com"],
    expectedCategories: ["downgraded-lookalikes"],
    transports: ALWAYS_SERVED,
  },
};
