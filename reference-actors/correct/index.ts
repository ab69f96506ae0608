import type { ReferenceActor } from "../types.js";
import { asyncAllowlistReference } from "./async-allowlist.js";
import { missingOriginAcceptedReference } from "./missing-origin-accepted.js";
import { normalizedAllowlistReference } from "./normalized-allowlist.js";
import { rawRoutesReference } from "./raw-routes.js";
import { seedAllowlistReference } from "./seed-allowlist.js";
import { setAllowlistReference } from "./set-allowlist.js";
import { switchAllowlistReference } from "./switch-allowlist.js";
import { wildcardSubdomainsReference } from "./wildcard-subdomains.js";

/** Guards that implement their `policy` exactly. */
export const CORRECT_ACTORS: readonly ReferenceActor[] = [
  seedAllowlistReference,
  setAllowlistReference,
  asyncAllowlistReference,
  switchAllowlistReference,
  normalizedAllowlistReference,
  wildcardSubdomainsReference,
  missingOriginAcceptedReference,
  rawRoutesReference,
];
