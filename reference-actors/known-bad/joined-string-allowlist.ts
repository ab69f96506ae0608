/**
 * Known-bad guard (conformance mutant).
 * Bug class: allowlist kept as one comma-joined string, so `includes` is a substring test.
 * Offending line: const ALLOWED_ORIGINS = "http://localhost:3000,https://myapp.com,https://www.myapp.com";
 * Gets through: "" (and a missing Origin), https://myapp.com,https
 */
import { UserError } from "rivetkit";
import { guardedActor } from "../guarded-actor.js";
import { DOCS_POLICY } from "../policies.js";
import { ALWAYS_SERVED, type KnownBadGuard } from "../types.js";

// Same comma-separated format as CORS_ORIGINS in our .env files.
const ALLOWED_ORIGINS = "http://localhost:3000,https://myapp.com,https://www.myapp.com";

export const joinedStringAllowlist = guardedActor({
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!ALLOWED_ORIGINS.includes(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
});

export const joinedStringAllowlistGuard: KnownBadGuard = {
  id: "joined-string-allowlist",
  title: "String.includes on a comma-joined allowlist",
  policy: DOCS_POLICY,
  definition: joinedStringAllowlist,
  bug: {
    bugClass: "substring of a joined allowlist string",
    offendingLine: 'const ALLOWED_ORIGINS = "http://localhost:3000,https://myapp.com,https://www.myapp.com";',
    getsThrough: [
      "",
      "(absent)",
      "https://myapp.com,https",
      "p://localhost:3000",
      "https://myapp",
      "myapp.com",
      "http://localhost:3000,https://myapp.com",
      "h",
    ],
    expectedCategories: ["missing-and-empty", "non-ascii-and-control-bytes"],
    transports: ALWAYS_SERVED,
  },
};
