/**
 * Reports that cannot be written. A --report-dir that cannot take a file
 * (read-only, or a path through a file) is bad input: exit 2, named before the
 * engine starts or any probe runs. A disk that fills during the run: the
 * verdict is still printed, the run exits 3, and no partial file is left (the
 * reports are written aside and renamed only when all are whole).
 *
 * Before the fix (commit 6f5143e): a read-only dir was found only after the
 * whole run (exit 3, "unexpected error"), and a full disk left
 * report.json.partial-PID behind without printing the verdict.
 *
 * The read-only and disk-full cases mount a small tmpfs, which needs root (CAP_SYS_ADMIN).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { type CliChild, DOCS_FLAGS, harnessLeftovers, leftoverProcesses, spawnCli } from "./support.js";

const scratch = mkdtempSync(join(tmpdir(), "origin-conformance-faulttest-reportdir-"));
const mounts: string[] = [];
const runs: CliChild[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.cleanup();
  for (const mount of mounts.splice(0)) execFileSync("umount", [mount]);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Mounts a tmpfs of `size` (e.g. "1m") at a fresh dir; undefined where this process may not mount. */
function tmpfs(size: string, readOnly = false): string | undefined {
  const at = mkdtempSync(join(scratch, "mount-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}${readOnly ? ",ro" : ""}`, "tmpfs", at], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  mounts.push(at);
  return at;
}

const canMount = (() => {
  const probe = tmpfs("64k");
  if (probe === undefined) return false;
  execFileSync("umount", [mounts.pop()!]);
  return true;
})();

const CHECK = ["check", "reference-actors/registry.ts", "--actor", "seed-allowlist", ...DOCS_FLAGS, "--transport", "http-action", "--runs", "5", "--seed", "2", "--screen", "0"];

function cliWithReportDir(reportDir: string): CliChild {
  const run = spawnCli([...CHECK, "--report-dir", reportDir], { reportArgs: false });
  runs.push(run);
  return run;
}

async function expectBadReportDir(run: CliChild, reportDir: string, cause: RegExp) {
  const { code, at } = await run.exited;
  expect(code, run.stderr()).toBe(2);
  expect(run.stderr()).toMatch(new RegExp(`origin-conformance: --report-dir ${reportDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} cannot be written: `));
  expect(run.stderr()).toMatch(cause);
  expect(run.stderr(), "no probe ran").not.toMatch(/corpus: /);
  expect(run.stderr(), "one message, no stack trace").not.toMatch(/\n\s+at /);
  expect(at).toBeGreaterThan(0);
  expect(await leftoverProcesses(run.mark)).toBe("");
  expect(harnessLeftovers(run.tmp), "no engine was started").toEqual([]);
}

describe("fault (report dir cannot be written) › before the run", () => {
  test("a path through a file: exit 2, named before any probe", { timeout: 60_000 }, async () => {
    const file = join(scratch, "a-file");
    writeFileSync(file, "");
    const reportDir = join(file, "reports");
    await expectBadReportDir(cliWithReportDir(reportDir), reportDir, /ENOTDIR/);
  });

  test.skipIf(!canMount)("a read-only file system: exit 2, named before any probe (skipped where tmpfs cannot be mounted: needs root)", { timeout: 60_000 }, async () => {
    const mount = tmpfs("64k", true)!;
    const reportDir = join(mount, "reports");
    await expectBadReportDir(cliWithReportDir(reportDir), reportDir, /EROFS/);
  });
});

describe("fault (disk full) › during the run", () => {
  test.skipIf(!canMount)("the verdict is printed, exit 3, no partial file (skipped where tmpfs cannot be mounted: needs root)", { timeout: 180_000 }, async () => {
    const mount = tmpfs("1m")!;
    const reportDir = join(mount, "reports");
    const run = cliWithReportDir(reportDir);
    await run.waitFor(/seed-allowlist corpus: /, 60_000);
    // The disk fills while the run probes: a filler takes every free byte.
    try {
      writeFileSync(join(mount, "filler"), Buffer.alloc(2 * 1024 * 1024));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe("ENOSPC");
    }
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(3);
    expect(run.stderr()).toMatch(/verdict: conformant; the reports could not be written to .*ENOSPC.*; nothing there was changed/);
    expect(existsSync(reportDir) ? readdirSync(reportDir) : [], "no report file, whole or partial").toEqual([]);
    expect(await leftoverProcesses(run.mark)).toBe("");
    expect(harnessLeftovers(run.tmp)).toEqual([]);
  });
});

describe("regression corpus › default place", () => {
  test("check without --corpus keeps it in .origin-conformance/ of the working dir, never origin-conformance-corpus.json", { timeout: 120_000 }, async () => {
    const cwd = mkdtempSync(join(scratch, "cwd-"));
    mkdirSync(join(cwd, "reports"));
    // A known-bad guard finds random counterexamples, which the corpus keeps.
    const run = spawnCli(["check", join(process.cwd(), "reference-actors/registry.ts"), "--actor", "prefix-match", ...DOCS_FLAGS, "--transport", "http-action", "--runs", "30", "--seed", "4", "--screen", "0", "--report-dir", join(cwd, "reports")], { reportArgs: false, cwd });
    runs.push(run);
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(1);
    expect(run.stderr()).toMatch(/new counterexample\(s\) added to \.origin-conformance\/corpus\.json/);
    expect(readdirSync(cwd).sort()).toEqual([".origin-conformance", "reports"]);
    expect(readdirSync(join(cwd, ".origin-conformance"))).toEqual(["corpus.json"]);
  });
});
