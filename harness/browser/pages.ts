/**
 * Opens one page kind in a fresh browser context (no shared cookies or storage)
 * and returns the frame the probe script runs in, once `self.originProbe` is
 * defined there. Every step is bounded in time.
 */
import type { BrowserContext, Frame, Page } from "playwright-core";
import type { LaunchedChromium } from "./chromium.js";
import type { PageKindId } from "./page-kinds.js";
import type { PageServer } from "./page-server.js";

export interface OpenedPage {
  readonly kind: PageKindId;
  /** Where the top-level page was loaded from (a data: URL is shortened). */
  readonly url: string;
  readonly page: Page;
  /** The frame in which the probe script runs (the sandboxed iframe for that kind). */
  readonly frame: Frame;
  /** Console messages and failed requests of the page and its frames, in order ("console error: ...", "requestfailed: ..."). */
  readonly browserLog: readonly string[];
  close(): Promise<void>;
}

export const DEFAULT_PAGE_TIMEOUT_MS = 15_000;

function topLevelUrl(kind: PageKindId, server: PageServer): string {
  switch (kind) {
    case "allowed-origin":
      return `${server.origin("localhost", "a")}/probe.html`;
    case "loopback-ip":
      return `${server.origin("127.0.0.1", "a")}/probe.html`;
    case "other-port":
      return `${server.origin("localhost", "b")}/probe.html`;
    case "sandboxed-iframe":
      return `${server.origin("localhost", "b")}/sandboxed.html`;
    case "data-url":
      return `${server.origin("localhost", "b")}/data-frame.html`;
    case "data-url-top-level":
      return server.dataUrlPage();
  }
}

/** The iframe the probe runs in, for the kinds that probe from a child frame. */
function childFrameUrl(kind: PageKindId): ((url: string) => boolean) | undefined {
  if (kind === "sandboxed-iframe") return (url) => url.endsWith("/probe.html");
  if (kind === "data-url") return (url) => url.startsWith("data:text/html");
  return undefined;
}

async function probeFrame(page: Page, kind: PageKindId, timeoutMs: number): Promise<Frame> {
  const matches = childFrameUrl(kind);
  if (matches === undefined) return page.mainFrame();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame() && matches(candidate.url()));
    if (frame !== undefined) return frame;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the probing iframe of ${kind} did not appear within ${timeoutMs} ms`);
}

export async function openPage(chromium: LaunchedChromium, server: PageServer, kind: PageKindId, timeoutMs = DEFAULT_PAGE_TIMEOUT_MS): Promise<OpenedPage> {
  const context: BrowserContext = await chromium.newContext();
  const browserLog: string[] = [];
  const close = async () => {
    await Promise.race([context.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  };
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    page.on("console", (message) => browserLog.push(`console ${message.type()}: ${message.text()}`));
    page.on("requestfailed", (request) => browserLog.push(`requestfailed: ${request.url().slice(0, 120)} ${request.failure()?.errorText ?? ""}`));
    const url = topLevelUrl(kind, server);
    await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
    const frame = await probeFrame(page, kind, timeoutMs);
    await frame.waitForFunction("typeof self.originProbe === 'object'", undefined, { timeout: timeoutMs });
    return { kind, url: url.startsWith("data:") ? `${url.slice(0, 40)}…` : url, page, frame, browserLog, close };
  } catch (error) {
    await close();
    throw error;
  }
}
