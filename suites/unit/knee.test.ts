import { describe, expect, test } from "vitest";
import { aggregate, findKnee, monotoneFit } from "../../harness/concurrency/knee.js";
import { measureKnee } from "../../harness/concurrency/measure-knee.js";

const curve = (...points: [number, number][]) => points.map(([concurrency, throughput]) => ({ concurrency, throughput }));

describe("findKnee", () => {
  test("a curve that saturates: the first level within 90% of the best", () => {
    // 0.9 x 85 = 76.5: 16 is the first level at or above it.
    expect(findKnee(curve([1, 20], [2, 38], [4, 60], [8, 72], [16, 80], [32, 85], [64, 84]))).toBe(16);
  });

  test("exactly at the threshold counts", () => {
    expect(findKnee(curve([1, 10], [2, 90], [4, 100]))).toBe(2);
    expect(findKnee(curve([1, 10], [2, 89.99], [4, 100]))).toBe(4);
  });

  test("a curve that keeps rising: the knee is the top level", () => {
    expect(findKnee(curve([1, 10], [2, 20], [4, 40], [8, 80]))).toBe(8);
  });

  test("a flat curve: concurrency 1 is enough", () => {
    expect(findKnee(curve([1, 50], [2, 51], [4, 50], [8, 49]))).toBe(1);
  });

  test("a curve that collapses after a peak: the knee is at or before the peak", () => {
    expect(findKnee(curve([1, 10], [2, 30], [4, 50], [8, 30], [16, 5]))).toBe(4);
  });

  test("the threshold moves the knee", () => {
    const samples = curve([1, 20], [2, 38], [4, 60], [8, 72], [16, 80], [32, 85]);
    expect(findKnee(samples, 1)).toBe(32);
    expect(findKnee(samples, 0.8)).toBe(8);
    expect(findKnee(samples, 0.2)).toBe(1);
  });

  test("order of the samples does not matter", () => {
    expect(findKnee(curve([64, 84], [4, 60], [1, 20], [32, 85], [16, 80], [8, 72], [2, 38]))).toBe(16);
  });

  test("repeated levels count as their median", () => {
    // Level 2: median of 10, 95, 12 is 12, so one lucky round does not make it the knee.
    expect(findKnee(curve([1, 5], [2, 10], [2, 95], [2, 12], [4, 100]))).toBe(4);
    // Even count: median of 80 and 100 is 90 = 0.9 x 100.
    expect(findKnee(curve([1, 80], [1, 100], [2, 100]))).toBe(1);
  });

  test("invalid samples are ignored", () => {
    expect(findKnee(curve([0, 1000], [1.5, 1000], [-2, 1000], [1, Number.NaN], [2, Number.POSITIVE_INFINITY], [4, -1], [8, 40], [16, 42]))).toBe(8);
  });

  test("all zero: the smallest concurrency", () => {
    expect(findKnee(curve([4, 0], [1, 0], [2, 0]))).toBe(1);
  });

  test("a single sample is its own knee", () => {
    expect(findKnee(curve([32, 85]))).toBe(32);
  });

  test("no valid sample throws", () => {
    expect(() => findKnee([])).toThrow(RangeError);
    expect(() => findKnee(curve([0, 10], [2, Number.NaN]))).toThrow(RangeError);
  });

  test("a threshold outside (0, 1] throws", () => {
    for (const threshold of [0, -0.5, 1.01, Number.NaN]) {
      expect(() => findKnee(curve([1, 10]), threshold)).toThrow(RangeError);
    }
  });
});

describe("aggregate", () => {
  test("sorted, one point per concurrency, medians", () => {
    expect(aggregate(curve([4, 3], [1, 1], [4, 5], [4, 100], [2, 2]))).toEqual(curve([1, 1], [2, 2], [4, 5]));
  });
});

describe("monotoneFit", () => {
  const values = (samples: { throughput: number }[]) => samples.map((sample) => Number(sample.throughput.toFixed(3)));

  test("a non-decreasing curve is unchanged", () => {
    expect(monotoneFit(curve([1, 10], [2, 20], [4, 20], [8, 30]))).toEqual(curve([1, 10], [2, 20], [4, 20], [8, 30]));
  });

  test("a dip after a peak is pooled with it", () => {
    expect(values(monotoneFit(curve([1, 10], [2, 30], [4, 20], [8, 40])))).toEqual([10, 25, 25, 40]);
  });

  test("pooling cascades backwards", () => {
    // 99 104 92 -> 98.33; then 115 57 -> 86 < 98.33 -> all five pooled: 93.4.
    expect(values(monotoneFit(curve([1, 55], [2, 75], [4, 99], [8, 104], [16, 92], [32, 115], [64, 57])))).toEqual([55, 75, 93.4, 93.4, 93.4, 93.4, 93.4]);
  });

  test("the result is never decreasing, keeps the concurrencies, and keeps the mean", () => {
    const samples = curve([1, 22], [2, 50], [4, 58], [8, 69], [16, 73], [32, 113], [64, 37]);
    const fitted = monotoneFit(samples);
    expect(fitted.map((sample) => sample.concurrency)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    for (let i = 1; i < fitted.length; i++) expect(fitted[i]!.throughput).toBeGreaterThanOrEqual(fitted[i - 1]!.throughput);
    const mean = (list: { throughput: number }[]) => list.reduce((sum, sample) => sum + sample.throughput, 0) / list.length;
    expect(mean(fitted)).toBeCloseTo(mean(samples), 9);
  });

  test("a lucky last window no longer decides the knee alone", () => {
    // Raw: the best is the single 113 at 32, so the knee is 32. Fitted: 32 and 64 pool to 75, knee 8.
    const samples = curve([1, 22], [2, 50], [4, 58], [8, 69], [16, 73], [32, 113], [64, 37]);
    expect(findKnee(samples)).toBe(32);
    expect(findKnee(monotoneFit(samples))).toBe(8);
  });
});

describe("measureKnee arguments (checked before anything is sent)", () => {
  const target = { hosted: { endpoint: "http://127.0.0.1:9" }, actor: { actorId: "unused" }, transport: "http-action" as const };

  test.each([
    ["decreasing levels", { levels: [4, 2] }],
    ["repeated levels", { levels: [1, 1, 2] }],
    ["a zero level", { levels: [0, 1] }],
    ["a fractional level", { levels: [1, 1.5] }],
    ["no levels", { levels: [] }],
    ["settle as long as the level", { durationMs: 500, settleMs: 500 }],
    ["a zero duration", { durationMs: 0 }],
    ["zero passes", { passes: 0 }],
    ["a threshold above 1", { threshold: 1.5 }],
  ])("%s is a RangeError", async (_name, options) => {
    await expect(measureKnee({ ...target, ...options })).rejects.toThrow(RangeError);
  });
});
