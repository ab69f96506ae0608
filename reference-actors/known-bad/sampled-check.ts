/**
 * Known-bad guard (conformance mutant).
 * Bug class: intermittent: the check is skipped on every 5th connection of an actor instance.
 * Offending line: if (c.vars.connectionCount++ % 5 === 4) return;
 * Gets through: any origin (e.g. https://evil.com) on the 5th, 10th, ... guard call of an instance.
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const sampledCheck = guardedActor({
  vars: { connectionCount: 0 },
  onBeforeConnect: (c) => {
    // Fast path: the full check runs on 4 of 5 connections, which is plenty to
    // surface misconfigured clients in the logs.
    if (c.vars.connectionCount++ % 5 === 4) return;
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const sampledCheckGuard: KnownBadGuard = {
  id: "sampled-check",
  title: "Skips the check on every 5th connection",
  policy: DOCS_POLICY,
  definition: sampledCheck,
  bug: {
    bugClass: "intermittent check (every Nth call skipped)",
    offendingLine: "if (c.vars.connectionCount++ % 5 === 4) return;",
    // Each only on the 5th, 10th, ... guard call of one actor instance (rejected calls count too).
    getsThrough: ["https://evil.com", "null", "(absent)"],
    expectedCategories: ["history-independence"],
    transports: ALWAYS_SERVED,
    intermittent: true,
  },
};
