/** rivet-origin-conformance/vitest: helpers for a user's own vitest suite. */
export { describeOriginConformance, type DescribeOriginConformanceOptions } from "./describe-origin-conformance.js";
export { describeRegistryConformance, type DescribeRegistryConformanceOptions } from "./describe-registry-conformance.js";
export { defineConfig, type OriginConformanceConfig } from "../check/config.js";
export { useHostedRegistry } from "./hosted-registry.js";
export { sharedEngine } from "./shared-engine.js";
