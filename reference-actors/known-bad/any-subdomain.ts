/**
 * Known-bad guard (conformance mutant).
 * Bug class: any subdomain accepted (hostname suffix check after URL parsing).
 * Offending line: return url.protocol === "https:" && (url.hostname === "myapp.com" || url.hostname.endsWith(".myapp.com"));
 * Gets through: https://evil.myapp.com
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

function isTrustedOrigin(origin: string): boolean {
  if (origin === "http://localhost:3000") return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // Marketing site, app and preview deploys all live under myapp.com.
  return url.protocol === "https:" && (url.hostname === "myapp.com" || url.hostname.endsWith(".myapp.com"));
}

export const anySubdomain = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!isTrustedOrigin(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const anySubdomainGuard: KnownBadGuard = {
  id: "any-subdomain",
  title: "Trusts every subdomain of myapp.com",
  policy: DOCS_POLICY,
  definition: anySubdomain,
  bug: {
    bugClass: "any subdomain accepted",
    offendingLine:
      'return url.protocol === "https:" && (url.hostname === "myapp.com" || url.hostname.endsWith(".myapp.com"));',
    // URL parsing also lets the new-URL leniencies through (path, port, userinfo, case).
    getsThrough: [
      "https://evil.myapp.com",
      "https://evil-myapp-com.myapp.com",
      "https://myapp.com/evil",
      "https://myapp.com:8443",
      "https://evil.com@myapp.com",
      "HTTPS://MYAPP.COM",
    ],
    expectedCategories: ["lookalike-domains", "path-suffixes", "ports", "userinfo", "case-variants"],
    transports: ALWAYS_SERVED,
  },
};
