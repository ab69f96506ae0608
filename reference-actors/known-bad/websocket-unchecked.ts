/**
 * Known-bad guard (conformance mutant).
 * Bug class: check skipped on WebSocket connections.
 * Offending line: if (c.request?.headers.get("upgrade")?.toLowerCase() === "websocket") return;
 * Gets through: any origin (e.g. https://evil.com) on a WebSocket /connect.
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { WEBSOCKET_CONNECT } from "../../harness/transports/index.js";
import type { KnownBadGuard } from "../types.js";

export const websocketUnchecked = guardedActor({
  onBeforeConnect: (c) => {
    // Realtime connections come from the mobile app, which sends no Origin;
    // they authenticate with the session token in conn params instead.
    if (c.request?.headers.get("upgrade")?.toLowerCase() === "websocket") return;
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const websocketUncheckedGuard: KnownBadGuard = {
  id: "websocket-unchecked",
  title: "Skips the check on WebSocket upgrades",
  policy: DOCS_POLICY,
  definition: websocketUnchecked,
  bug: {
    bugClass: "check skipped on WebSocket",
    offendingLine: 'if (c.request?.headers.get("upgrade")?.toLowerCase() === "websocket") return;',
    getsThrough: ["https://evil.com", "null", "(absent)", "http://myapp.com"],
    expectedCategories: ["cross-transport"],
    transports: [WEBSOCKET_CONNECT.id],
  },
};
