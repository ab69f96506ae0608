/**
 * Known-bad guard (conformance mutant).
 * Bug class: raw HTTP routes exempted from the check (only Rivet's own routes are guarded).
 * Offending line: if (!RIVET_ROUTES.some((prefix) => path.startsWith(prefix))) return;
 * Gets through: any origin (e.g. https://evil.com) on a raw /request/... route.
 */
import { actor, UserError } from "rivetkit";
import { DOCS_POLICY } from "../policies.js";
import { RAW_REQUEST } from "../../harness/transports/index.js";
import type { KnownBadGuard } from "../types.js";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];
// The routes the Rivet client uses. (onRequest sees its own path, without a /request prefix.)
const RIVET_ROUTES = ["/action/", "/queue/", "/connect", "/websocket/"];

export const rawRequestExempt = actor({
  state: { count: 0 },
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
  onRequest: () => new Response(JSON.stringify({ ok: true }), { headers: { "content-type": "application/json" } }),
  onWebSocket: (c, websocket) => {
    if (websocket.readyState === 1) websocket.send("hello");
    else websocket.addEventListener("open", () => websocket.send("hello"));
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
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
