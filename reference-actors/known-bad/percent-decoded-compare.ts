/**
 * Known-bad guard (conformance mutant).
 * Bug class: percent-decoding before the compare (`decodeURIComponent`, then `includes`).
 * Offending line: const origin = decodeOrKeep(c.request?.headers.get("origin") ?? "");
 * Gets through: https://my%61pp.com, https://myapp%2ecom, https%3A%2F%2Fmyapp.com
 */
import { UserError } from "rivetkit";
import { ALLOWED_ORIGINS, guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

/** Proxies sometimes hand us escaped headers; an unescapable value is compared as it is. */
function decodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export const percentDecodedCompare = guardedActor({
  onBeforeConnect: (c) => {
    const origin = decodeOrKeep(c.request?.headers.get("origin") ?? "");
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const percentDecodedCompareGuard: KnownBadGuard = {
  id: "percent-decoded-compare",
  title: "Percent-decodes the Origin before comparing",
  policy: DOCS_POLICY,
  definition: percentDecodedCompare,
  bug: {
    bugClass: "percent-decoding before the compare",
    offendingLine: 'const origin = decodeOrKeep(c.request?.headers.get("origin") ?? "");',
    getsThrough: ["https://my%61pp.com", "https://myapp%2ecom", "https%3A%2F%2Fmyapp.com", "http://localhost%3a3000", "https://%77ww.myapp.com"],
    expectedCategories: ["percent-encoding"],
    transports: ALWAYS_SERVED,
  },
};
