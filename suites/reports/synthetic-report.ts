/** A report built from hand-made failures, for the renderers' unit tests (no engine). */
import type { ConformanceResult, Failure } from "../../harness/conformance/result.js";
import { originLine, type OriginHeader } from "../../harness/origin/header.js";
import { DOCS_POLICY } from "../../harness/policy/policy.js";
import type { Outcome } from "../../harness/probes/outcome.js";
import type { TransportId } from "../../harness/transports/index.js";
import { buildReport, type Report, type SourceLocation } from "../../harness/reports/report.js";

export const ACCEPTED: Outcome = { kind: "accepted", evidence: "200 {\"output\":1}" };
export const REJECTED: Outcome = { kind: "rejected", group: "user", code: "origin_not_allowed", status: 500, evidence: "500" };

export function failure(category: string, transport: TransportId, header: OriginHeader, options: { seed?: number; screening?: boolean; expected?: "accept" | "reject"; outcome?: Outcome } = {}): Failure {
  const random = options.seed !== undefined;
  return {
    property: "oracle",
    category,
    transport,
    phase: options.screening ? "screening" : random ? "random" : "corpus",
    undecided: false,
    entry: 0,
    header,
    expected: options.expected ?? "reject",
    outcome: options.outcome ?? ACCEPTED,
    problem: (options.expected ?? "reject") === "reject" ? "accepted an origin the policy rejects" : "rejected an allowed origin (user.origin_not_allowed)",
    request: `POST /gateway/a/action/x`,
    response: "HTTP 200",
    transcript: {
      sent: `POST /gateway/a/action/x HTTP/1.1\r\nHost: 127.0.0.1:1\r\n${header.lines.map((line) => `Origin: ${line}\r\n`).join("")}\r\n{"args":[]}`,
      received: "HTTP 200\n\n{\"output\":1}",
    },
    ...(random ? { seed: options.seed, path: "0:1", shrunk: true } : { caseId: `case-${transport}` }),
    ...(options.screening ? { foundBy: "screening" as const } : {}),
    replay: `pnpm conformance check registry.ts --actor chat --transport ${transport} --seed ${options.seed ?? 1}${random ? " --path 0:1" : ""}`,
  };
}

/** The prefix-matching guard's six-times-printed userinfo failure, a browser-reachable look-alike, a wrong reject, and 12 more origins. */
export function syntheticFailures(seed = 7): Failure[] {
  const userinfo = originLine("https://myapp.com@evil.com");
  const transports: TransportId[] = ["http-action", "http-queue", "websocket-connect"];
  return [
    ...transports.map((transport) => failure("userinfo", transport, userinfo)),
    ...transports.map((transport) => failure("userinfo", transport, userinfo, { seed, screening: true })),
    failure("lookalike-domains", "websocket-connect", originLine("https://myapp.com.evil.net")),
    failure("lookalike-domains", "http-action", originLine("https://myapp.com.evil.net"), { seed }),
    failure("exact-allowed", "http-action", originLine("https://www.myapp.com"), { expected: "accept", outcome: REJECTED }),
    ...Array.from({ length: 12 }, (_, index) => failure("path-suffixes", "http-action", originLine(`https://myapp.com/${"p".repeat(index + 1)}`), { seed: seed + index })),
  ];
}

export function syntheticResult(failures: readonly Failure[], seed = 7): ConformanceResult {
  return {
    actor: "chat",
    policy: DOCS_POLICY,
    transports: ["http-action", "http-queue", "websocket-connect"],
    seed,
    runs: 10,
    verdict: failures.length > 0 ? "not-conformant" : "conformant",
    matrix: { userinfo: { "http-action": { run: 2, passed: 0, failed: 2 } } },
    failures,
    skipped: [],
    undecided: 0,
    infrastructureProbes: 0,
    probes: 100,
    ledger: { evidence: 100, diagnostic: 0, inProcess: 0 },
    startedAt: new Date(0).toISOString(),
    durationMs: 1000,
  };
}

export const GUARD_LOCATION: SourceLocation = { file: "src/chat.ts", line: 12, exact: true };

export function syntheticReport(seed = 7, failures = syntheticFailures(seed)): Report {
  return buildReport({
    engine: { mode: "spawned", endpoint: "http://127.0.0.1:1" },
    startedAt: new Date(0),
    subjects: [{ ...syntheticResult(failures, seed), module: "src/registry.ts", guardLocation: GUARD_LOCATION }],
    complete: true,
  });
}
