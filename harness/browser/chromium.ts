/**
 * Debian's chromium driven by playwright-core. No browser is ever downloaded:
 * the executable is `/usr/bin/chromium` (or CHROMIUM_PATH), and a missing one
 * is reported as a reason to skip, never as a pass.
 */
import { existsSync } from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Without the background-networking flags chromium keeps dialling Google on a closed network. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Why the browser cannot run here, or undefined when it can. */
export function chromiumUnavailableReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return `chromium not found at ${CHROMIUM_PATH} (install Debian's chromium: apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

/** In CI the browser suites must run: a missing chromium is a failure there, not a skip. */
export function browserRequired(): boolean {
  return Boolean(process.env.CI);
}

export interface LaunchedChromium {
  browser: Browser;
  /** A fresh context (cookies, storage) for one scenario. */
  newContext(): Promise<BrowserContext>;
  /** Closes the browser (and so removes its profile dir). Safe to call twice. */
  close(): Promise<void>;
}

export async function launchChromium(options: { timeoutMs?: number; extraArgs?: readonly string[] } = {}): Promise<LaunchedChromium> {
  const reason = chromiumUnavailableReason();
  if (reason) throw new Error(reason);
  const { chromium } = await import("playwright-core");
  // playwright gives every launch a fresh, empty user-data dir and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    timeout: options.timeoutMs ?? 30_000,
  });
  let closed = false;
  return {
    browser,
    newContext: () => browser.newContext(),
    async close() {
      if (closed) return;
      closed = true;
      await browser.close().catch(() => undefined);
    },
  };
}
