import type { PolicyInput } from "./types.js";

/** The allowlist from the Rivet docs ("Cross-Origin Resource Sharing"). */
export const DOCS_ALLOWED_ORIGINS = ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"] as const;

/** The docs guard's policy: exact match, missing Origin rejected, code `origin_not_allowed`. */
export const DOCS_POLICY: PolicyInput = {
  allow: DOCS_ALLOWED_ORIGINS,
  match: "exact",
  missingOrigin: "reject",
  rejectCode: "origin_not_allowed",
};

/** The docs allowlist, compared after strict normalization. */
export const DOCS_NORMALIZED_POLICY: PolicyInput = { ...DOCS_POLICY, match: "normalized" };

/** The docs allowlist, with a missing Origin (no header at all) accepted. */
export const DOCS_MISSING_ACCEPTED_POLICY: PolicyInput = { ...DOCS_POLICY, missingOrigin: "accept" };

/** The apex domain plus any subdomain, https only, no port. */
export const WILDCARD_POLICY: PolicyInput = {
  allow: ["https://myapp.com", "https://*.myapp.com"],
  match: "exact",
  missingOrigin: "reject",
  rejectCode: "origin_not_allowed",
};
