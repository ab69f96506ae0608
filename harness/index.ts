/** rivet-origin-conformance: the programmatic API. */
export { runConformance, type ConformanceOptions } from "./conformance/run.js";
export type { ConformanceResult, Failure, Verdict, CellCount, PropertyId, CutOff, CutOffProbe } from "./conformance/result.js";
export { ActorStartError } from "./conformance/preflight.js";
export { formatFailure } from "./conformance/format-failure.js";
export { parsePolicy, PolicyError, DOCS_POLICY, type Policy } from "./policy/policy.js";
export { expected, expectedDecision, type Expectation, type Decision } from "./oracle/oracle.js";
export { observedOrigin, type ObservedOrigin } from "./calibration/observed.js";
export { CATEGORIES, anyOrigin, deterministicCorpus } from "./generators/catalog.js";
export type { OriginCategory, NamedCase } from "./generators/category.js";
export { ABSENT, originLine, originLines, describeHeader, type OriginHeader } from "./origin/header.js";
export { probe, type ProbeResult, type ProbeOptions, type ProbeTarget } from "./probes/probe.js";
export type { Outcome, OutcomeKind } from "./probes/outcome.js";
export { TRANSPORTS, type TransportId } from "./probes/transports.js";
export { startEngine, connectEngine, acquireEngine, type EngineHandle } from "./engine/engine.js";
export { EngineError } from "./engine/errors.js";
export { hostRegistry, type HostedRegistry, type ActorInstance } from "./registry/host.js";
