import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { describeHeader } from "../origin/header.js";
import { isDecision } from "../probes/outcome.js";
import type { RegressionEntry } from "./corpus-phase.js";
import type { Failure } from "./result.js";

const corpusSchema = z.object({
  version: z.literal(1),
  entries: z.array(
    z.object({
      category: z.string(),
      id: z.string(),
      title: z.string(),
      header: z.object({ lines: z.array(z.string()), name: z.string().optional() }),
    }),
  ),
});

/** Where `check` keeps the corpus unless --corpus says otherwise: a dot-directory of the working dir, as test tools do. */
export const DEFAULT_CORPUS_PATH = ".origin-conformance/corpus.json";

export class CorpusFileError extends Error {
  override readonly name = "CorpusFileError";
}

/** The counterexamples kept from earlier runs, replayed first by every run. */
export function loadRegressionCorpus(path: string): RegressionEntry[] {
  if (!existsSync(path)) return [];
  const parsed = corpusSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new CorpusFileError(`${path} is not a regression corpus: ${parsed.error.issues[0]?.message}`);
  return parsed.data.entries;
}

/**
 * Adds the new random and history counterexamples (corpus cases are already
 * replayed every run) to the file; returns how many were added.
 */
export function recordCounterexamples(path: string, failures: readonly Failure[]): number {
  const entries = loadRegressionCorpus(path);
  const known = new Set(entries.map((entry) => describeHeader(entry.header)));
  let added = 0;
  for (const failure of failures) {
    if (failure.caseId !== undefined) continue;
    // The corpus replays Origin headers alone; a header-property failure needs its other headers, and replays by its seed and path.
    if (failure.extraHeaders !== undefined) continue;
    // A probe that saw no decision (timeout, errored, infrastructure) is no counterexample of the guard.
    if (!isDecision(failure.outcome)) continue;
    const key = describeHeader(failure.header);
    if (known.has(key)) continue;
    known.add(key);
    added++;
    entries.push({
      category: failure.category,
      id: `${failure.category}-${entries.length + 1}`,
      title: `${failure.problem} (${failure.transport}, seed ${failure.seed ?? "-"})`,
      header: { lines: [...failure.header.lines], ...(failure.header.name !== undefined && { name: failure.header.name }) },
    });
  }
  if (added > 0) {
    // Whole or not at all: a disk that fills leaves the old corpus and no partial file.
    const partial = `${path}.partial-${process.pid}`;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(partial, `${JSON.stringify({ version: 1, entries }, null, 2)}\n`);
      renameSync(partial, path);
    } catch (error) {
      rmSync(partial, { force: true });
      throw new CorpusFileError(`could not add ${added} counterexample(s) to ${path}: ${(error as Error).message}`);
    }
  }
  return added;
}
