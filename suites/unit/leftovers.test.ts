/**
 * Which engine dirs are leftovers: only those with the harness's marker whose
 * owner is gone (another boot, or its pid now belongs to a process started at
 * another time); a live owner's dir and an unmarked dir are never removed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { cleanLeftovers, findLeftovers } from "../../harness/engine/leftovers.js";
import { currentOwner, markEngineDir, type Owner, ownerAlive } from "../../harness/engine/ownership.js";

const tmp = mkdtempSync(join(tmpdir(), "origin-conformance-unittest-leftovers-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
}

function engineDir(name: string, owner?: Owner): string {
  const dir = join(tmp, `origin-conformance-engine-${name}`);
  mkdirSync(join(dir, "db"), { recursive: true });
  if (owner !== undefined) markEngineDir(dir, owner);
  return dir;
}

describe("ownership › is the owner alive", () => {
  test("this process is; the same pid with another start time, another boot, or an exited pid is not", () => {
    const me = currentOwner();
    expect(ownerAlive(me)).toBe(true);
    expect(ownerAlive({ ...me, startTime: `${me.startTime}1` })).toBe(false);
    expect(ownerAlive({ ...me, bootId: "another-boot" })).toBe(false);
    expect(ownerAlive({ ...me, pid: deadPid() })).toBe(false);
  });
});

describe("leftovers › dirs", () => {
  test("named and removed: marked with a gone owner; kept: a live owner's, and an unmarked one (named as such)", async () => {
    const me = currentOwner();
    const crashed = engineDir("crashed", { ...me, pid: deadPid() });
    const rebooted = engineDir("rebooted", { ...me, bootId: "another-boot" });
    const live = engineDir("live", me);
    const unmarked = engineDir("unmarked");
    const found = findLeftovers(tmp);
    expect(found.dirs).toEqual([crashed, rebooted].sort());
    expect(found.unmarkedDirs).toEqual([unmarked]);
    const cleaned = await cleanLeftovers(tmp);
    expect([...cleaned.removed].sort()).toEqual([crashed, rebooted].sort());
    expect(cleaned.notRemoved).toEqual([unmarked]);
    expect([crashed, rebooted].map(existsSync)).toEqual([false, false]);
    expect([live, unmarked].map(existsSync)).toEqual([true, true]);
  });
});
