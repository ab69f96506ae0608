import { describeHeader, quoteValue } from "../origin/header.js";
import { formatOutcome } from "../probes/outcome.js";
import type { ExtraHeaders } from "../probes/probe.js";
import { cutOffSummary } from "../reports/cut-off-section.js";
import type { ConformanceResult, Failure } from "./result.js";

/** A failure as text: the minimal origin, expected versus observed, what was sent and what came back, seed, path, replay. */
export function formatFailure(failure: Failure): string {
  const lines = [
    `${failure.property === "oracle" ? failure.category : failure.property} over ${failure.transport}: ${failure.problem}`,
    `  origin:   ${describeHeader(failure.header)}${failure.shrunk ? " (shrunk)" : ""}`,
    ...(failure.extraHeaders?.length ? [`  with:     ${describeExtraHeaders(failure.extraHeaders)}`] : []),
    `  expected: ${failure.expected}`,
    `  observed: ${formatOutcome(failure.outcome)}`,
    `  sent:     ${failure.request}`,
    `  got:      ${failure.response}`,
  ];
  if (failure.history?.length) {
    lines.push(`  after:    ${failure.history.map((step) => `${step.transport} ${describeHeader(step.header)} → ${step.outcome.kind}`).join("; ")}`);
  }
  if (failure.seed !== undefined) lines.push(`  seed ${failure.seed}, path ${failure.path}`);
  lines.push(`  replay:   ${failure.replay}`);
  return lines.join("\n");
}

/** The other headers a header-property probe sent, for one line of text. */
export function describeExtraHeaders(headers: ExtraHeaders): string {
  return headers.map(([name, value]) => `${name}: ${quoteValue(value)}`).join("; ");
}

/** Shrunk counterexamples first, then the shortest origins: the most telling failures lead. */
export function orderForReading<F extends Failure>(failures: readonly F[]): F[] {
  const size = (failure: F) => failure.header.lines.reduce((total, line) => total + line.length, 0);
  return [...failures].sort((a, b) => Number(b.shrunk === true) - Number(a.shrunk === true) || size(a) - size(b));
}

const EXPLAINED_LINE = 500;

/**
 * Why a run is not conformant, for a test message or a JUnit failure: the cut-off, the
 * infrastructure, the undecided probes and the wrong decisions (the first few of each).
 */
export function explainVerdict(result: ConformanceResult, shown = 10): string {
  if (result.verdict === "conformant") return "conformant";
  const lines = [`verdict: ${result.verdict}`];
  if (result.openActor?.unguarded !== undefined && result.failures.length > 0) lines.push(`no origin guard: every origin is accepted (${result.openActor.unguarded})`);
  if (result.cutOff) lines.push(cutOffSummary(result.cutOff));
  if (result.engineDied) lines.push(`the engine died: ${result.engineDied}`);
  if (result.infrastructureProbes > 0) lines.push(`${result.infrastructureProbes} probe(s) hit infrastructure failures`);
  const undecided = result.failures.filter((failure) => failure.undecided);
  const wrong = result.failures.filter((failure) => !failure.undecided);
  if (undecided.length > 0) {
    lines.push(`${undecided.length} probe(s) got no decision (never counted as passed):`);
    for (const failure of undecided.slice(0, shown)) lines.push(`  ${failure.phase} ${failure.transport} ${describeHeader(failure.header)}: ${failure.problem}`);
  }
  if (wrong.length > 0) {
    lines.push(`${wrong.length} wrong decision(s):`);
    for (const failure of orderForReading(wrong).slice(0, shown)) lines.push(formatFailure(failure));
  }
  const more = Math.max(0, undecided.length - shown) + Math.max(0, wrong.length - shown);
  if (more > 0) lines.push(`… and ${more} more in the report`);
  // A 100 KB origin stays in the report; a message shows its start.
  return lines
    .join("\n")
    .split("\n")
    .map((line) => (line.length > EXPLAINED_LINE ? `${line.slice(0, EXPLAINED_LINE)}… (${line.length} characters)` : line))
    .join("\n");
}
