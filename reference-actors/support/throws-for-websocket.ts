/**
 * Harness support (not a conformance subject): the docs guard over HTTP, but
 * for a WebSocket upgrade it throws a plain Error whatever the origin (a guard
 * that crashes on one transport only). Expected: HTTP transports conform;
 * WebSocket /connect rejects everything with rivetkit.internal_error.
 */
import { actor, UserError } from "rivetkit";

const ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"];

export const throwsForWebsocket = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    if (c.request?.headers.get("upgrade")?.toLowerCase() === "websocket") throw new Error("origin check not implemented for WebSockets");
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});
