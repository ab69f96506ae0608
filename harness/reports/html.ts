import { describeEngine, type Report } from "./report.js";
import { escapeHtml, shownOrigin, truncate } from "./escape.js";
import { formatOutcome } from "../probes/outcome.js";
import { evidenceLine } from "./text-summary.js";
import { orderForReading } from "../conformance/format-failure.js";
import { browserEvidenceHtml } from "./browser-section.js";
import { cutOffHtml, notRunHtml } from "./cut-off-section.js";
import { screeningHtml } from "./screening-section.js";
import { findingsHtml, GRADE_STYLE, transcriptText } from "./findings-section.js";
import { gradeInfo } from "../grading/grade.js";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.pass{background:#dafbe1}td.fail{background:#ffebe9;font-weight:600}td.none{background:#f6f8fa;color:#8c959f}
.verdict-conformant{color:#1a7f37}.verdict-not-conformant{color:#cf222e}.verdict-infrastructure-failure{color:#9a6700}
code,pre{font-family:ui-monospace,monospace;font-size:12px;background:#f6f8fa;padding:.1rem .3rem;white-space:pre-wrap;word-break:break-all}
details{margin:.3rem 0}.muted{color:#57606a}${GRADE_STYLE}`;

/** One self-contained file (no scripts, no external resources) that opens offline. */
export function renderHtml(report: Report): string {
  const e = escapeHtml;
  const parts: string[] = [];
  parts.push(`<h1>Origin conformance: <span class="verdict-${e(report.verdict)}">${e(report.verdict)}</span>${report.complete ? "" : " (incomplete run)"}</h1>`);
  if (report.worstGrade !== undefined) {
    const worst = gradeInfo(report.worstGrade);
    parts.push(`<p class="worst">Worst problem: <span class="grade grade-${e(worst.id)}">${e(worst.title)}</span> ${e(worst.meaning)}</p>`);
  }
  parts.push(
    `<p class="muted">rivet-origin-conformance ${e(report.tool.version)} · rivetkit ${e(report.rivetkitVersion)} · Node ${e(report.nodeVersion)} · engine ${e(describeEngine(report.engine))} ${e(report.engine.endpoint)} · ${e(report.startedAt)} → ${e(report.finishedAt)}</p>`,
  );
  for (const subject of report.subjects) {
    parts.push(`<h2>${e(subject.actor)}: <span class="verdict-${e(subject.verdict)}">${e(subject.verdict)}</span></h2>`);
    parts.push(`<p class="muted">policy: <code>${e(JSON.stringify(subject.policy))}</code> · seed ${subject.seed} · ${subject.runs} random cases per transport · ${subject.probes} probes · ${(subject.durationMs / 1000).toFixed(1)} s<br>${e(evidenceLine(subject))}</p>`);
    const header = subject.transports.map((transport) => `<th>${e(transport)}</th>`).join("");
    const order = report.categories.map((category) => category.id);
    const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
    const rows = Object.keys(subject.matrix).sort((a, b) => rank(a) - rank(b)).map((category) => {
      const info = report.categories.find((entry) => entry.id === category);
      const cells = subject.transports.map((transport) => {
        const cell = subject.matrix[category]?.[transport];
        if (cell === undefined) return `<td class="none">–</td>`;
        return `<td class="${cell.failed > 0 ? "fail" : "pass"}">${cell.failed > 0 ? `${cell.failed} failed / ${cell.run}` : `${cell.run} passed`}</td>`;
      });
      return `<tr><th title="${e(info?.description ?? category)}">${e(info?.title ?? category)} <span class="muted">(${e(category)})</span></th>${cells.join("")}</tr>`;
    });
    parts.push(`<table><tr><th>category × transport</th>${header}</tr>${rows.join("")}</table>`);
    for (const skipped of subject.skipped) parts.push(`<p class="muted">skipped ${e(skipped.check)}: ${e(skipped.reason)}</p>`);
    if (subject.cutOff) parts.push(cutOffHtml(subject.cutOff));
    if (subject.screening) parts.push(screeningHtml(subject.screening));
    parts.push(findingsHtml(subject));
    if (subject.failures.length > 0) {
      parts.push(`<h3>Failures (${subject.failures.length})</h3>`);
      for (const failure of orderForReading(subject.failures).slice(0, 50)) {
        parts.push(
          `<details><summary><span class="grade grade-${e(failure.grade)}">${e(gradeInfo(failure.grade).title)}</span> <b>${e(failure.category)}</b> over ${e(failure.transport)}: <code>${e(shownOrigin(failure.header))}</code> ${e(failure.problem)}</summary>` +
            `<table><tr><th>expected</th><td>${e(failure.expected)}</td></tr><tr><th>observed</th><td>${e(truncate(formatOutcome(failure.outcome), 400))}</td></tr>` +
            `<tr><th>sent</th><td><code>${e(truncate(failure.request, 400))}</code></td></tr><tr><th>got</th><td><code>${e(truncate(failure.response, 400))}</code></td></tr>` +
            `${failure.seed !== undefined ? `<tr><th>seed, path</th><td>${failure.seed}, <code>${e(failure.path ?? "")}</code>${failure.shrunk ? " (shrunk)" : ""}</td></tr>` : ""}` +
            `<tr><th>replay</th><td><code>${e(failure.replay)}</code></td></tr>` +
            `${failure.transcript ? `<tr><th>transcript</th><td><pre class="transcript">${e(transcriptText(failure.transcript))}</pre></td></tr>` : ""}</table></details>`,
        );
      }
    }
  }
  if (report.subjectsNotRun?.length) parts.push(notRunHtml(report));
  if (report.mutationScore) {
    const score = report.mutationScore;
    parts.push(`<h2>Mutation score: ${score.killed}/${score.total} known-bad guards caught${score.falsePositives === undefined ? "" : `; ${score.falsePositives} false positive(s)`}</h2>`);
    parts.push(`<table><tr><th>known-bad guard</th><th>bug class</th><th>caught by</th></tr>${score.guards.map((guard) => `<tr><td>${e(guard.id)}</td><td>${e(guard.bugClass)}</td><td class="${guard.killed ? "pass" : "fail"}">${e(guard.caughtBy ?? "survived")}</td></tr>`).join("")}</table>`);
  }
  if (report.browserEvidence) parts.push(browserEvidenceHtml(report.browserEvidence));
  parts.push(`<h2>Platform findings</h2><ul>${report.platformFindings.map((finding) => `<li>${e(finding)}</li>`).join("")}</ul>`);
  parts.push(`<h2>Categories</h2><table>${report.categories.map((category) => `<tr><th>${e(category.id)}</th><td>${e(category.description)}<br><span class="muted">${e(category.rationale)}</span></td></tr>`).join("")}</table>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Origin conformance: ${e(report.verdict)}</title><style>${STYLE}</style></head><body>${parts.join("\n")}</body></html>\n`;
}
