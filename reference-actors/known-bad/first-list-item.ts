/**
 * Known-bad guard (conformance mutant).
 * Bug class: only the first item of a comma/space separated list is checked.
 * Offending line: const origin = header.split(/[ ,]+/)[0] ?? "";
 * Gets through: https://myapp.com, https://evil.com
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

export const firstListItem = guardedActor({
  onBeforeConnect: (c) => {
    const header = c.request?.headers.get("origin") ?? "";
    // Some proxies fold repeated headers into "a, b"; the first one is the browser's.
    const origin = header.split(/[ ,]+/)[0] ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const firstListItemGuard: KnownBadGuard = {
  id: "first-list-item",
  title: "Checks only the first entry of a list",
  policy: DOCS_POLICY,
  definition: firstListItem,
  bug: {
    bugClass: "first item of a comma/space list",
    offendingLine: 'const origin = header.split(/[ ,]+/)[0] ?? "";',
    getsThrough: [
      "https://myapp.com, https://evil.com",
      "https://myapp.com,https://evil.com",
      "https://myapp.com https://evil.com",
      "https://myapp.com,",
    ],
    expectedCategories: ["comma-and-space-lists"],
    transports: ALWAYS_SERVED,
  },
};
