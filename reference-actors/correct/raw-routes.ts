/**
 * Correct reference: the docs guard on an actor that also serves raw
 * `onRequest` and `onWebSocket` routes (both run `onBeforeConnect` first).
 * Policy: docs allowlist, exact match, missing Origin rejected,
 * rejectCode "origin_not_allowed", on all four transports.
 */
import { actor, UserError } from "rivetkit";
import { DOCS_POLICY } from "../policies.js";
import type { ReferenceActor } from "../types.js";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const rawRoutes = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  onRequest: () => new Response(JSON.stringify({ ok: true }), { headers: { "content-type": "application/json" } }),
  onWebSocket: (c, websocket) => {
    // The socket is normally already open here; wait for "open" otherwise.
    if (websocket.readyState === 1) websocket.send("hello");
    else websocket.addEventListener("open", () => websocket.send("hello"));
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});

export const rawRoutesReference: ReferenceActor = {
  id: "raw-routes",
  title: "Docs guard plus raw onRequest/onWebSocket",
  policy: DOCS_POLICY,
  definition: rawRoutes,
};
