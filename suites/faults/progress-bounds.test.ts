/**
 * Progress never shows more done than its total. A history-dependent guard
 * makes fast-check shrink the failing history sequence, which calls the
 * property again and again; before the fix (commit 6f5143e) each of those
 * calls counted as one more history sequence ("history 93/12" was seen; this test saw "history 13/12" to "history 26/12").
 */
import { setup } from "rivetkit";
import { describe, expect, test } from "vitest";
import type { ProgressEvent } from "../../harness/conformance/context.js";
import { runConformance } from "../../harness/conformance/run.js";
import { hostRegistry } from "../../harness/registry/host.js";
import { sharedEngine } from "../../harness/vitest/shared-engine.js";
import { trustedWindow } from "../../reference-actors/known-bad/trusted-window.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";

describe("fault (progress) › while (history sequences shrink)", () => {
  test("every counter with a total stays at or below it, while the failing history sequence shrinks", { timeout: 180_000 }, async () => {
    const engine = sharedEngine();
    const hosted = await hostRegistry(setup({ use: { trustedWindow } }), engine);
    const events: ProgressEvent[] = [];
    try {
      const result = await runConformance({
        hosted,
        engine,
        policy: DOCS_POLICY,
        transports: ["http-action"],
        corpusCategories: ["exact-allowed"],
        runs: 5,
        seed: 3,
        historySequences: 12,
        screen: 0,
        sideEffects: false,
        concurrency: 8,
        onProgress: (event) => events.push(event),
      });
      expect(result.failures.some((failure) => failure.property === "history-independence"), "the history check found the guard's bug").toBe(true);
    } finally {
      await hosted.shutdown().catch(() => {});
    }
    const history = events.filter((event) => event.phase === "history");
    expect(history.length).toBeGreaterThan(0);
    const over = events.filter((event) => event.total > 0 && event.done > event.total);
    expect(over.map((event) => `${event.phase} ${event.done}/${event.total}`)).toEqual([]);
  });
});
