/**
 * The grader's truth table: hand-written grades for named values, and at least
 * one value from every generator category. The grades come from the Fetch
 * standard's account of what a browser sends (one Origin line, a serialized
 * origin in canonical form or `null`; no Origin on navigations and
 * `<img>`/`<script>` GETs, always one on WebSocket handshakes and cross-origin
 * POSTs), not from the grader's code.
 */
import { describe, expect, test } from "vitest";
import { CATEGORIES } from "../../harness/generators/catalog.js";
import { grade, GRADES, type Grade } from "../../harness/grading/grade.js";
import { ABSENT, originLine, originLines, type OriginHeader } from "../../harness/origin/header.js";
import type { Outcome } from "../../harness/probes/outcome.js";
import type { TransportId } from "../../harness/transports/index.js";

const ACCEPTED: Outcome = { kind: "accepted", evidence: "200" };
const REJECTED: Outcome = { kind: "rejected", group: "user", code: "origin_not_allowed", status: 500, evidence: "500" };
const WRONG_CODE: Outcome = { kind: "rejected", group: "rivetkit", code: "internal_error", status: 500, evidence: "500" };

type Row = [category: string, description: string, header: OriginHeader, transport: TransportId, grade: Grade];

/** A wrongly accepted origin (the policy rejects it): browser-reachable or not. */
const wrongAccepts: Row[] = [
  ["lookalike-domains", "https://myapp.com.evil.net", originLine("https://myapp.com.evil.net"), "http-action", "browser-reachable-accept"],
  ["lookalike-domains", "https://evilmyapp.com", originLine("https://evilmyapp.com"), "websocket-connect", "browser-reachable-accept"],
  ["case-variants", "https://MYAPP.COM", originLine("https://MYAPP.COM"), "websocket-connect", "non-browser-accept"],
  ["case-variants", "HTTPS://myapp.com", originLine("HTTPS://myapp.com"), "http-action", "non-browser-accept"],
  ["path-suffixes", "https://myapp.com/ (trailing slash)", originLine("https://myapp.com/"), "http-action", "non-browser-accept"],
  ["path-suffixes", "https://myapp.com/evil", originLine("https://myapp.com/evil"), "raw-websocket", "non-browser-accept"],
  ["null-origin", "null", originLine("null"), "websocket-connect", "browser-reachable-accept"],
  ["null-origin", "NULL (null is case-sensitive)", originLine("NULL"), "websocket-connect", "non-browser-accept"],
  ["missing-and-empty", "no Origin on websocket-connect", ABSENT, "websocket-connect", "non-browser-accept"],
  ["missing-and-empty", "no Origin on raw-websocket", ABSENT, "raw-websocket", "non-browser-accept"],
  ["missing-and-empty", "no Origin on http-action (a POST)", ABSENT, "http-action", "non-browser-accept"],
  ["missing-and-empty", "no Origin on http-queue (a POST)", ABSENT, "http-queue", "non-browser-accept"],
  ["missing-and-empty", "no Origin on a raw-request GET", ABSENT, "raw-request", "browser-reachable-accept"],
  ["missing-and-empty", "empty Origin", originLine(""), "raw-request", "non-browser-accept"],
  ["homographs", "Cyrillic a in the host", originLine("https://my\u0430pp.com"), "http-action", "non-browser-accept"],
  ["homographs", "the same host as punycode", originLine("https://xn--mypp-63d.com"), "http-action", "browser-reachable-accept"],
  ["scheme-swaps", "http://myapp.com (downgrade)", originLine("http://myapp.com"), "websocket-connect", "browser-reachable-accept"],
  ["scheme-swaps", "ws://myapp.com (no page has a ws origin)", originLine("ws://myapp.com"), "websocket-connect", "non-browser-accept"],
  ["scheme-swaps", "https:/myapp.com", originLine("https:/myapp.com"), "http-action", "non-browser-accept"],
  ["ports", "https://myapp.com:443 (default port written)", originLine("https://myapp.com:443"), "http-action", "non-browser-accept"],
  ["ports", "https://myapp.com:0 (browsers refuse port 0)", originLine("https://myapp.com:0"), "http-action", "non-browser-accept"],
  ["ports", "https://myapp.com:6667 (a Fetch bad port: no page is loaded from it)", originLine("https://myapp.com:6667"), "http-action", "non-browser-accept"],
  ["special-characters", "https://myapp.com- (no top-level domain ends in a hyphen)", originLine("https://myapp.com-"), "http-action", "non-browser-accept"],
  ["lookalike-domains", "https://myapp.comm (another top-level name)", originLine("https://myapp.comm"), "http-action", "browser-reachable-accept"],
  ["ports", "https://myapp.com:8443", originLine("https://myapp.com:8443"), "http-action", "browser-reachable-accept"],
  ["userinfo", "https://myapp.com@evil.com", originLine("https://myapp.com@evil.com"), "websocket-connect", "non-browser-accept"],
  ["comma-and-space-lists", "two origins in one value", originLine("https://myapp.com, https://evil.com"), "http-action", "non-browser-accept"],
  ["duplicate-origin-lines", "two Origin lines", originLines("https://evil.com", "https://myapp.com"), "http-action", "non-browser-accept"],
  ["duplicate-origin-lines", "a lowercase header name", { lines: ["https://evil.com"], name: "origin" }, "http-action", "non-browser-accept"],
  ["whitespace", "leading space", originLine(" https://evil.com"), "http-action", "non-browser-accept"],
  ["whitespace", "inner tab", originLine("https://my\tapp.com"), "http-action", "non-browser-accept"],
  ["special-characters", "https://myapp.com_.evil.com", originLine("https://myapp.com_.evil.com"), "websocket-connect", "browser-reachable-accept"],
  ["special-characters", "https://myapp.com!.evil.com (some browsers allow ! in a label)", originLine("https://myapp.com!.evil.com"), "websocket-connect", "browser-reachable-accept"],
  ["special-characters", "https://myapp.com_ (no top-level domain ends in _)", originLine("https://myapp.com_"), "websocket-connect", "non-browser-accept"],
  ["special-characters", "https://myapp.com` (no top-level domain ends in a backtick)", originLine("https://myapp.com`"), "http-action", "non-browser-accept"],
  ["lookalike-domains", "https://myapp.com. (trailing dot: another origin a browser can be on)", originLine("https://myapp.com."), "websocket-connect", "browser-reachable-accept"],
  ["special-characters", "https://myapp.com%60.evil.com", originLine("https://myapp.com%60.evil.com"), "websocket-connect", "non-browser-accept"],
  ["special-characters", "https://my%61pp.com (percent-encoded)", originLine("https://my%61pp.com"), "http-action", "non-browser-accept"],
  ["special-characters", "https://myapp.com.$.evil.com (Firefox and Safari allow $ as a label)", originLine("https://myapp.com.$.evil.com"), "websocket-connect", "browser-reachable-accept"],
  ["special-characters", "https://myapp.com%0b.evil.com (percent-encoded VT)", originLine("https://myapp.com%0b.evil.com"), "http-action", "non-browser-accept"],
  ["percent-encoding", "https://myapp%2ecom (an encoded dot)", originLine("https://myapp%2ecom"), "http-action", "non-browser-accept"],
  ["percent-encoding", "https%3A//myapp.com (an encoded scheme colon)", originLine("https%3A//myapp.com"), "websocket-connect", "non-browser-accept"],
  ["glued-attacker-domains", "https://myapp.comevil.com (a registrable name)", originLine("https://myapp.comevil.com"), "websocket-connect", "browser-reachable-accept"],
  ["glued-attacker-domains", "https://myapp.com-evil.com", originLine("https://myapp.com-evil.com"), "http-action", "browser-reachable-accept"],
  ["downgraded-lookalikes", "http://evil.myapp.com (a plain-http subdomain)", originLine("http://evil.myapp.com"), "websocket-connect", "browser-reachable-accept"],
  ["downgraded-lookalikes", "http://myapp.com.evil.com", originLine("http://myapp.com.evil.com"), "http-action", "browser-reachable-accept"],
  ["attacker-origins", "https://evil.com", originLine("https://evil.com"), "websocket-connect", "browser-reachable-accept"],
  ["attacker-origins", "http://whatever.s3.amazonaws.com (a third party)", originLine("http://whatever.s3.amazonaws.com"), "http-action", "browser-reachable-accept"],
  ["localhost-ip-forms", "http://localhost.evil.com", originLine("http://localhost.evil.com"), "websocket-connect", "browser-reachable-accept"],
  ["localhost-ip-forms", "http://127.0.0.1:3000", originLine("http://127.0.0.1:3000"), "websocket-connect", "browser-reachable-accept"],
  ["localhost-ip-forms", "http://[::1]:3000", originLine("http://[::1]:3000"), "websocket-connect", "browser-reachable-accept"],
  ["localhost-ip-forms", "http://0x7f.1:3000 (a browser writes 127.0.0.1)", originLine("http://0x7f.1:3000"), "websocket-connect", "non-browser-accept"],
  ["localhost-ip-forms", "http://2130706433:3000", originLine("http://2130706433:3000"), "websocket-connect", "non-browser-accept"],
  ["very-long-values", "a 64-octet label", originLine(`https://${"a".repeat(64)}.evil.com`), "http-action", "non-browser-accept"],
  ["very-long-values", "a long path", originLine(`https://myapp.com/${"a".repeat(10_000)}`), "http-action", "non-browser-accept"],
  ["very-long-values", "a 63-octet label", originLine(`https://${"a".repeat(63)}.evil.com`), "http-action", "browser-reachable-accept"],
  ["non-ascii-and-control-bytes", "é after the host", originLine("https://myapp.com\u00e9"), "http-action", "non-browser-accept"],
  ["non-ascii-and-control-bytes", "DEL after the host", originLine("https://myapp.com\u007f"), "http-action", "non-browser-accept"],
  ["random-strings", "a]b", originLine("a]b"), "http-action", "non-browser-accept"],
  ["random-binary-strings", "\\u0001x", originLine("\u0001x"), "http-action", "non-browser-accept"],
];

describe("a wrong accept is browser-reachable only when a browser can send exactly that Origin", () => {
  test.each(wrongAccepts)("%s: %s", (_category, _description, header, transport, expectedGrade) => {
    expect(grade({ transport, header, expected: "reject", outcome: ACCEPTED })).toBe(expectedGrade);
  });
});

describe("the other grades", () => {
  test("an allowed origin refused is a wrong reject, on every transport", () => {
    for (const transport of ["http-action", "websocket-connect", "raw-request"] as const) {
      expect(grade({ transport, header: originLine("https://myapp.com"), expected: "accept", outcome: REJECTED })).toBe("wrong-reject");
      expect(grade({ transport, header: originLine("https://myapp.com"), expected: "accept", outcome: { kind: "transport-rejected", status: 400, evidence: "400" } })).toBe("wrong-reject");
    }
  });
  test("a refusal with another code is a wrong rejection code, whatever the origin", () => {
    expect(grade({ transport: "http-action", header: originLine("https://evil.com"), expected: "reject", outcome: WRONG_CODE })).toBe("wrong-rejection-code");
    expect(grade({ transport: "raw-request", header: ABSENT, expected: "reject", outcome: WRONG_CODE })).toBe("wrong-rejection-code");
  });
  test("no decision (timeout, errored, infrastructure) is never graded as an accept or a reject", () => {
    const outcomes: Outcome[] = [
      { kind: "timeout", afterMs: 7000, stage: "waiting" },
      { kind: "errored", detail: "x" },
      { kind: "infrastructure", detail: "ECONNRESET" },
    ];
    for (const outcome of outcomes) {
      expect(grade({ transport: "http-action", header: originLine("https://evil.com"), expected: "reject", outcome })).toBe("no-decision");
      expect(grade({ transport: "http-action", header: originLine("https://myapp.com"), expected: "accept", outcome })).toBe("no-decision");
    }
  });
  test("the grades are listed worst first, browser-reachable accepts leading", () => {
    expect(GRADES.map((info) => info.id)).toEqual(["browser-reachable-accept", "non-browser-accept", "wrong-reject", "no-decision", "wrong-rejection-code"]);
  });
});

test("every generator category has at least one value in the table", () => {
  const covered = new Set(wrongAccepts.map(([category]) => category));
  const uncovered = CATEGORIES.map((category) => category.id).filter((id) => !covered.has(id) && id !== "exact-allowed");
  expect(uncovered).toEqual([]);
  // exact-allowed holds the allowed origins, whose only failure is a wrong reject (above).
  expect(CATEGORIES.some((category) => category.id === "exact-allowed")).toBe(true);
  for (const category of covered) expect(CATEGORIES.map((entry) => entry.id)).toContain(category);
});
