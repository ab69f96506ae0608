/**
 * The version matrix: for each supported rivetkit, a user project (the packed
 * package, installed next to that rivetkit) where the seed guard checks
 * conformant, a known-bad guard is caught, the key calibration facts hold, and
 * the wire facts match the version's expectation file
 * (harness/calibration/versions). Slow (an install per version): `pnpm test:versions`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { wireExpectationFor } from "../../harness/calibration/wire-expectations.js";
import { ROWS } from "../calibration/rows.js";
import { guardModule, installUserProject, MANIFEST, packInto, run, type UserProject } from "../package/user-project.js";
import { CALIBRATION_SCRIPT, type CalibrationInput, type CalibrationOutput } from "./calibrate-in-project.js";

const VERSIONS = ["2.3.17", "2.3.18", "2.3.19"] as const;

/** The version each release's rivet-engine reports (measured 2026-11-30 with `--version`): engine-cli 2.3.18 ships an engine that says 2.3.17. */
const ENGINE_SAYS: Record<(typeof VERSIONS)[number], string> = { "2.3.17": "2.3.17", "2.3.18": "2.3.17", "2.3.19": "2.3.19" };

/** One row per rule of the stack's rewriting: missing, empty, trimmed, last line wins, non-ASCII dropped, control byte refused, header-name case. */
const KEY_ROWS = ["no-origin-line", "empty-value", "leading-trailing-sp", "two-lines-last-wins", "latin1-byte-drops-header", "vt-engine-400", "mixed-case-header-name"];
const TRANSPORTS = ["http-action", "http-queue", "websocket-connect"];
const ALLOW = ["--allow", "https://chat.example.org", "--allow", "https://www.chat.example.org"];

let packDir = "";
let tarballPath = "";

beforeAll(async () => {
  packDir = mkdtempSync(join(tmpdir(), "origin-conformance-pack-"));
  tarballPath = join(packDir, await packInto(packDir));
}, 240_000);

afterAll(() => {
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

describe.each(VERSIONS)("rivetkit %s", (version) => {
  let project: UserProject | undefined;
  const dir = () => project!.directory;

  beforeAll(async () => {
    const input: CalibrationInput = { rows: ROWS.filter((row) => KEY_ROWS.includes(row.id)).map(({ id, header }) => ({ id, header })), transports: TRANSPORTS };
    project = await installUserProject({
      tarballPath,
      rivetkit: version,
      extraDevDependencies: { tsx: MANIFEST.dependencies.tsx! },
      files: {
        "good-registry.ts": guardModule("ALLOWED.includes(origin)"),
        "bad-registry.ts": guardModule("ALLOWED.some((allowed) => origin.startsWith(allowed))"),
        "calibrate.ts": CALIBRATION_SCRIPT,
        "calibration-input.json": JSON.stringify(input),
      },
    });
  }, 600_000);

  afterAll(() => project?.remove());

  test("one copy of rivetkit and of the engine is installed: the user's", async () => {
    const store = readdirSync(join(dir(), "node_modules/.pnpm"));
    const versionsOf = (name: string) => [...new Set(store.filter((entry) => entry.startsWith(`${name}@`)).map((entry) => /@(\d+\.\d+\.\d+)/.exec(entry.slice(name.length))![1]))];
    expect(versionsOf("rivetkit")).toEqual([version]);
    expect(versionsOf("@rivetkit+engine-cli")).toEqual([version]);
    const why = await run("pnpm", ["why", "rivetkit"], dir(), 60_000);
    expect(why.code, why.output).toBe(0);
    expect([...new Set(why.output.match(/rivetkit@?\s?\d+\.\d+\.\d+/g)?.map((hit) => /\d+\.\d+\.\d+/.exec(hit)![0]))]).toEqual([version]);
  });

  test("the seed guard checks conformant; the report names this rivetkit and its engine", { timeout: 300_000 }, async () => {
    const reportDir = join(dir(), "reports-good");
    const result = await run("pnpm", ["exec", "origin-conformance", "check", "good-registry.ts", ...ALLOW, "--runs", "30", "--report-dir", reportDir], dir(), 290_000);
    expect(result.code, result.output).toBe(0);
    const report = JSON.parse(readFileSync(join(reportDir, "report.json"), "utf8"));
    // The engine is the one of the user's rivetkit: its engine-cli is this version.
    expect(report).toMatchObject({ verdict: "conformant", rivetkitVersion: version, engine: { mode: "spawned", version: ENGINE_SAYS[version], engineCli: version } });
    const engine = `engine ${ENGINE_SAYS[version]} (spawned, @rivetkit/engine-cli ${version})`;
    expect(result.output).toContain(`rivetkit ${version}, ${engine}, Node ${process.version}`);
    expect(readFileSync(join(reportDir, "report.md"), "utf8")).toContain(`rivetkit ${version} · Node ${process.version} · ${engine}`);
    expect(readFileSync(join(reportDir, "report.html"), "utf8")).toContain(`rivetkit ${version} · Node ${process.version} · ${engine}`);
  });

  test("a startsWith guard is caught", { timeout: 300_000 }, async () => {
    const reportDir = join(dir(), "reports-bad");
    const result = await run("pnpm", ["exec", "origin-conformance", "check", "bad-registry.ts", ...ALLOW, "--runs", "30", "--screen", "0", "--transport", "http-action,websocket-connect", "--report-dir", reportDir], dir(), 290_000);
    expect(result.code, result.output).toBe(1);
    expect(result.output).toContain("https://chat.example.org.");
  });

  test("the calibration facts hold, and the wire facts are the version's expectation file", { timeout: 300_000 }, async () => {
    const result = await run("pnpm", ["exec", "tsx", "calibrate.ts"], dir(), 290_000);
    expect(result.code, result.output).toBe(0);
    const measured = JSON.parse(readFileSync(join(dir(), "calibration.json"), "utf8")) as CalibrationOutput;
    expect(measured.rows).toHaveLength(KEY_ROWS.length * TRANSPORTS.length);
    for (const row of measured.rows) {
      const { seen } = ROWS.find((candidate) => candidate.id === row.id)!;
      const where = `${row.id} over ${row.transport}: ${JSON.stringify(row.outcome)}`;
      if (seen === "engine-400") {
        expect(row.outcome, where).toMatchObject({ kind: "transport-rejected", status: 400 });
        expect(row.seen, where).toEqual([]);
      } else {
        expect(row.outcome.kind, where).toBe("accepted");
        expect(row.seen, where).toEqual([seen.value]);
      }
    }
    const wire = wireExpectationFor(version);
    expect(wire.measuredOn).toContain(version);
    for (const { transport, outcome } of measured.userErrorRejections) {
      expect(outcome, transport).toMatchObject({ kind: "rejected", group: "user", code: "origin_not_allowed" });
      if (transport.startsWith("http-")) expect(outcome, transport).toMatchObject({ status: wire.userErrorHttpStatus });
      else expect(outcome, transport).toMatchObject({ closeCode: wire.websocketRejectCloseCode });
    }
    for (const { transport, outcome } of measured.plainErrorRejections) {
      expect(outcome.kind, transport).toBe("rejected");
      if (outcome.kind === "rejected") expect(`${outcome.group}.${outcome.code}`, transport).toBe(wire.plainErrorCode);
    }
  });
});
