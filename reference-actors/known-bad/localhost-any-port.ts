/**
 * Known-bad guard (conformance mutant).
 * Bug class: localhost on any port (and any scheme) trusted.
 * Offending line: if (isLocalhost(origin)) return;
 * Gets through: http://localhost:3001
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

const PROD_ORIGINS = ["https://myapp.com", "https://www.myapp.com"];

function isLocalhost(origin: string): boolean {
  try {
    return new URL(origin).hostname === "localhost";
  } catch {
    return false;
  }
}

export const localhostAnyPort = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    // Local dev: Vite/Next pick another port when 3000 is taken.
    if (isLocalhost(origin)) return;
    if (!PROD_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const localhostAnyPortGuard: KnownBadGuard = {
  id: "localhost-any-port",
  title: "Trusts localhost on any port",
  policy: DOCS_POLICY,
  definition: localhostAnyPort,
  bug: {
    bugClass: "localhost on any port",
    offendingLine: "if (isLocalhost(origin)) return;",
    getsThrough: [
      "http://localhost:3001",
      "http://localhost:8080",
      "http://localhost",
      "https://localhost:3000",
      "http://LOCALHOST:3000",
      "http://localhost:3000/evil",
      "http://evil@localhost:3000",
    ],
    // new URL() lowercases the host and ignores path and userinfo, so those categories catch it too.
    expectedCategories: ["ports", "scheme-swaps", "localhost-ip-forms", "case-variants", "path-suffixes", "userinfo"],
    transports: ALWAYS_SERVED,
  },
};
