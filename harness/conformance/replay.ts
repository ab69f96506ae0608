import type { TransportId } from "../transports/index.js";

/** What reproduces one failure, as data. */
export interface ReplayData {
  readonly transport: TransportId;
  /** The fast-check seed and path of a generated value (random, history, screening). */
  readonly seed?: number;
  readonly path?: string;
  /** The corpus case, for a failure of the deterministic corpus. */
  readonly caseId?: string;
}

/** Where the user replays from: the CLI (with the module and policy as flags) or their vitest suite. */
export type ReplayForm =
  | { readonly kind: "cli"; readonly module: string; readonly actor: string; readonly policyFlags: string; readonly endpoint?: string }
  | { readonly kind: "vitest"; readonly actor: string }
  | { readonly kind: "library" };

/** The one renderer of replay commands: a failure's replay data, in the user's form (a path replays against the run's seed and random-case count). */
export function renderReplay(form: ReplayForm, replay: ReplayData, run: { readonly seed: number; readonly runs: number }): string {
  const seed = replay.seed ?? run.seed;
  const corpusCase = replay.caseId ?? "(see origin)";
  switch (form.kind) {
    case "cli": {
      const base = `pnpm conformance check ${form.module} --actor ${form.actor} ${form.policyFlags} --transport ${replay.transport}`;
      const endpoint = form.endpoint ? ` --endpoint ${form.endpoint}` : "";
      if (replay.path !== undefined) return `${base} --seed ${seed} --path ${replay.path} --runs ${run.runs}${endpoint}`;
      return `${base} --seed ${seed}${endpoint}   # corpus case ${corpusCase}`;
    }
    case "vitest":
      return replay.path !== undefined
        ? `ORIGIN_CONFORMANCE_SEED=${seed} ORIGIN_CONFORMANCE_PATH=${replay.path} ORIGIN_CONFORMANCE_RUNS=${run.runs} npx vitest run -t "${form.actor}"`
        : `ORIGIN_CONFORMANCE_SEED=${seed} npx vitest run -t "${form.actor}" (corpus case ${corpusCase})`;
    case "library":
      return replay.path !== undefined
        ? `{ seed: ${seed}, path: "${replay.path}", runs: ${run.runs}, transports: ["${replay.transport}"] }`
        : `{ seed: ${seed}, transports: ["${replay.transport}"] } (corpus case ${corpusCase})`;
  }
}
