export type { KnownBadGuard, PolicyInput, ReferenceActor, Transport } from "./types.js";
export { DOCS_ALLOWED_ORIGINS, DOCS_MISSING_ACCEPTED_POLICY, DOCS_NORMALIZED_POLICY, DOCS_POLICY, WILDCARD_POLICY } from "./policies.js";
export { CORRECT_ACTORS } from "./correct/index.js";
export { KNOWN_BAD_GUARDS } from "./known-bad/index.js";
export { SUPPORT_ACTORS, observations, type Observation } from "./support/index.js";
