/**
 * The knee of a throughput curve: the smallest concurrency that already gets
 * (nearly) all the throughput the target can give. Running probes at the knee
 * rather than above it costs almost no throughput and keeps per-probe latency
 * (and so timeouts and memory) low. Pure: no I/O.
 */
export interface KneeSample {
  readonly concurrency: number;
  /** Completed requests per second at that concurrency. */
  readonly throughput: number;
}

/**
 * The smallest concurrency whose throughput is >= `threshold` x the best
 * throughput among the samples.
 *
 * - Samples may come in any order. Several samples at one concurrency (repeated
 *   rounds) count as their median.
 * - Samples whose concurrency is not a positive integer or whose throughput is
 *   not a finite number >= 0 are ignored; if none is left, this throws.
 * - If every throughput is 0 (the target answered nothing), the smallest
 *   concurrency is returned: there is nothing to gain by going wider.
 * - `threshold` must be in (0, 1].
 */
export function findKnee(samples: readonly KneeSample[], threshold = 0.9): number {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
  const curve = aggregate(samples);
  if (curve.length === 0) throw new RangeError("findKnee needs at least one valid sample");
  const best = Math.max(...curve.map((sample) => sample.throughput));
  return curve.find((sample) => sample.throughput >= threshold * best)!.concurrency;
}

/** Valid samples, one per concurrency (the median of repeats), by increasing concurrency. */
export function aggregate(samples: readonly KneeSample[]): KneeSample[] {
  const byConcurrency = new Map<number, number[]>();
  for (const { concurrency, throughput } of samples) {
    if (!Number.isInteger(concurrency) || concurrency < 1) continue;
    if (!Number.isFinite(throughput) || throughput < 0) continue;
    const list = byConcurrency.get(concurrency) ?? [];
    list.push(throughput);
    byConcurrency.set(concurrency, list);
  }
  return [...byConcurrency.entries()]
    .sort(([a], [b]) => a - b)
    .map(([concurrency, values]) => ({ concurrency, throughput: median(values) }));
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The closest non-decreasing curve (least squares, pool-adjacent-violators):
 * throughput should not fall when concurrency rises until the target
 * saturates, so a dip next to a peak is noise and both are averaged. A single
 * lucky window then no longer sets "the best" on its own, which makes the knee
 * of a noisy ramp more stable: use `findKnee(monotoneFit(samples))`. A real
 * collapse at high concurrency is averaged into the plateau, which can only
 * move the knee down (the conservative way).
 */
export function monotoneFit(samples: readonly KneeSample[]): KneeSample[] {
  const curve = aggregate(samples);
  const blocks: { sum: number; count: number; from: number }[] = [];
  curve.forEach((sample, index) => {
    blocks.push({ sum: sample.throughput, count: 1, from: index });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const previous = blocks[blocks.length - 2]!;
      if (previous.sum / previous.count <= last.sum / last.count) break;
      blocks.pop();
      previous.sum += last.sum;
      previous.count += last.count;
    }
  });
  const fitted = curve.map((sample) => ({ ...sample }));
  for (const block of blocks) {
    for (let i = block.from; i < block.from + block.count; i++) fitted[i] = { concurrency: curve[i]!.concurrency, throughput: block.sum / block.count };
  }
  return fitted;
}
