/**
 * Real-browser evidence (issue 8). Everything else in this project forges
 * Origin headers; here a headless Chromium loads real pages from real, distinct
 * loopback origins (harness/browser/page-kinds.ts) and, from each, opens the
 * actor's /connect WebSocket, fetch-POSTs an action, and connect()s with the
 * official rivetkit browser client. The echo actor records the exact Origin
 * the browser sent; the seed guard's decision for it must equal the oracle's;
 * known-bad guards from the reference bank must be caught from the browser.
 * Writes reports/latest/browser/ (report.json, .md, .html, junit.xml) with a
 * "Browser evidence" section, and a screenshot of report.html (report.png).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AnyActorDefinition } from "rivetkit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BROWSER_TRANSPORTS, type BrowserTransportId, pageIdentity, probeFromPage } from "../../harness/browser/browser-probe.js";
import { browserReport, judge, type SubjectRole, writeBrowserReport } from "../../harness/browser/evidence.js";
import { blockedByBrowser, PAGE_KINDS, type PageKind, type PageKindId, type PagePorts } from "../../harness/browser/page-kinds.js";
import { type OpenedPage, openPage } from "../../harness/browser/pages.js";
import { browserGate, useBrowserHarness } from "../../harness/browser/vitest.js";
import { parsePolicy, type Policy } from "../../harness/policy/policy.js";
import { PROBE_ACTION } from "../../harness/probes/classify.js";
import type { BrowserDecision, BrowserEvidenceRow } from "../../harness/reports/report.js";
import { readReport } from "../../harness/reports/diff.js";
import { sharedEngine } from "../../harness/vitest/shared-engine.js";
import { seedAllowlistFor } from "../../reference-actors/correct/seed-allowlist.js";
import { localhostAnyPort } from "../../reference-actors/known-bad/localhost-any-port.js";
import { nullOriginTrusted } from "../../reference-actors/known-bad/null-origin-trusted.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";
import { echo, observations } from "../../reference-actors/support/echo.js";

const REPORT_DIR = fileURLToPath(new URL("../../reports/latest/browser", import.meta.url));

/** The Rivet docs' allowlist with the app's dev origin on port A instead of 3000: only port A is allowed on localhost. */
const portAPolicy = ({ a }: PagePorts): Policy => parsePolicy({ ...DOCS_POLICY, allow: [`http://localhost:${a}`, "https://myapp.com", "https://www.myapp.com"] });

interface Subject {
  readonly name: string;
  readonly role: SubjectRole;
  readonly what: string;
  readonly policy?: (ports: PagePorts) => Policy;
  readonly definition: (ports: PagePorts) => AnyActorDefinition;
  /** Known-bad: the page kinds whose Origin gets through although the oracle rejects it. */
  readonly caughtFrom?: readonly PageKindId[];
}

const RECORDER: Subject = { name: "echo", role: "recorder", what: "records the Origin it saw and accepts everything", definition: () => echo };

const GUARDS: readonly Subject[] = [
  {
    name: "seed-allowlist",
    role: "guard",
    what: "the Rivet docs' guard, allowing only port A on localhost, decides as the oracle",
    policy: portAPolicy,
    definition: (ports) => seedAllowlistFor(portAPolicy(ports).allow),
  },
  {
    // Its code names no localhost port, so its documented policy with the dev origin on port A is the seed's.
    name: "localhost-any-port",
    role: "known-bad",
    what: "known-bad (trusts localhost on any port)",
    policy: portAPolicy,
    definition: () => localhostAnyPort,
    caughtFrom: ["other-port"],
  },
  {
    // Its code hard-codes http://localhost:3000, so it is judged by its own documented policy; no page here is on port 3000.
    name: "null-origin-trusted",
    role: "known-bad",
    what: "known-bad (trusts the opaque origin null)",
    policy: () => parsePolicy(DOCS_POLICY),
    definition: () => nullOriginTrusted,
    caughtFrom: ["sandboxed-iframe", "data-url"],
  },
];

const SUBJECTS = [RECORDER, ...GUARDS];

/** What the echo actor must record for a request over each transport. */
const ROUTE: Record<BrowserTransportId, [method: string, route: string]> = {
  "websocket-connect": ["GET", "/connect"],
  "http-action": ["POST", `/action/${PROBE_ACTION}`],
  "rivetkit-client": ["GET", "/connect"],
};

const gate = browserGate();

describe.skipIf(gate.skip)("real browser (chromium)", () => {
  const startedAt = new Date();
  const harness = useBrowserHarness({
    actors: (ports) => Object.fromEntries(SUBJECTS.map((subject) => [subject.name, subject.definition(ports)])),
  });

  // Evidence, filled by the matrix below and written by the last test.
  const pageOrigins = new Map<PageKindId, string>();
  const sentOrigins = new Map<string, string | null>();
  const decisions = new Map<string, BrowserDecision[]>();
  const cell = (page: PageKindId, transport: BrowserTransportId) => `${page}|${transport}`;
  const record = (subject: string, page: PageKindId, decision: BrowserDecision) => {
    const key = `${subject}|${page}`;
    decisions.set(key, [...(decisions.get(key) ?? []).filter((known) => known.transport !== decision.transport), decision]);
  };
  /** The Origin the echo actor recorded in this cell (or, if its test did not run, the one the page kind must send). */
  const originSentIn = (kind: PageKind, transport: BrowserTransportId): string | null => {
    const key = cell(kind.id, transport);
    if (sentOrigins.has(key)) return sentOrigins.get(key)!;
    const expectation = kind.expect(harness().server.ports);
    return expectation.kind === "sends-origin" ? expectation.origin : null;
  };

  test("the pages' ports are distinct and neither is the docs' port 3000", () => {
    const { a, b } = harness().server.ports;
    expect(a).not.toBe(b);
    expect([a, b]).not.toContain(3000);
  });

  describe.each(PAGE_KINDS.map((kind) => [kind.id, kind] as const))("page (%s)", (_, kind) => {
    let opened: OpenedPage | undefined;
    beforeAll(async () => {
      opened = await openPage(harness().chromium, harness().server, kind.id);
      pageOrigins.set(kind.id, (await pageIdentity(opened.frame)).origin);
    }, 30_000);
    afterAll(async () => {
      await opened?.close();
    });
    const frame = () => {
      if (opened === undefined) throw new Error(`the ${kind.id} page did not open`);
      return opened.frame;
    };

    describe.each(BROWSER_TRANSPORTS.map((transport) => [transport.id, transport] as const))("transport (%s)", (_, transport) => {
      const echoTitle = blockedByBrowser(kind)
        ? "the browser sends nothing (it blocks the request itself) and echo records nothing"
        : "echo records the exact Origin the browser sent";
      test(echoTitle, async () => {
        const expectation = kind.expect(harness().server.ports);
        const echoId = harness().instances.echo!.actorId;
        observations.length = 0;
        const logBefore = opened?.browserLog.length ?? 0;
        const result = await probeFromPage(frame(), harness().target("echo"), transport.id);
        const seen = observations.filter((observation) => observation.actorId === echoId);
        const originSent = seen[0]?.origin ?? null;
        if (seen.length > 0) sentOrigins.set(cell(kind.id, transport.id), originSent);
        record("echo", kind.id, judge({ transport: transport.id, role: "recorder", expectation, originSent, outcome: result.outcome }));

        if (expectation.kind === "sends-origin") {
          expect(pageOrigins.get(kind.id), "the page's own self.origin").toBe(expectation.origin);
          expect(result.outcome.kind, `${result.request} → ${result.response}`).toBe("accepted");
          const [method, route] = ROUTE[transport.id];
          expect(seen.map((observation) => [observation.method, observation.route, observation.origin])).toEqual([[method, route, expectation.origin]]);
        } else {
          // The browser refuses to send it: nothing reaches the actor, and the page says why.
          expect(result.outcome.kind, `${result.request} → ${result.response}`).toBe("errored");
          expect(seen).toEqual([]);
          // Chromium logs why for this very request (the console event may trail the probe's answer a little).
          await expect.poll(() => opened!.browserLog.slice(logBefore).join("\n"), { timeout: 2_000 }).toMatch(expectation.consoleEvidence);
        }
      });

      for (const subject of GUARDS) {
        const title = blockedByBrowser(kind)
          ? `${subject.role} (${subject.name}) is never asked: the browser blocks the request`
          : subject.role === "guard"
            ? `${subject.role} (${subject.name}): ${subject.what}`
            : subject.caughtFrom?.includes(kind.id)
              ? `${subject.role} (${subject.name}) lets this page through where the oracle rejects it: caught`
              : `${subject.role} (${subject.name}) decides as the oracle here`;
        test(title, async () => {
          const ports = harness().server.ports;
          const expectation = kind.expect(ports);
          const originSent = originSentIn(kind, transport.id);
          const result = await probeFromPage(frame(), harness().target(subject.name), transport.id);
          const decision = judge({ transport: transport.id, role: subject.role, policy: subject.policy!(ports), expectation, originSent, outcome: result.outcome });
          record(subject.name, kind.id, decision);
          const story = `Origin ${JSON.stringify(originSent)}: expected ${decision.expected}, observed ${decision.detail}; ${result.request} → ${result.response}`;

          if (expectation.kind === "blocked-by-browser") {
            expect(result.outcome.kind, story).toBe("errored");
          } else if (subject.caughtFrom?.includes(kind.id)) {
            // Caught: the guard lets this real page through where a correct guard rejects it.
            expect(decision.expected, story).toBe("reject");
            expect(result.outcome.kind, story).toBe("accepted");
          } else {
            expect(decision.agrees, story).toBe(true);
          }
        });
      }
    });
  });

  describe("what the matrix shows", () => {
    test("a browser sends the page's serialized origin: 127.0.0.1 is not localhost, another port is another origin, opaque pages send null", () => {
      const { a, b } = harness().server.ports;
      const sent = (page: PageKindId) => BROWSER_TRANSPORTS.map((transport) => sentOrigins.get(cell(page, transport.id)));
      expect(sent("allowed-origin")).toEqual([`http://localhost:${a}`, `http://localhost:${a}`, `http://localhost:${a}`]);
      expect(sent("loopback-ip")).toEqual([`http://127.0.0.1:${a}`, `http://127.0.0.1:${a}`, `http://127.0.0.1:${a}`]);
      expect(sent("other-port")).toEqual([`http://localhost:${b}`, `http://localhost:${b}`, `http://localhost:${b}`]);
      expect(sent("sandboxed-iframe")).toEqual(["null", "null", "null"]);
      expect(sent("data-url")).toEqual(["null", "null", "null"]);
      expect(sent("data-url-top-level")).toEqual([undefined, undefined, undefined]);
    });

    test.each(GUARDS.filter((subject) => subject.role === "known-bad").map((subject) => [subject.name, subject] as const))("known-bad (%s) is caught from the browser on every transport", (_, subject) => {
      for (const page of subject.caughtFrom!) {
        const cells = decisions.get(`${subject.name}|${page}`) ?? [];
        expect(cells.map((decision) => [decision.transport, decision.observed, decision.expected])).toEqual(
          BROWSER_TRANSPORTS.map((transport) => [transport.id, "accepted", "reject"]),
        );
      }
    });

    test("the rivetkit client in the pages is the package's browser build, bundled by esbuild", () => {
      expect(harness().bundle.clientModule).toMatch(/rivetkit\/dist\/browser\/client\.js$/);
      expect(harness().bundle.bytes).toBeGreaterThan(100_000);
    });
  });

  test("report: reports/latest/browser/ has a browser evidence section, and a screenshot of report.html", async () => {
    const ports = harness().server.ports;
    const rows: BrowserEvidenceRow[] = [];
    for (const subject of SUBJECTS) {
      for (const kind of PAGE_KINDS) {
        const cells = decisions.get(`${subject.name}|${kind.id}`);
        if (cells === undefined) continue;
        const recorded = BROWSER_TRANSPORTS.map((transport) => sentOrigins.get(cell(kind.id, transport.id))).filter((origin) => origin !== undefined);
        const policy = subject.policy?.(ports);
        rows.push({
          subject: subject.name,
          role: subject.role,
          ...(policy ? { policy: { allow: policy.allow, match: policy.match, missingOrigin: policy.missingOrigin, rejectCode: policy.rejectCode } } : {}),
          pageKind: kind.id,
          pageOrigin: pageOrigins.get(kind.id) ?? "(page did not open)",
          reached: recorded.length > 0,
          originSent: recorded[0] ?? null,
          decisions: BROWSER_TRANSPORTS.map((transport) => cells.find((decision) => decision.transport === transport.id)).filter((decision) => decision !== undefined),
        });
      }
    }
    expect(rows.length).toBeGreaterThan(0);
    const engine = sharedEngine();
    const report = browserReport({
      engine: { mode: engine.mode, endpoint: engine.endpoint },
      startedAt,
      evidence: {
        browser: harness().browser,
        pageKinds: PAGE_KINDS.map(({ id, title, description, rationale }) => ({ id, title, description, rationale })),
        transports: BROWSER_TRANSPORTS.map(({ id, title, description }) => ({ id, title, description })),
        rows,
      },
    });
    const written = await writeBrowserReport(report, REPORT_DIR, harness().chromium);
    console.log(`browser evidence report: ${written.files.join(", ")}; screenshot: ${written.screenshot}`);

    expect(report.verdict).toBe("conformant");
    // The report.json stays readable by `pnpm conformance diff` (its zod schema).
    expect(readReport(join(REPORT_DIR, "report.json")).verdict).toBe("conformant");
    expect(JSON.parse(readFileSync(join(REPORT_DIR, "report.json"), "utf8")).browserEvidence.rows).toHaveLength(rows.length);
    expect(readFileSync(join(REPORT_DIR, "report.md"), "utf8")).toContain("### Browser evidence");
    expect(readFileSync(join(REPORT_DIR, "report.html"), "utf8")).toContain('id="browser-evidence"');
    expect(existsSync(written.screenshot)).toBe(true);
    expect(readFileSync(written.screenshot).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(statSync(written.screenshot).size).toBeGreaterThan(10_000);
  }, 60_000);
});
