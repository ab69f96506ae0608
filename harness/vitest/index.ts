/** rivet-origin-conformance/vitest: helpers for a user's own vitest suite. */
export { describeOriginConformance, type DescribeOriginConformanceOptions } from "./describe-origin-conformance.js";
export { useHostedRegistry } from "./hosted-registry.js";
export { sharedEngine } from "./shared-engine.js";
