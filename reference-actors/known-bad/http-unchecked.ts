/**
 * Known-bad guard (conformance mutant).
 * Bug class: check skipped on plain HTTP (only WebSocket upgrades are checked).
 * Offending line: if (c.request?.headers.get("upgrade")?.toLowerCase() !== "websocket") return;
 * Gets through: any origin (e.g. https://evil.com) on an HTTP action or queue send.
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { HTTP_ACTION, HTTP_QUEUE } from "../../harness/transports/index.js";
import type { KnownBadGuard } from "../types.js";

export const httpUnchecked = guardedActor({
  onBeforeConnect: (c) => {
    // Browsers enforce CORS on fetch already; WebSockets are the gap, so only check those.
    if (c.request?.headers.get("upgrade")?.toLowerCase() !== "websocket") return;
    const origin = c.request.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const httpUncheckedGuard: KnownBadGuard = {
  id: "http-unchecked",
  title: "Checks only WebSocket upgrades",
  policy: DOCS_POLICY,
  definition: httpUnchecked,
  bug: {
    bugClass: "check skipped on HTTP",
    offendingLine: 'if (c.request?.headers.get("upgrade")?.toLowerCase() !== "websocket") return;',
    getsThrough: ["https://evil.com", "null", "(absent)", "http://myapp.com"],
    expectedCategories: ["cross-transport"],
    transports: [HTTP_ACTION.id, HTTP_QUEUE.id],
  },
};
