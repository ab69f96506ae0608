/**
 * The committed tier mapping (suites/tiers.json) against what vitest runs:
 * `vitest list --filesOnly --json` names each test file with the project
 * (tier) that runs it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";

export const REPOSITORY = join(import.meta.dirname, "..");

export type TierMapping = Readonly<Record<string, readonly string[]>>;

/** One row of `vitest list --filesOnly --json`. */
export interface ListedFile {
  readonly file: string;
  readonly projectName?: string;
}

export function committedTiers(): TierMapping {
  const { about: _about, ...tiers } = JSON.parse(readFileSync(join(REPOSITORY, "suites/tiers.json"), "utf8")) as Record<string, unknown>;
  return tiers as TierMapping;
}

/** What vitest would run, per file and project, from the repository's config; bounded in time. */
export function listedFiles(): ListedFile[] {
  const listed = spawnSync(join(REPOSITORY, "node_modules/.bin/vitest"), ["list", "--filesOnly", "--json"], { cwd: REPOSITORY, encoding: "utf8", timeout: 60_000 });
  if (listed.status !== 0) throw new Error(`vitest list failed (${listed.status ?? listed.signal}):\n${listed.stderr}`);
  return (JSON.parse(listed.stdout) as ListedFile[]).map((row) => ({ ...row, file: relative(REPOSITORY, row.file) }));
}

/** Every way the mapping and the listing disagree, one line each; empty when each listed file is in exactly its mapped tier. */
export function tierMismatches(mapping: TierMapping, listing: readonly ListedFile[]): string[] {
  const problems: string[] = [];
  const mappedTier = new Map<string, string>();
  for (const [tier, files] of Object.entries(mapping)) {
    for (const file of files) {
      const earlier = mappedTier.get(file);
      if (earlier !== undefined) problems.push(`${file}: mapped to ${earlier} and to ${tier}`);
      else mappedTier.set(file, tier);
    }
  }
  const listedTiers = new Map<string, string[]>();
  for (const row of listing) listedTiers.set(row.file, [...(listedTiers.get(row.file) ?? []), row.projectName ?? "(no project)"]);
  for (const [file, tiers] of listedTiers) {
    const mapped = mappedTier.get(file);
    if (tiers.length > 1) problems.push(`${file}: run by ${tiers.length} projects (${tiers.join(", ")})`);
    if (mapped === undefined) problems.push(`${file}: not in suites/tiers.json (vitest runs it in ${tiers.join(", ")})`);
    else if (!tiers.includes(mapped)) problems.push(`${file}: mapped to ${mapped}, but vitest runs it in ${tiers.join(", ")}`);
  }
  for (const file of mappedTier.keys()) if (!listedTiers.has(file)) problems.push(`${file}: in suites/tiers.json, but vitest runs no such file`);
  return problems;
}
