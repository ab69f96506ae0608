/**
 * Correct reference: policy { allow: ["https://myapp.com", "https://*.myapp.com"] },
 * exact match (a browser's origin is lowercase; uppercase is rejected).
 * The wildcard is one or more DNS labels `[a-z0-9]([a-z0-9-]*[a-z0-9])?`
 * followed by `.myapp.com`; https only, no port, nothing after the host.
 * Missing Origin rejected, rejectCode "origin_not_allowed".
 */
import { actor, UserError } from "rivetkit";
import { WILDCARD_POLICY } from "../policies.js";
import type { ReferenceActor } from "../types.js";

const APEX_ORIGIN = "https://myapp.com";
const SCHEME = "https://";
const SUFFIX = ".myapp.com";
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function isAllowedOrigin(origin: string): boolean {
  if (origin === APEX_ORIGIN) return true;
  if (!origin.startsWith(SCHEME) || !origin.endsWith(SUFFIX)) return false;
  const subdomain = origin.slice(SCHEME.length, origin.length - SUFFIX.length);
  if (subdomain === "") return false;
  // Split rather than one big regex: linear on very long values.
  return subdomain.split(".").every((label) => DNS_LABEL.test(label));
}

export const wildcardSubdomains = actor({
  state: { count: 0 },
  onBeforeConnect: (c) => {
    const origin = c.request?.headers.get("origin") ?? "";
    if (!isAllowedOrigin(origin)) {
      throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
    }
  },
  actions: {
    increment: (c) => ++c.state.count,
    getCount: (c) => c.state.count,
  },
});

export const wildcardSubdomainsReference: ReferenceActor = {
  id: "wildcard-subdomains",
  title: "Apex plus https://*.myapp.com",
  policy: WILDCARD_POLICY,
  definition: wildcardSubdomains,
};
