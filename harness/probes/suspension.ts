/**
 * Notices when this process was not running for a while: stopped (SIGSTOP, a
 * suspended laptop or CI container, a debugger), as opposed to busy. A probe's
 * bound is measured by a timer of this process; after such a pause the timer
 * fires late, at once, whatever the engine answered meanwhile (timers run
 * before the sockets are read). So a timeout, or a WebSocket accepted because
 * it stayed silent for the settle window, that overlaps a pause says nothing
 * about the guard: it is the harness's own failure (infrastructure). A long
 * pause also makes the engine give up on the actors this process hosts
 * (measured: after SIGSTOP for 30 s every later probe timed out on
 * `actor_ready_timeout`), so the CLI cuts the run off when it sees one.
 *
 * Paused, not busy: the event loop did not run for SUSPENDED_AFTER_MS, and its
 * thread spent less than half of that time either running or waiting for a
 * CPU (Linux /proc/self/schedstat: on-CPU time and run-queue delay of the main
 * thread). A stopped process does neither. A loop blocked by its own work (the
 * in-process screening's await loops) runs, or on a loaded machine waits its
 * turn to run: measured in a soak on a loaded 2-core machine, a 3.7 s
 * screening stretch got less than half of it in CPU time, and was once taken
 * for a pause when only CPU time was counted. Without schedstat, CPU time is
 * all there is.
 */
import { readFileSync } from "node:fs";

/** How often the loop is sampled. */
const TICK_MS = 250;
/** Longer than any GC pause or scheduling delay seen on a loaded 2-core machine (under 1 s); shorter than the 2 s between rivetkit's 5 s onBeforeConnectTimeout and the 7 s probe bound. */
export const SUSPENDED_AFTER_MS = 2_000;
const KEPT = 32;

export interface Pause {
  readonly fromMs: number;
  readonly toMs: number;
}

const pauses: Pause[] = [];
const listeners = new Set<(pause: Pause) => void>();
let last: { readonly wallMs: number; readonly activeMs: number } | undefined;

/** Milliseconds the main thread ran or waited to run, so far. */
function activeMs(): number {
  try {
    const [onCpu, waiting] = readFileSync("/proc/self/schedstat", "utf8").split(" ").map(Number);
    if (Number.isFinite(onCpu) && Number.isFinite(waiting)) return (onCpu! + waiting!) / 1e6;
  } catch {
    // not Linux, or no schedstats
  }
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The pause between the last sample and now, if this process was not running. */
function pauseSinceLastSample(): Pause | undefined {
  if (last === undefined) return undefined;
  const now = performance.now();
  const wall = now - last.wallMs;
  if (wall <= SUSPENDED_AFTER_MS || activeMs() - last.activeMs > wall / 2) return undefined;
  return { fromMs: last.wallMs, toMs: now };
}

function sample() {
  const pause = pauseSinceLastSample();
  last = { wallMs: performance.now(), activeMs: activeMs() };
  if (pause === undefined) return;
  pauses.push(pause);
  if (pauses.length > KEPT) pauses.shift();
  for (const listener of listeners) listener(pause);
}

/** Starts sampling (once per process; the timer never keeps the process alive). */
export function watchForPauses(): void {
  if (last !== undefined) return;
  last = { wallMs: performance.now(), activeMs: activeMs() };
  setInterval(sample, TICK_MS).unref();
}

/** Calls `listener` on every pause from now on; returns the unsubscribe. */
export function onPause(listener: (pause: Pause) => void): () => void {
  watchForPauses();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The pause that overlapped [fromMs, toMs] (performance.now() times), if any.
 * A pause not sampled yet counts too: right after the process resumes, the
 * probes' late timers may run before the sampler does.
 */
export function pauseDuring(fromMs: number, toMs: number): Pause | undefined {
  return pauseSinceLastSample() ?? pauses.find((pause) => pause.toMs > fromMs && pause.fromMs < toMs);
}

export function describePause(pause: Pause): string {
  return `the harness was suspended for ${((pause.toMs - pause.fromMs) / 1000).toFixed(1)} s (stopped, not busy: SIGSTOP, a suspended machine or a debugger)`;
}
