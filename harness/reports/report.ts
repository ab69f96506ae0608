import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { type WireExpectation, wireExpectationFor } from "../calibration/wire-expectations.js";
import { CATEGORIES } from "../generators/catalog.js";
import { describeTransports, type TransportInfo } from "../transports/index.js";
import type { ConformanceResult, Verdict } from "../conformance/result.js";
import { packageJsonAbove } from "../versions/package-json.js";
import { harnessRivetkit, type RivetkitInstall } from "../versions/rivetkit.js";
import { GRADES, type Grade, type GradeInfo } from "../grading/grade.js";
import { type Finding, type GradedFailure, groupFindings, worstGrade } from "../grading/findings.js";

export const REPORT_SCHEMA_VERSION = 1;

/** Found upwards, so it holds both from the sources and from the build in dist/. */
const TOOL_VERSION = packageJsonAbove(dirname(fileURLToPath(import.meta.url)), "rivet-origin-conformance")?.json.version ?? "unknown";

export interface ReportSubject extends ConformanceResult {
  /** The module the actor came from, as given on the command line (or "reference-actors"). */
  readonly module: string;
  /** Where the actor's onBeforeConnect is defined, relative to the repository root (harness/registry/guard-location.ts). */
  readonly guardLocation?: SourceLocation;
}

export interface SourceLocation {
  /** Relative to the repository root (the git root, else the working directory), with forward slashes. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** True when onBeforeConnect itself was found; false: the registry module's first line. */
  readonly exact: boolean;
}

/** A subject as reported: every failure graded and folded into findings, worst first. */
export interface GradedSubject extends ReportSubject {
  readonly failures: readonly GradedFailure[];
  readonly findings: readonly Finding[];
  readonly worstGrade?: Grade;
}

/** A whole run as data. Reports in every format are rendered from this. */
export interface Report {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  /** The user's rivetkit: resolved from their registry module (CLI), else the copy this harness imports (its peer dependency). */
  readonly rivetkitVersion: string;
  readonly nodeVersion: string;
  /**
   * `version`: what the engine reports on /health ("unknown" when it says none);
   * `engineCli`: the @rivetkit/engine-cli package it came from (absent when RIVET_ENGINE_BINARY chose it).
   */
  readonly engine: { readonly mode: "spawned" | "external"; readonly endpoint: string; readonly version: string; readonly engineCli?: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  /** False when the run was cut short (Ctrl-C, engine death): the verdict is then never "conformant". */
  readonly complete: boolean;
  readonly verdict: Verdict;
  /** The worst grade of any finding in the run (absent when nothing failed). */
  readonly worstGrade?: Grade;
  /** The grades, worst first. */
  readonly grades: readonly GradeInfo[];
  readonly categories: readonly { readonly id: string; readonly title: string; readonly description: string; readonly rationale: string }[];
  /** Described as a rejection looks in the user's rivetkit version (harness/calibration/versions). */
  readonly transports: readonly TransportInfo[];
  /** What the calibration established about the stack, and what follows for guards. */
  readonly platformFindings: readonly string[];
  readonly subjects: readonly GradedSubject[];
  /** Subjects a cut-off run (Ctrl-C, the engine's death) never started; a subject it stopped in has `cutOff`. */
  readonly subjectsNotRun?: readonly string[];
  /** Present when the run checked the bank of known-bad guards. */
  readonly mutationScore?: MutationScore;
  /** Present when a real browser probed the actors (suites/browser): what it sent from each kind of page, and the decisions. */
  readonly browserEvidence?: BrowserEvidence;
}

/** What a real browser sent from each kind of page (harness/browser/page-kinds.ts), and what each actor decided. */
export interface BrowserEvidence {
  /** e.g. "Chromium 156.0.8078.108 (headless, playwright-core)". */
  readonly browser: string;
  readonly pageKinds: readonly { readonly id: string; readonly title: string; readonly description: string; readonly rationale: string }[];
  readonly transports: readonly { readonly id: string; readonly title: string; readonly description: string }[];
  readonly rows: readonly BrowserEvidenceRow[];
}

/** One actor probed from one page kind, over each browser transport. */
export interface BrowserEvidenceRow {
  /** The actor: the recorder ("echo", accepts everything and records the Origin it saw) or a guard id. */
  readonly subject: string;
  readonly role: "recorder" | "guard" | "known-bad";
  /** The policy the oracle judged the subject by; absent for the recorder. */
  readonly policy?: { readonly allow: readonly string[]; readonly match: string; readonly missingOrigin: string; readonly rejectCode: string };
  readonly pageKind: string;
  /** The page's own `self.origin`. */
  readonly pageOrigin: string;
  /** False when the browser itself refused to send the requests (the guard was never asked). */
  readonly reached: boolean;
  /** The Origin header the echo actor recorded from this page (null: no Origin header); null when not reached. */
  readonly originSent: string | null;
  readonly decisions: readonly BrowserDecision[];
}

export interface BrowserDecision {
  readonly transport: string;
  /** The oracle's decision for the Origin sent; "not-sent" when the browser blocks the request. */
  readonly expected: "accept" | "reject" | "not-sent";
  /** The outcome kind positively observed in the page: accepted, rejected, errored, timeout, ... */
  readonly observed: string;
  /** The outcome in words (group and code of a rejection, why a probe errored). */
  readonly detail: string;
  readonly agrees: boolean;
}

export interface MutationScore {
  readonly killed: number;
  readonly total: number;
  /** Correct reference guards reported as failing; measured by a separate run over the correct references. */
  readonly falsePositives?: number;
  readonly guards: readonly { readonly id: string; readonly bugClass: string; readonly killed: boolean; readonly caughtBy?: string }[];
}

/** The findings, stated as `wire` (the user's rivetkit version's expectation file) says they hold. */
export function platformFindings(wire: WireExpectation): readonly string[] {
  return [
    "The gateway reflects any Origin in access-control-allow-origin with access-control-allow-credentials: true, on preflights and on every response, rejected ones included: browser CORS does not protect this actor; the guard is the only check.",
    `A rejected WebSocket /connect still upgrades with ${wire.websocketRejectUpgradeStatus}; the decision is the first frame (Init or Error) and the ${wire.websocketRejectCloseCode} close that follows.`,
    "The guard sees the Origin after the stack rewrote it: leading/trailing spaces and tabs are trimmed; with several Origin lines only the last one counts; a line with any byte >= 0x80 is dropped (no such line at all looks like a missing Origin); control bytes make the engine answer 400 before the guard runs.",
    `An HTTP rejection by a UserError is status ${wire.userErrorHttpStatus} (not 403) with the error's group and code; a guard that throws a plain Error surfaces as ${wire.plainErrorCode}.`,
    "OPTIONS preflights are answered by the gateway and never reach the guard; inspector actions call it with c.request undefined, so a guard that rejects a missing Origin also blocks the inspector.",
  ];
}

/** "2.3.17 (spawned, @rivetkit/engine-cli 2.3.18)": the engine in the reports' header lines. */
export function describeEngine(engine: Report["engine"]): string {
  return `${engine.version} (${engine.mode}${engine.engineCli ? `, @rivetkit/engine-cli ${engine.engineCli}` : ""})`;
}

export function overallVerdict(subjects: readonly ConformanceResult[], complete: boolean): Verdict {
  if (!complete || subjects.some((subject) => subject.verdict === "infrastructure-failure")) return "infrastructure-failure";
  return subjects.some((subject) => subject.verdict === "not-conformant") ? "not-conformant" : "conformant";
}

export function buildReport(input: {
  engine: { mode: "spawned" | "external"; endpoint: string; version?: string; engineCli?: string };
  /** The user's rivetkit (the CLI resolves it from their module); the harness's own copy when absent. */
  rivetkit?: RivetkitInstall;
  startedAt: Date;
  subjects: readonly ReportSubject[];
  complete: boolean;
  mutationScore?: MutationScore;
  subjectsNotRun?: readonly string[];
}): Report {
  const rivetkitVersion = (input.rivetkit ?? harnessRivetkit())?.version ?? "unknown";
  const wire = wireExpectationFor(rivetkitVersion);
  const subjects = input.subjects.map(gradeSubject);
  const worst = worstGrade(subjects.flatMap((subject) => subject.findings));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "rivet-origin-conformance", version: TOOL_VERSION },
    rivetkitVersion,
    nodeVersion: process.version,
    engine: {
      mode: input.engine.mode,
      endpoint: input.engine.endpoint,
      version: input.engine.version ?? "unknown",
      ...(input.engine.engineCli ? { engineCli: input.engine.engineCli } : {}),
    },
    startedAt: input.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    complete: input.complete,
    verdict: overallVerdict(input.subjects, input.complete),
    ...(worst === undefined ? {} : { worstGrade: worst }),
    grades: GRADES,
    categories: CATEGORIES.map(({ id, title, description, rationale }) => ({ id, title, description, rationale })),
    transports: describeTransports(wire),
    platformFindings: platformFindings(wire),
    subjects,
    ...(input.subjectsNotRun?.length ? { subjectsNotRun: input.subjectsNotRun } : {}),
    ...(input.mutationScore ? { mutationScore: input.mutationScore } : {}),
  };
}

export function gradeSubject(subject: ReportSubject): GradedSubject {
  const { failures, findings } = groupFindings(subject.failures, subject.policy, subject.openActor?.unguarded);
  const worst = worstGrade(findings);
  return { ...subject, failures, findings, ...(worst === undefined ? {} : { worstGrade: worst }) };
}
