/**
 * Correct reference: the docs allowlist with `match: "normalized"`.
 * The header must parse strictly as scheme://host[:port]: ASCII letters,
 * digits, "-", "_" and "." in the host (or a bracketed IPv6 literal), no
 * path, userinfo, query, fragment, whitespace or anything else; the port is
 * digits, compared as a number (leading zeros allowed), 1-65535. Scheme and
 * host are ASCII-lowercased and the scheme's default port (http/ws 80,
 * https/wss 443) is dropped; the result must equal an allowlist entry.
 * Missing Origin rejected, rejectCode "origin_not_allowed".
 * Deliberately not `new URL(v).origin`, which accepts paths, userinfo,
 * backslashes and strips tabs.
 */
import { actor, UserError } from "rivetkit";
import { DOCS_NORMALIZED_POLICY } from "../policies.js";
import type { ReferenceActor } from "../types.js";

const ALLOWED_ORIGINS = new Set(["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"]);

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, ws: 80, https: 443, wss: 443 };

const ORIGIN_SYNTAX = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::([0-9]+))?$/;

/** The canonical form of `value`, or null when it is not a bare origin. */
function normalizeOrigin(value: string): string | null {
  const m = ORIGIN_SYNTAX.exec(value);
  if (!m) return null;
  // Lowercase ASCII only: the syntax above admits nothing else.
  const scheme = (m[1] ?? "").toLowerCase();
  const host = (m[2] ?? "").toLowerCase();
  if (m[3] === undefined) return `${scheme}://${host}`;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return port === DEFAULT_PORTS[scheme] ? `${scheme}://${host}` : `${scheme}://${host}:${port}`;
}

export const normalizedAllowlist = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    const normalized = normalizeOrigin(origin);
    if (normalized === null || !ALLOWED_ORIGINS.has(normalized)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});

export const normalizedAllowlistReference: ReferenceActor = {
  id: "normalized-allowlist",
  title: "Docs allowlist, strictly normalized compare",
  policy: DOCS_NORMALIZED_POLICY,
  definition: normalizedAllowlist,
};
