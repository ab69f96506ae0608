import type { ConformanceResult } from "../conformance/result.js";
import { groupFindings, worstGrade } from "../grading/findings.js";
import { gradeInfo } from "../grading/grade.js";
import { findingsCountLine, findingsText } from "./findings-section.js";
import { cutOffSummary } from "./cut-off-section.js";
import { screeningLine } from "./screening-section.js";

/** The verdict in plain words, per-transport counts, then the findings by grade, worst first, with their replay commands. */
export function textSummary(result: ConformanceResult, label: string): string {
  const { failures, findings } = groupFindings(result.failures, result.policy, result.openActor?.unguarded);
  const worst = worstGrade(findings);
  const lines = [
    `${label}: ${result.verdict.toUpperCase()}: ${findingsCountLine(findings)} (${result.probes.toLocaleString("en-US")} probes, ${(result.durationMs / 1000).toFixed(1)} s, seed ${result.seed})`,
  ];
  if (worst !== undefined) lines.push(`  worst: ${gradeInfo(worst).title}. ${gradeInfo(worst).meaning}`);
  for (const transport of result.transports) {
    let run = 0;
    let failed = 0;
    for (const row of Object.values(result.matrix)) {
      run += row[transport]?.run ?? 0;
      failed += row[transport]?.failed ?? 0;
    }
    lines.push(`  ${transport.padEnd(18)} ${String(run).padStart(5)} cases, ${failed === 0 ? "all passed" : `${failed} failed`}`);
  }
  lines.push(`  ${evidenceLine(result)}`);
  if (result.openActor) lines.push(`  ${openActorLine(result)}`);
  for (const skipped of result.skipped) lines.push(`  skipped ${skipped.check}: ${skipped.reason}`);
  if (result.infrastructureProbes > 0) lines.push(`  ${result.infrastructureProbes} probe(s) hit infrastructure failures`);
  if (result.engineDied) lines.push(`  the engine died: ${result.engineDied}`);
  if (result.undecided > 0) lines.push(`  ${result.undecided} probe(s) got no decision (timeout, errored or infrastructure): never counted as passed`);
  if (result.timeoutsRetried) lines.push(`  ${result.timeoutsRetried} probe(s) timed out while the guard decided others and were sent again with twice the bound`);
  if (result.cutOff) lines.push(`  INCOMPLETE, ${cutOffSummary(result.cutOff)}`);
  if (result.screening) lines.push(`  ${screeningLine(result.screening)}`);
  lines.push(...findingsText(findings, failures));
  return lines.join("\n");
}

/** Where the run's decisions came from: the profile, the ledger's entries by kind, the tier's share of the corpus, and how raw routes were observed. */
export function evidenceLine(result: ConformanceResult): string {
  const { evidence, diagnostic, inProcess, tierDecisions = 0 } = result.ledger;
  const raw =
    result.rawRoutes === "wire-alone"
      ? "; raw routes judged from the wire alone (the registry is not hosted in this process, so their handlers could not be seen to run)"
      : result.rawRoutes === "in-process"
        ? "; raw routes accepted only where their handler was seen to run"
        : "";
  const tier = result.tierCorpus?.fallback
    ? `; ${result.tierCorpus.fallback}`
    : tierDecisions > 0
      ? `, ${tierDecisions} corpus decision(s) by the in-process tier (it agreed with every wire probe of the run)`
      : "";
  const screened = inProcess > 0 ? `, ${inProcess} screened in process (never counted)` : "";
  return `${result.profile ?? "thorough"} profile: ${evidence} judged wire probe(s), ${diagnostic} diagnostic${tier}${screened}${raw}`;
}

/** Why this actor got a handful of probes instead of the full check. */
export function openActorLine(result: ConformanceResult): string {
  const why = result.openActor?.unguarded === undefined ? "declared public" : `no origin guard: ${result.openActor.unguarded}`;
  return `${why}; a handful of origins per transport stand for the full check, which adds nothing when the guard compares nothing`;
}
