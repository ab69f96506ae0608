import { describeHeader } from "../origin/header.js";
import { formatOutcome } from "../probes/outcome.js";
import type { Failure } from "./result.js";

/** A failure as text: the minimal origin, expected versus observed, what was sent and what came back, seed, path, replay. */
export function formatFailure(failure: Failure): string {
  const lines = [
    `${failure.property === "oracle" ? failure.category : failure.property} over ${failure.transport}: ${failure.problem}`,
    `  origin:   ${describeHeader(failure.header)}${failure.shrunk ? " (shrunk)" : ""}`,
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

/** Shrunk counterexamples first, then the shortest origins: the most telling failures lead. */
export function orderForReading<F extends Failure>(failures: readonly F[]): F[] {
  const size = (failure: F) => failure.header.lines.reduce((total, line) => total + line.length, 0);
  return [...failures].sort((a, b) => Number(b.shrunk === true) - Number(a.shrunk === true) || size(a) - size(b));
}
