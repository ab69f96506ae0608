/**
 * Known-bad guard (conformance mutant).
 * Bug class: history-dependent: the check is skipped for 30 s after one accepted connection.
 * Offending line: if (Date.now() < c.vars.trustedUntil) return;
 * Gets through: any origin (e.g. https://evil.com) right after an allowed one, on the same actor.
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const TRUST_WINDOW_MS = 30_000;

export const trustedWindow = guardedActor({
  vars: { trustedUntil: 0 },
  onBeforeConnect: (c) => {
    // Reconnect storms after a deploy hammered this check: once a page from our
    // site has connected, skip re-checking for a little while.
    if (Date.now() < c.vars.trustedUntil) return;
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
    c.vars.trustedUntil = Date.now() + TRUST_WINDOW_MS;
  },
});

export const trustedWindowGuard: KnownBadGuard = {
  id: "trusted-window",
  title: "Trusts everyone for 30 s after an allowed connection",
  policy: DOCS_POLICY,
  definition: trustedWindow,
  bug: {
    bugClass: "history-dependent trust window",
    offendingLine: "if (Date.now() < c.vars.trustedUntil) return;",
    // Each only after an allowed origin connected to the same instance in the last 30 s.
    getsThrough: ["https://evil.com", "null", "(absent)"],
    expectedCategories: ["history-independence"],
    transports: ALWAYS_SERVED,
    historyDependent: true,
  },
};
