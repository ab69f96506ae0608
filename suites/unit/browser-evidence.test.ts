/**
 * The browser evidence without a browser: how a page's observations become
 * decisions (only positive evidence counts), how a decision is judged against
 * the oracle, and how the report section renders hostile values.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { classifyClient, type PageClientResult, type PageClientSocket } from "../../harness/browser/browser-probe.js";
import { browserReport, browserVerdict, judge } from "../../harness/browser/evidence.js";
import { PAGE_KINDS } from "../../harness/browser/page-kinds.js";
import { parsePolicy } from "../../harness/policy/policy.js";
import { readReport } from "../../harness/reports/diff.js";
import type { BrowserEvidence } from "../../harness/reports/report.js";
import { RENDERERS } from "../../harness/reports/renderers.js";
import { renderHtml } from "../../harness/reports/html.js";
import { renderMarkdown } from "../../harness/reports/markdown.js";

const INIT = '{"body":{"tag":"Init","val":{"actorId":"a","connectionId":"c"}}}';
const ERROR = '{"body":{"tag":"Error","val":{"group":"user","code":"origin_not_allowed","message":"Origin not allowed"}}}';
const socket = (opened: boolean, frames: string[], close?: { code: number; reason: string }): PageClientSocket => ({
  url: "ws://127.0.0.1:1/gateway/a/connect",
  opened,
  messages: frames.map((text) => ({ text, binary: false })),
  close: close ? { ...close, wasClean: true } : null,
});
const result = (answer: Record<string, unknown>, sockets: PageClientSocket[]) => ({ ...answer, sockets, elapsedMs: 1 }) as PageClientResult;

describe("rivetkit client outcome: the callback and the socket's first frame must agree", () => {
  test("onOpen after an Init frame is accepted", () => {
    const sockets = [socket(true, [INIT])];
    expect(classifyClient(result({ kind: "open", status: "connected" }, sockets), sockets[0], 1_000).kind).toBe("accepted");
  });

  test("onError after an Error frame of the same group and code is rejected, with that code", () => {
    const sockets = [socket(true, [ERROR], { code: 1011, reason: "user.origin_not_allowed" })];
    const outcome = classifyClient(result({ kind: "error", group: "user", code: "origin_not_allowed", message: "m" }, sockets), sockets[0], 1_000);
    expect(outcome).toMatchObject({ kind: "rejected", group: "user", code: "origin_not_allowed", closeCode: 1011 });
  });

  test("a socket the browser never opened is errored, although the client reports a RivetError", () => {
    const sockets = [socket(false, [], { code: 1006, reason: "" })];
    const outcome = classifyClient(result({ kind: "error", group: "client", code: "connection_open_failed", message: "m" }, sockets), sockets[0], 1_000);
    expect(outcome.kind).toBe("errored");
  });

  test("a callback that contradicts the frames is errored, never a decision", () => {
    const accepted = [socket(true, [INIT])];
    expect(classifyClient(result({ kind: "error", group: "user", code: "origin_not_allowed", message: "m" }, accepted), accepted[0], 1_000).kind).toBe("errored");
    const rejected = [socket(true, [ERROR])];
    expect(classifyClient(result({ kind: "open", status: "connected" }, rejected), rejected[0], 1_000).kind).toBe("errored");
  });

  test("no callback in time is a timeout", () => {
    expect(classifyClient(result({ kind: "timeout", status: "connecting" }, []), undefined, 1_000)).toMatchObject({ kind: "timeout", afterMs: 1_000 });
  });
});

describe("judging a browser decision against the oracle", () => {
  const policy = parsePolicy({ allow: ["http://localhost:4000"] });
  const sends = (origin: string) => ({ kind: "sends-origin", origin }) as const;
  const rejected = (code: string) => ({ kind: "rejected", group: "user", code, evidence: "e" }) as const;

  test("the allowed origin must be accepted; 127.0.0.1 and null must be rejected with the policy's code", () => {
    expect(judge({ transport: "http-action", role: "guard", policy, expectation: sends("http://localhost:4000"), originSent: "http://localhost:4000", outcome: { kind: "accepted", evidence: "e" } })).toMatchObject({ expected: "accept", agrees: true });
    expect(judge({ transport: "http-action", role: "guard", policy, expectation: sends("http://127.0.0.1:4000"), originSent: "http://127.0.0.1:4000", outcome: rejected("origin_not_allowed") })).toMatchObject({ expected: "reject", agrees: true });
    expect(judge({ transport: "websocket-connect", role: "guard", policy, expectation: sends("null"), originSent: "null", outcome: { kind: "accepted", evidence: "e" } })).toMatchObject({ expected: "reject", agrees: false });
    expect(judge({ transport: "websocket-connect", role: "guard", policy, expectation: sends("null"), originSent: "null", outcome: rejected("other_code") }).agrees).toBe(false);
  });

  test("an errored probe never agrees with a reject", () => {
    expect(judge({ transport: "http-action", role: "guard", policy, expectation: sends("null"), originSent: "null", outcome: { kind: "errored", detail: "fetch failed" } }).agrees).toBe(false);
  });

  test("a page the browser blocks expects nothing sent", () => {
    const blocked = PAGE_KINDS.find((kind) => kind.id === "data-url-top-level")!.expect({ a: 1, b: 2 });
    expect(judge({ transport: "http-action", role: "guard", policy, expectation: blocked, originSent: null, outcome: { kind: "errored", detail: "x" } })).toMatchObject({ expected: "not-sent", agrees: true });
    expect(judge({ transport: "http-action", role: "guard", policy, expectation: blocked, originSent: null, outcome: { kind: "accepted", evidence: "e" } }).agrees).toBe(false);
  });
});

describe("the browser evidence section of the report", () => {
  const hostile = `http://evil.com/<script>alert(1)</script>|\`x\``;
  const evidence: BrowserEvidence = {
    browser: "Chromium <test>",
    pageKinds: PAGE_KINDS.map(({ id, title, description, rationale }) => ({ id, title, description, rationale })),
    transports: [{ id: "websocket-connect", title: "ws", description: "d" }],
    rows: [
      {
        subject: "seed-allowlist",
        role: "guard",
        policy: { allow: ["http://localhost:4000"], match: "exact", missingOrigin: "reject", rejectCode: "origin_not_allowed" },
        pageKind: "other-port",
        pageOrigin: hostile,
        reached: true,
        originSent: hostile,
        decisions: [{ transport: "websocket-connect", expected: "reject", observed: "accepted", detail: "accepted (<b>)", agrees: false }],
      },
      {
        subject: "null-origin-trusted",
        role: "known-bad",
        policy: { allow: ["http://localhost:3000"], match: "exact", missingOrigin: "reject", rejectCode: "origin_not_allowed" },
        pageKind: "sandboxed-iframe",
        pageOrigin: "null",
        reached: true,
        originSent: "null",
        decisions: [{ transport: "websocket-connect", expected: "reject", observed: "accepted", detail: "accepted", agrees: false }],
      },
    ],
  };

  const report = browserReport({ engine: { mode: "external", endpoint: "http://127.0.0.1:1" }, startedAt: new Date(0), evidence });
  const markdownLines = () => renderMarkdown(report).split("\n");

  test("HTML escapes every value", () => {
    const html = renderHtml(report);
    expect(html).toContain('id="browser-evidence"');
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&#60;script&#62;");
  });

  test("Markdown keeps every row on one table line", () => {
    const lines = markdownLines();
    const row = lines.find((line) => line.startsWith("| other"))!;
    // "| page | page's origin | Origin sent | one transport |": 4 cells, so 6 parts around the unescaped pipes.
    expect(row.split(/(?<!\\)\|/).length).toBe(6);
    expect(lines.join("\n")).toContain("✗ accepted (expected reject)");
  });

  test("a guard that disagrees makes the verdict not-conformant; a caught known-bad guard does not", () => {
    expect(browserVerdict(evidence)).toBe("not-conformant");
    expect(browserVerdict({ ...evidence, rows: evidence.rows.filter((row) => row.role === "known-bad") })).toBe("conformant");
    expect(markdownLines().join("\n")).toContain("caught from the browser");
  });

  test("report.json with browser evidence passes the report schema that `conformance diff` validates", () => {
    const report = browserReport({ engine: { mode: "external", endpoint: "http://127.0.0.1:1" }, startedAt: new Date(), evidence });
    const directory = mkdtempSync(join(tmpdir(), "browser-evidence-unit-"));
    try {
      writeFileSync(join(directory, "report.json"), RENDERERS["report.json"]!(report));
      expect(readReport(join(directory, "report.json")).verdict).toBe("not-conformant");
      for (const render of Object.values(RENDERERS)) expect(() => render(report)).not.toThrow();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
