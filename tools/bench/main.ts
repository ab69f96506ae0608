/**
 * pnpm bench: the figures of docs/performance.md's table, measured on this
 * machine, and the table regenerated (between its markers).
 *
 *   pnpm bench                 the check of one actor per profile (CLI wall time,
 *                              engine start included, median of --rounds, default 5)
 *                              and probes/s through the harness against the
 *                              engine's floor (a raw loop), per transport
 *   pnpm bench --suites        also the wall time of `pnpm test` and `pnpm test:full`
 *                              (about 5 and 25 minutes on 2 cores)
 *   pnpm bench --registry      also whole-registry checks of 1, 5 and 20 generated actors
 *   --no-checks, --no-floor    leave those parts out; --profiles default checks one profile only
 *   --details                  also the knee curves, engine start, peak RSS and
 *                              in-process decisions/s, as JSON lines
 *   --no-write                 print the table, leave docs/performance.md alone
 *
 * Rows not measured in this run keep their earlier figures and date. The
 * machine's load average is recorded with each row: on a shared machine a
 * figure means little without it.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import type { Profile } from "../../harness/conformance/run.js";
import { median } from "../../harness/concurrency/knee.js";
import { startEngine } from "../../harness/engine/engine.js";
import { TRANSPORT_IDS } from "../../harness/transports/index.js";
import { measureDetails } from "./details.js";
import { harnessAgainstFloor } from "./floor.js";
import { mergeRows, previousRows, rewriteTable, type TableRow } from "./performance-table.js";
import { REGISTRY_SIZES, timeRegistryCheck } from "./registry-scale.js";
import { PROFILE_CHECK_ARGS, type TimedRun, timeProfileCheck, timeScript } from "./run-times.js";

const DOC = fileURLToPath(new URL("../../docs/performance.md", import.meta.url));
const FLOOR_CONCURRENCY = 32;

const SUITES = [
  { script: "test", what: "`pnpm test` (fast tier), wall time", target: "<= 5 min", boundMs: 20 * 60_000 },
  { script: "test:full", what: "`pnpm test:full` (fast and slow tiers), wall time", target: "", boundMs: 90 * 60_000 },
] as const;
const PROFILE_ROWS: readonly { profile: Profile; what: string; target: string }[] = [
  { profile: "default", what: "one actor, default profile: CLI wall time, engine start included", target: "<= 10 s" },
  { profile: "thorough", what: "one actor, thorough profile: CLI wall time, engine start included", target: "" },
];
const registryWhat = (actors: number) => `whole registry of ${actors} actor(s), default profile: CLI wall time, engine start included`;
const floorWhat = (transport: string) => `probes/s at concurrency ${FLOOR_CONCURRENCY}, harness / engine floor (raw loop): ${transport}`;

const ORDER = [
  ...SUITES.map((suite) => ({ what: suite.what, command: `pnpm ${suite.script}`, target: suite.target })),
  ...PROFILE_ROWS.map((row) => ({ what: row.what, command: `pnpm conformance ${PROFILE_CHECK_ARGS.join(" ")} --profile ${row.profile}`, target: row.target })),
  ...REGISTRY_SIZES.map((actors) => ({ what: registryWhat(actors), command: "pnpm bench --registry", target: "" })),
  ...TRANSPORT_IDS.map((transport) => ({ what: floorWhat(transport), command: "pnpm bench", target: "about 1.0 (the engine is the ceiling)" })),
];

const positive = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError("a whole number >= 1");
  return number;
};

function profileList(value: string): Profile[] {
  const profiles = value.split(",").map((profile) => profile.trim());
  const unknown = profiles.filter((profile) => !PROFILE_ROWS.some((row) => row.profile === profile));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown profile ${unknown.join(", ")}`);
  return profiles as Profile[];
}

const program = new Command("pnpm bench")
  .description("measure the figures of docs/performance.md and regenerate its table")
  .option("--suites", "also time `pnpm test` and `pnpm test:full` (about 30 minutes)", false)
  .option("--no-checks", "leave out the check of one actor per profile")
  .option("--no-floor", "leave out probes/s against the engine's floor")
  .option("--rounds <n>", "CLI checks per profile (the median is reported)", positive, 5)
  .option("--profiles <list>", `the profiles to check (comma-separated: ${PROFILE_ROWS.map((row) => row.profile).join(",")})`, profileList, PROFILE_ROWS.map((row) => row.profile))
  .option("--registry", "also time whole-registry checks of 1, 5 and 20 generated actors (a few minutes)", false)
  .option("--floor-rounds <n>", "rounds per transport against the floor", positive, 3)
  .option("--details", "also print the knee curves, engine start, peak RSS and in-process decisions/s as JSON lines", false)
  .option("--no-write", "print the table only; leave docs/performance.md unchanged")
  .parse();
const flags = program.opts<{ suites: boolean; registry: boolean; checks: boolean; floor: boolean; rounds: number; profiles: Profile[]; floorRounds: number; details: boolean; write: boolean }>();

const when = () => `${new Date().toISOString().slice(0, 16).replace("T", " ")}, load ${loadavg().map((load) => load.toFixed(2)).join(" ")}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const exits = (runs: readonly TimedRun[]) => [...new Set(runs.map((run) => run.exitCode))].join(", ");
const say = (line: string) => process.stderr.write(`${line}\n`);

const fresh: TableRow[] = [];
const slot = (what: string) => ORDER.find((row) => row.what === what)!;

if (flags.suites) {
  for (const suite of SUITES) {
    const at = when();
    say(`timing pnpm ${suite.script} ...`);
    const run = await timeScript(suite.script, suite.boundMs);
    const measured = `${seconds(run.ms)} (${(run.ms / 60_000).toFixed(1)} min), exit ${run.exitCode}${run.lastLine ? `; ${run.lastLine.trim().replace(/\s+/g, " ")}` : ""}`;
    say(`  ${measured}`);
    fresh.push({ ...slot(suite.what), measured, when: at });
  }
}

if (flags.checks) {
  for (const row of PROFILE_ROWS.filter((each) => flags.profiles.includes(each.profile))) {
    const at = when();
    const runs: TimedRun[] = [];
    for (let round = 0; round < flags.rounds; round++) {
      runs.push(await timeProfileCheck(row.profile, 5 * 60_000));
      say(`${row.profile} profile, check ${round + 1}/${flags.rounds}: ${seconds(runs.at(-1)!.ms)}, exit ${runs.at(-1)!.exitCode}`);
    }
    const measured = `median ${seconds(median(runs.map((run) => run.ms)))} of ${runs.length} (${runs.map((run) => (run.ms / 1000).toFixed(1)).join(", ")}), exit ${exits(runs)}`;
    fresh.push({ ...slot(row.what), measured, when: at });
  }
}

if (flags.registry) {
  let single: number | undefined;
  for (const actors of REGISTRY_SIZES) {
    const at = when();
    const run = await timeRegistryCheck(actors, 15 * 60_000);
    single ??= run.ms;
    const measured = `${seconds(run.ms)}, ${(run.ms / single).toFixed(1)}x one actor, exit ${run.exitCode}`;
    say(`registry of ${actors}: ${measured}`);
    fresh.push({ ...slot(registryWhat(actors)), measured, when: at });
  }
}

if (flags.floor) {
  const at = when();
  const engine = await startEngine();
  try {
    for (const row of await harnessAgainstFloor(engine, [FLOOR_CONCURRENCY], flags.floorRounds)) {
      const measured = `${row.harness} / ${row.raw} = ${row.ratio.toFixed(2)} (medians of ${row.rounds} rounds of ${row.probesPerRound} probes)`;
      say(`${row.transport}: ${measured}`);
      fresh.push({ ...slot(floorWhat(row.transport)), measured, when: at });
    }
  } finally {
    await engine.stop();
  }
}

if (flags.details) await measureDetails(flags.floorRounds, (line) => process.stdout.write(`${JSON.stringify(line)}\n`));

if (flags.write) {
  rewriteTable(DOC, ORDER, fresh);
  say(`docs/performance.md: table regenerated (${fresh.length} row(s) measured now)`);
}
process.stdout.write(`${mergeRows(ORDER, fresh, previousRows(readFileSync(DOC, "utf8"))).join("\n")}\n`);

// rivetkit's native runtime keeps handles open after shutdown.
process.exit(0);
