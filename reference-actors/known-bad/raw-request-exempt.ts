/**
 * Known-bad guard (conformance mutant).
 * Bug class: raw HTTP routes exempted from the check (only Rivet's own routes are guarded).
 * Offending line: if (!RIVET_ROUTES.some((prefix) => path.startsWith(prefix))) return;
 * Gets through: any origin (e.g. https://evil.com) on a raw /request/... route.
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { RAW_REQUEST } from "../../harness/transports/index.js";
import type { KnownBadGuard } from "../types.js";

// The routes the Rivet client uses. (onRequest sees its own path, without a /request prefix.)
const RIVET_ROUTES = ["/action/", "/queue/", "/connect", "/websocket/"];

export const rawRequestExempt = guardedActor({
  onBeforeConnect: (c) => {
    if (c.request) {
      const path = new URL(c.request.url).pathname;
      // onRequest only serves the public status page and webhooks (signed,
      // server-to-server, no Origin); lock down the client routes.
      if (!RIVET_ROUTES.some((prefix) => path.startsWith(prefix))) return;
    }
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  rawRoutes: true,
});

export const rawRequestExemptGuard: KnownBadGuard = {
  id: "raw-request-exempt",
  title: "Skips the check on raw onRequest routes",
  policy: DOCS_POLICY,
  definition: rawRequestExempt,
  bug: {
    bugClass: "check skipped on raw HTTP routes",
    offendingLine: "if (!RIVET_ROUTES.some((prefix) => path.startsWith(prefix))) return;",
    getsThrough: ["https://evil.com", "null", "(absent)", "http://myapp.com"],
    expectedCategories: ["cross-transport"],
    transports: [RAW_REQUEST.id],
  },
};
