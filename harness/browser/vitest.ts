/**
 * vitest plumbing for the browser suites:
 * - `browserGate()`: the suite skips, with the reason printed, when chromium is
 *   missing on a developer's machine; under CI (`browserRequired()`) a missing
 *   chromium fails the run instead.
 * - `useBrowserHarness()`: for one describe block, builds the rivetkit client
 *   bundle, starts the page server (ports A and B), hosts a registry whose
 *   actors may depend on those ports on the run's engine, creates one instance
 *   per actor, and launches chromium; all of it is closed after the block,
 *   each step bounded in time.
 */
import type { AnyActorDefinition } from "rivetkit";
import { setup } from "rivetkit";
import { afterAll, beforeAll, test } from "vitest";
import type { ActorInstance, HostedRegistry } from "../registry/host.js";
import { hostRegistry } from "../registry/host.js";
import { sharedEngine } from "../vitest/shared-engine.js";
import type { BrowserProbeTarget } from "./browser-probe.js";
import { browserRequired, chromiumUnavailableReason, type LaunchedChromium, launchChromium } from "./chromium.js";
import { bundleRivetkitClient, type ClientBundle } from "./client-bundle.js";
import type { PagePorts } from "./page-kinds.js";
import { type PageServer, startPageServer } from "./page-server.js";

export interface BrowserGate {
  /** Why the browser suite cannot run here; undefined when it can. */
  readonly unavailable: string | undefined;
  /** Skip the browser describe blocks (true only off CI with no chromium). */
  readonly skip: boolean;
}

/**
 * Registers a test that passes when chromium is there, is skipped with the
 * reason when it is not, and fails when it is not but CI requires it.
 */
export function browserGate(): BrowserGate {
  const unavailable = chromiumUnavailableReason();
  const required = browserRequired();
  test("chromium is available (required in CI)", (context) => {
    if (unavailable === undefined) return;
    if (required) throw new Error(`${unavailable}. CI is set, so the browser suite must run: install chromium (.ci/run does).`);
    console.warn(`browser suite skipped: ${unavailable}`);
    context.skip(unavailable);
  });
  return { unavailable, skip: unavailable !== undefined };
}

export interface BrowserHarness {
  readonly chromium: LaunchedChromium;
  readonly server: PageServer;
  readonly hosted: HostedRegistry;
  readonly bundle: ClientBundle;
  /** e.g. "Chromium 156.0.8078.108 (headless, playwright-core)". */
  readonly browser: string;
  readonly instances: Readonly<Record<string, ActorInstance>>;
  target(actorName: string): BrowserProbeTarget;
}

export interface BrowserHarnessOptions {
  /** The actors to host, given the page server's ports (a guard's allowlist names `http://localhost:A`). */
  readonly actors: (ports: PagePorts) => Record<string, AnyActorDefinition>;
  readonly launchTimeoutMs?: number;
  readonly closeTimeoutMs?: number;
}

async function bounded<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function useBrowserHarness(options: BrowserHarnessOptions): () => BrowserHarness {
  let harness: BrowserHarness | undefined;
  const closers: { what: string; close: () => Promise<void> }[] = [];
  const closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  beforeAll(async () => {
    const bundle = await bounded("bundling the rivetkit client", bundleRivetkitClient(), 30_000);
    const server = await startPageServer({ clientBundle: bundle.code });
    closers.push({ what: "the page server", close: () => server.close() });
    const actors = options.actors(server.ports);
    const hosted = await hostRegistry(setup({ use: actors }), sharedEngine());
    closers.push({ what: "the hosted registry", close: () => hosted.shutdown() });
    const instances: Record<string, ActorInstance> = {};
    for (const name of Object.keys(actors)) instances[name] = await hosted.newActor(name, "browser");
    const chromium = await launchChromium({ timeoutMs: options.launchTimeoutMs ?? 30_000 });
    closers.push({ what: "chromium", close: () => chromium.close() });
    harness = {
      chromium,
      server,
      hosted,
      bundle,
      browser: `Chromium ${chromium.browser.version()} (headless, playwright-core)`,
      instances,
      target: (actorName) => {
        const instance = instances[actorName];
        if (instance === undefined) throw new Error(`no actor "${actorName}" in the browser harness`);
        return { endpoint: hosted.endpoint, poolName: hosted.poolName, actorName, actorId: instance.actorId };
      },
    };
  }, 90_000);
  afterAll(async () => {
    // Last started, first closed: chromium, then the registry, then the page server.
    const failures: string[] = [];
    for (const { what, close } of closers.reverse()) {
      await bounded(`closing ${what}`, close(), closeTimeoutMs).catch((error: Error) => failures.push(error.message));
    }
    if (failures.length > 0) throw new Error(failures.join("; "));
  }, 60_000);
  return () => {
    if (harness === undefined) throw new Error("the browser harness is not ready (use the accessor inside a test)");
    return harness;
  };
}
