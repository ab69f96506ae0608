/**
 * Known-bad guard (conformance mutant).
 * Bug class: "safe" HTTP methods exempted (CSRF thinking): every GET skips the
 * check, and WebSocket handshakes and raw GET requests are GETs.
 * Offending line: if (SAFE_METHODS.has(request.method)) return;
 * Gets through: any origin (e.g. https://evil.com) on a WebSocket /connect, a raw GET request, a raw WebSocket.
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { RAW_REQUEST, RAW_WEBSOCKET, WEBSOCKET_CONNECT } from "../../harness/transports/index.js";
import type { KnownBadGuard } from "../types.js";

// Reads can't change anything, so cross-site requests only matter for writes.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const safeMethodsExempt = guardedActor({
  onBeforeConnect: (c) => {
    const request = c.request;
    if (!request) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  rawRoutes: true,
});

export const safeMethodsExemptGuard: KnownBadGuard = {
  id: "safe-methods-exempt",
  title: "Skips the check for GET/HEAD/OPTIONS",
  policy: DOCS_POLICY,
  definition: safeMethodsExempt,
  bug: {
    bugClass: "safe methods exempted (GET skips the check)",
    offendingLine: "if (SAFE_METHODS.has(request.method)) return;",
    getsThrough: ["https://evil.com", "null", "(absent)", "http://myapp.com"],
    expectedCategories: ["cross-transport"],
    transports: [WEBSOCKET_CONNECT.id, RAW_REQUEST.id, RAW_WEBSOCKET.id],
  },
};
