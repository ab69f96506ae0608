/**
 * A user's suite that calls rivetkit's `setupTest` (rivetkit/test) and
 * `describeOriginConformance` in one vitest run: `setupTest` in a file of its
 * own, and again after the harness in the harness's file. Both pass; the harness
 * runs on its own engine, never on rivetkit's default engine (6420), and never
 * stops it; the harness's engine is gone at the end. A `setupTest` after the
 * harness in the same worker gets the real engine binary, not the harness's
 * refuse-to-spawn stub (registry/host.ts sets it only while it starts a registry).
 * Not tested, because it cannot work: `setupTest` before the harness in one
 * worker (rivetkit serves only the first registry started in a process, and
 * setupTest never stops its registry; see docs/rivetkit-versions.md).
 *
 * The run has a HOME of its own: rivetkit keeps its default engine's state in
 * ~/.rivetkit and leaves that engine running on purpose; this test stops what the
 * run left (found by that HOME in its environment), by pid.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, expect, test } from "vitest";
import { pidsListeningOn } from "../../harness/engine/port-owner.js";
import { guardModule, installUserProject, MANIFEST, packInto, run, type UserProject } from "../package/user-project.js";

const DEFAULT_ENGINE_PORT = 6420;

const COUNTER = `import { actor, setup } from "rivetkit";
export const counter = actor({ state: { count: 0 }, actions: { increment: (c, by: number) => (c.state.count += by) } });
export const before = setup({ use: { counter } });
export const after = setup({ use: { counter } });
`;

/** rivetkit/test on its own, in a file of its own (vitest runs each file in a process of its own). */
const SETUP_TEST_SUITE = `import { setupTest } from "rivetkit/test";
import { expect, test } from "vitest";
import { before } from "./counter.js";

test("setupTest: a counter on rivetkit's default engine", async (c) => {
  const { client } = await setupTest(c, before);
  expect(await client.counter.getOrCreate(["before"]).increment(2)).toBe(2);
});
`;

/** The harness, then rivetkit/test in the same file and worker. */
const BOTH_SUITE = `import { writeFileSync } from "node:fs";
import { setupTest } from "rivetkit/test";
import { describeOriginConformance } from "rivet-origin-conformance/vitest";
import { describe, expect, inject, test } from "vitest";
import { after } from "./counter.js";
import { registry } from "./guarded.js";

describe("the harness's engine", () => {
  test("is its own, not rivetkit's default", () => {
    const engine = inject("originConformanceEngine");
    writeFileSync("harness-engine.json", JSON.stringify(engine));
    expect(engine.mode).toBe("spawned");
    expect(engine.endpoint).not.toMatch(/:${DEFAULT_ENGINE_PORT}$/);
  });
});

describeOriginConformance({
  registry,
  actor: "chat",
  policy: { allow: ["https://chat.example.org", "https://www.chat.example.org"] },
  runs: 20,
  transports: ["http-action", "websocket-connect"],
});

describe("rivetkit/test after the harness, in the same worker", () => {
  test("setupTest: a counter on rivetkit's default engine", async (c) => {
    const { client } = await setupTest(c, after);
    expect(await client.counter.getOrCreate(["after"]).increment(3)).toBe(3);
  });
});
`;

const VITEST_CONFIG = `import { defineConfig } from "vitest/config";
export default defineConfig({
  test: { globalSetup: ["rivet-origin-conformance/vitest/global-setup"], testTimeout: 300_000, hookTimeout: 300_000 },
});
`;

let packDir = "";
let home = "";
let project: UserProject | undefined;
const realRivetkitHomeBefore = existsSync(join(homedir(), ".rivetkit"));

/** Processes started under `home` (their environment says so): what the run caused, whoever their parent is now. */
function processesUnder(homeDir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(`HOME=${homeDir}`);
      } catch {
        return false;
      }
    });
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
const commandOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");

async function stopByPid(pids: readonly number[]) {
  for (const pid of pids) process.kill(pid, "SIGTERM");
  for (let waited = 0; waited < 10_000 && pids.some(alive); waited += 100) await delay(100);
  for (const pid of pids.filter(alive)) process.kill(pid, "SIGKILL");
}

beforeAll(async () => {
  packDir = mkdtempSync(join(tmpdir(), "origin-conformance-pack-"));
  home = mkdtempSync(join(tmpdir(), "origin-conformance-home-"));
  project = await installUserProject({
    tarballPath: join(packDir, await packInto(packDir)),
    rivetkit: MANIFEST.devDependencies.rivetkit!,
    files: { "vitest.config.ts": VITEST_CONFIG, "guarded.ts": guardModule("ALLOWED.includes(origin)"), "counter.ts": COUNTER, "setup-test.test.ts": SETUP_TEST_SUITE, "both.test.ts": BOTH_SUITE },
  });
}, 600_000);

afterAll(async () => {
  if (home) await stopByPid(processesUnder(home));
  project?.remove();
  for (const dir of [packDir, home]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test("setupTest and describeOriginConformance in one run: both pass, each on its own engine", { timeout: 600_000 }, async () => {
  expect(pidsListeningOn(DEFAULT_ENGINE_PORT), `port ${DEFAULT_ENGINE_PORT} is taken before the run: this test cannot tell rivetkit's default engine apart`).toEqual([]);
  const directory = project!.directory;
  const result = await run(join(directory, "node_modules/.bin/vitest"), ["run", "--reporter=verbose"], directory, 540_000, {
    HOME: home,
    RIVETKIT_STORAGE_PATH: undefined,
    RIVET_ENGINE_BINARY: undefined,
    RIVET_ENDPOINT: undefined,
  });
  expect(result.code, result.output).toBe(0);
  expect(result.output).toMatch(/✓ setup-test\.test\.ts > setupTest: a counter/);
  expect(result.output).toMatch(/✓ both\.test\.ts > rivetkit\/test after the harness, in the same worker > setupTest/);
  expect(result.output).toMatch(/✓ both\.test\.ts > origin conformance: chat > verdict: conformant/);
  expect(result.output).toMatch(/transport \(websocket-connect\)/);
  expect(result.output).not.toMatch(/refuse-to-spawn|binary_unavailable/);

  // rivetkit's default engine: started by setupTest under this HOME, still running (the harness did not stop it).
  const listeners = pidsListeningOn(DEFAULT_ENGINE_PORT);
  expect(listeners).toHaveLength(1);
  expect(commandOf(listeners[0]!)).toMatch(/rivet-engine/);
  expect(processesUnder(home)).toContain(listeners[0]);
  expect(existsSync(join(home, ".rivetkit"))).toBe(true);
  expect(existsSync(join(homedir(), ".rivetkit"))).toBe(realRivetkitHomeBefore);

  // The harness's own engine: another process, gone now.
  const harnessEngine = JSON.parse(readFileSync(join(directory, "harness-engine.json"), "utf8")) as { pid: number };
  expect(harnessEngine.pid).not.toBe(listeners[0]);
  expect(alive(harnessEngine.pid)).toBe(false);
});
