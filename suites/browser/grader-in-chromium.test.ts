/**
 * The grader's "browser-reachable" answers against a real browser. Headless
 * Chromium resolves every name to 127.0.0.1 (--host-resolver-rules), loads a
 * page at http://{host}:{port}/page for a sample of hosts, and the page opens a
 * WebSocket and loads an <img> from a recording server. What Chromium sent must
 * be graded browser-reachable; the host as typed, when Chromium rewrote it
 * (uppercase, percent-encoding, Cyrillic letters, hex or integer IPv4), must be
 * graded non-browser, since no browser sends it. No engine: the grader is a
 * pure function of the header and the transport. https pages are not covered
 * (they would need a trusted certificate for every sample host).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WebSocketServer } from "ws";
import { browserRequired, chromiumUnavailableReason, launchChromium, type LaunchedChromium } from "../../harness/browser/chromium.js";
import { browserCanSend } from "../../harness/grading/browser-reachable.js";
import { ABSENT, originLine } from "../../harness/origin/header.js";

interface Seen {
  readonly kind: "websocket" | "img" | "page";
  readonly headers: IncomingHttpHeaders;
}

const PAGE = `<!doctype html><title>probe</title><script>
const recorder = "127.0.0.1:" + location.port;
const socket = new WebSocket("ws://" + recorder + "/ws");
socket.onopen = () => { socket.close(); document.title = "done"; };
socket.onerror = () => { document.title = "error"; };
const img = new Image(); img.src = "http://" + recorder + "/img";
</script>`;
const SANDBOXED = `<!doctype html><title>sandbox</title><iframe sandbox="allow-scripts" src="/page"></iframe>`;

/** Hosts whose page origin the grader calls browser-reachable, and hosts Chromium rewrites (their typed form is not). */
const SAMPLE_HOSTS = [
  "myapp.com.evil.net",
  "evilmyapp.com",
  "myapp.com_.evil.com",
  "myapp.com!.evil.com",
  "myapp.com$.evil.com",
  "xn--mypp-63d.com",
  "myapp.com.",
  "127.0.0.1",
  "MYAPP.COM.evil.net",
  "my%61pp.com",
  "my\u0430pp.com",
  "0x7f.1",
  "2130706433",
];

const unavailable = chromiumUnavailableReason();

describe.skipIf(unavailable !== undefined && !browserRequired())(`the grader against Chromium${unavailable ? ` (skipped: ${unavailable})` : ""}`, () => {
  const seen: Seen[] = [];
  let server: Server;
  let port = 0;
  let chromium: LaunchedChromium;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const kind = request.url === "/img" ? "img" : "page";
      seen.push({ kind, headers: request.headers });
      response.setHeader("content-type", kind === "img" ? "image/gif" : "text/html");
      response.end(request.url === "/sandboxed" ? SANDBOXED : kind === "page" ? PAGE : "");
    });
    new WebSocketServer({ server }).on("connection", (_socket, request) => seen.push({ kind: "websocket", headers: request.headers }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
    chromium = await launchChromium({ extraArgs: ["--host-resolver-rules=MAP * 127.0.0.1"] });
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  /** Loads a page, waits for its WebSocket, returns what the recorder saw from it. */
  async function visit(url: string): Promise<{ websocket?: Seen; img?: Seen }> {
    const context = await chromium.newContext();
    try {
      const page = await context.newPage();
      const before = seen.length;
      await page.goto(url, { timeout: 10_000 });
      await page.waitForFunction(() => document.title === "done" || document.title === "error" || document.querySelector("iframe") !== null, null, { timeout: 10_000 });
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && !seen.slice(before).some((entry) => entry.kind === "websocket")) await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const mine = seen.slice(before);
      return { websocket: mine.find((entry) => entry.kind === "websocket"), img: mine.find((entry) => entry.kind === "img") };
    } finally {
      await context.close();
    }
  }

  test.each(SAMPLE_HOSTS)("a page at http://%s: what Chromium sends is browser-reachable; the typed form, if rewritten, is not", { timeout: 30_000 }, async (host) => {
    const typed = `http://${host}:${port}`;
    const { websocket, img } = await visit(`${typed}/page`);
    const sent = websocket?.headers.origin;
    expect(sent, `no WebSocket from ${typed}`).toBeDefined();
    expect(browserCanSend(originLine(sent!), "websocket-connect")).toBe(true);
    expect(browserCanSend(originLine(sent!), "raw-request")).toBe(true);
    expect(browserCanSend(originLine(typed), "websocket-connect")).toBe(typed === sent);
    // A cross-origin <img> GET carries no Origin: a missing Origin is reachable on a raw-request GET, and on no WebSocket.
    expect(img?.headers.origin).toBeUndefined();
    expect(browserCanSend(ABSENT, "raw-request")).toBe(true);
    expect(browserCanSend(ABSENT, "websocket-connect")).toBe(false);
  });

  test("a sandboxed iframe sends Origin: null, graded browser-reachable", { timeout: 30_000 }, async () => {
    const { websocket } = await visit(`http://127.0.0.1:${port}/sandboxed`);
    expect(websocket?.headers.origin).toBe("null");
    expect(browserCanSend(originLine("null"), "websocket-connect")).toBe(true);
  });
});
