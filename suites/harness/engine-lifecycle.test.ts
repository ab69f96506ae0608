/**
 * The engine belongs to the harness: free loopback ports, a fresh temp dir, a
 * bounded start, and a stop that leaves no process and no dir behind, also
 * when the owning process fails, is interrupted or is killed outright.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import getPort from "get-port";
import { setup } from "rivetkit";
import { afterEach, describe, expect, onTestFinished, test } from "vitest";
import { resolveEngineBinary } from "../../harness/engine/binary.js";
import { connectEngine, startEngine } from "../../harness/engine/engine.js";
import { EngineError } from "../../harness/engine/errors.js";
import { waitHealthy } from "../../harness/engine/health.js";
import { originLine } from "../../harness/origin/header.js";
import { probe } from "../../harness/probes/probe.js";
import { hostRegistry, withEngineSpawnRefused } from "../../harness/registry/host.js";
import { seedAllowlist } from "../../reference-actors/correct/seed-allowlist.js";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

const owners: ChildProcess[] = [];
afterEach(() => {
  for (const owner of owners.splice(0)) if (owner.exitCode === null) owner.kill("SIGKILL");
});

/** Starts a separate process that owns an engine; resolves with what it reports. */
async function engineOwner(...args: string[]) {
  const owner = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "fixtures/own-an-engine.ts"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  owners.push(owner);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: owner.stdout! }).once("line", resolve);
    owner.once("exit", (code) => reject(new Error(`owner exited with ${code}`)));
  });
  return { owner, ...(JSON.parse(line) as { pid: number; dataDir: string; endpoint: string }) };
}

describe("spawned engine", () => {
  test("runs on free loopback ports with a temp dir, and stop() leaves nothing behind", async () => {
    const engine = await startEngine();
    const { pid, dataDir, ports } = engine;
    expect(engine.mode).toBe("spawned");
    expect(engine.endpoint).toBe(`http://127.0.0.1:${ports!.guard}`);
    expect([ports!.guard, ports!.apiPeer, ports!.metrics]).not.toContain(6420);
    expect(dataDir!.startsWith(tmpdir())).toBe(true);
    expect(existsSync(dataDir!)).toBe(true);
    expect(isAlive(pid!)).toBe(true);
    await engine.stop();
    expect(isAlive(pid!)).toBe(false);
    expect(existsSync(dataDir!)).toBe(false);
    expect(await portIsClosed(ports!.guard)).toBe(true);
  });

  test.each([
    ["SIGKILL of the owner", "SIGKILL"],
    ["SIGTERM of the owner", "SIGTERM"],
    ["SIGINT (Ctrl-C) of the owner", "SIGINT"],
  ] as const)("%s stops the engine and removes its dir", async (_title, signal) => {
    const { owner, pid, dataDir } = await engineOwner();
    expect(isAlive(pid)).toBe(true);
    owner.kill(signal);
    expect(await eventually(() => !isAlive(pid) && !existsSync(dataDir), 15_000)).toBe(true);
  });

  test("an uncaught exception in the owner stops the engine and removes its dir", async () => {
    const { pid, dataDir } = await engineOwner("--throw");
    expect(await eventually(() => !isAlive(pid) && !existsSync(dataDir), 15_000)).toBe(true);
  });

  test("a broken binary path is an infrastructure error that names the path", async () => {
    const error = await startEngine({ binary: "/nonexistent/rivet-engine" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: "binary-missing", message: expect.stringContaining("/nonexistent/rivet-engine") });
  });
});

describe("existing engine given by endpoint", () => {
  test("nothing is spawned: the harness probes a standalone engine as if it were remote", async () => {
    const dir = mkdtempSync(join(tmpdir(), "origin-conformance-standalone-"));
    const [guard, apiPeer, metrics] = [await getPort({ host: "127.0.0.1" }), await getPort({ host: "127.0.0.1" }), await getPort({ host: "127.0.0.1" })];
    const standalone = spawn(resolveEngineBinary(), ["start"], {
      env: {
        ...process.env,
        RIVET__GUARD__HOST: "127.0.0.1",
        RIVET__GUARD__PORT: String(guard),
        RIVET__API_PEER__HOST: "127.0.0.1",
        RIVET__API_PEER__PORT: String(apiPeer),
        RIVET__METRICS__HOST: "127.0.0.1",
        RIVET__METRICS__PORT: String(metrics),
        RIVET__FILE_SYSTEM__PATH: dir,
      },
      stdio: "ignore",
    });
    onTestFinished(async () => {
      standalone.kill("SIGKILL");
      await eventually(() => standalone.exitCode !== null || standalone.signalCode !== null, 5_000);
      rmSync(dir, { recursive: true, force: true });
    });
    const endpoint = `http://127.0.0.1:${guard}`;
    await waitHealthy(endpoint, 30_000);

    const engine = await connectEngine(endpoint);
    expect(engine).toMatchObject({ mode: "external", endpoint });
    expect(engine.pid).toBeUndefined();
    expect(engine.dataDir).toBeUndefined();
    const hosted = await hostRegistry(setup({ use: { seedAllowlist } }), engine);
    onTestFinished(() => hosted.shutdown());
    const instance = await hosted.newActor("seedAllowlist");
    const result = await probe({ endpoint, actorId: instance.actorId }, "websocket-connect", originLine("https://myapp.com"));
    expect(result.outcome.kind).toBe("accepted");
    await engine.stop();
    expect(standalone.exitCode).toBe(null);
  });

  test("an unreachable endpoint is an infrastructure error, quickly", async () => {
    const port = await getPort({ host: "127.0.0.1" });
    const startedAt = Date.now();
    const error = await connectEngine(`http://127.0.0.1:${port}`, 1_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unreachable", message: expect.stringContaining(`127.0.0.1:${port}`) });
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });
});

describe("rivetkit's own engine management is disarmed", () => {
  test("a registry pointed at a dead local endpoint fails instead of spawning an engine on 6420", async () => {
    const port = await getPort({ host: "127.0.0.1" });
    const dead = { mode: "external" as const, endpoint: `http://127.0.0.1:${port}`, readyMs: 0, died: () => undefined, stop: async () => {} };
    await expect(hostRegistry(setup({ use: { seedAllowlist } }), dead)).rejects.toMatchObject({ code: "unreachable" });

    // Past the harness's own health check: rivetkit's core would now spawn its engine; the stub it captured at start-up refuses.
    const binaryBefore = process.env.RIVET_ENGINE_BINARY;
    const registry = setup({ use: { seedAllowlist }, endpoint: dead.endpoint, noWelcome: true, startServices: false } as never) as ReturnType<typeof setup>;
    (registry.config as Record<string, unknown>).shutdown = { disableSignalHandlers: true };
    let storage = "";
    await expect(
      withEngineSpawnRefused(() => {
        expect(process.env.RIVET_ENGINE_BINARY).toMatch(/refuse-to-spawn\.mjs$/);
        storage = process.env.RIVETKIT_STORAGE_PATH!;
        return registry.startAndWait();
      }),
    ).rejects.toThrow();
    await registry.shutdown().catch(() => {});
    expect(await portIsClosed(6420)).toBe(true);
    // rivetkit made its engine's data dir there before the stub refused; this worker may end without an exit event.
    expect(storage.startsWith(tmpdir())).toBe(true);
    rmSync(storage, { recursive: true, force: true });
    // Only during start-up: afterwards a setupTest in this process gets the real binary (suites/versions/setup-test-coexistence.test.ts).
    expect(process.env.RIVET_ENGINE_BINARY).toBe(binaryBefore);
  }, 60_000);
});
