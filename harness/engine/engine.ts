import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import getPort from "get-port";
import type { RivetkitInstall } from "../versions/rivetkit.js";
import { engineCliVersion, resolveEngineBinary } from "./binary.js";
import { EngineError } from "./errors.js";
import { healthProblem, waitHealthy } from "./health.js";
import { ENGINE_DIR_PREFIX, isOurs, markEngineDir, type Owner, ownerEnvironment } from "./ownership.js";
import { portOwner } from "./port-owner.js";
import { engineVersionAt } from "./version.js";

/** rivetkit's own default engine ports; the harness never uses them. */
const RESERVED_PORTS = [6420, 6421, 6430];
const REAPER = fileURLToPath(new URL("./reaper.mjs", import.meta.url));

export interface EnginePorts {
  readonly guard: number;
  readonly apiPeer: number;
  readonly metrics: number;
}

export interface EngineHandle {
  /** "spawned": this harness owns the process; "external": an engine given by endpoint. */
  readonly mode: "spawned" | "external";
  /** The gateway (guard) endpoint, e.g. http://127.0.0.1:41234. */
  readonly endpoint: string;
  readonly pid?: number;
  readonly dataDir?: string;
  readonly ports?: EnginePorts;
  /** What the engine reports on /health; undefined when it says none. */
  readonly version?: string;
  /** The @rivetkit/engine-cli version the spawned binary came from; absent when RIVET_ENGINE_BINARY or `binary` chose it. */
  readonly engineCli?: string;
  /** Milliseconds from spawn (or first health check) to healthy. */
  readonly readyMs: number;
  /** Set once the engine has died on its own (spawned mode only). */
  readonly died: () => string | undefined;
  stop(): Promise<void>;
}

export interface StartEngineOptions {
  readonly binary?: string;
  /** Whose engine-cli provides the binary (engine/binary.ts); the harness's own rivetkit by default. */
  readonly rivetkit?: RivetkitInstall;
  /** Bound on spawn-to-healthy. */
  readonly readyTimeoutMs?: number;
  /** SIGTERM-to-SIGKILL grace period on stop. */
  readonly graceMs?: number;
  readonly attempts?: number;
}

async function freePorts(): Promise<EnginePorts> {
  const taken = new Set<number>(RESERVED_PORTS);
  const next = async () => {
    const port = await getPort({ host: "127.0.0.1", exclude: [...taken] });
    taken.add(port);
    return port;
  };
  return { guard: await next(), apiPeer: await next(), metrics: await next() };
}

function engineEnv(ports: EnginePorts, dataDir: string, owner: Owner): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...ownerEnvironment(dataDir, owner),
    RIVET__GUARD__HOST: "127.0.0.1",
    RIVET__GUARD__PORT: String(ports.guard),
    RIVET__API_PEER__HOST: "127.0.0.1",
    RIVET__API_PEER__PORT: String(ports.apiPeer),
    RIVET__METRICS__HOST: "127.0.0.1",
    RIVET__METRICS__PORT: String(ports.metrics),
    RIVET__FILE_SYSTEM__PATH: join(dataDir, "db"),
    RIVET__TELEMETRY__ENABLED: "false",
    RUST_LOG: process.env.RIVET_ENGINE_LOG ?? "warn",
  };
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no engine log)";
  }
}

interface Spawned {
  reaper: ChildProcess;
  pid: number;
  exited: Promise<string>;
  /** The engine's last log lines, as its supervisor read them before removing the data dir. */
  exitLog: () => string;
}

/**
 * Starts the reaper, which starts the engine; resolves once the engine pid is known.
 *
 * Why the engine dies with whoever owns it, case by case:
 * - the engine is SIGKILLed: the reaper sees it exit, tells us (the run is cut
 *   off, exit 3) and removes the data dir;
 * - the harness is SIGKILLed (or crashes): the reaper sees its stdin close,
 *   stops the engine (SIGTERM, then SIGKILL after the grace period) and removes the dir;
 * - the reaper is SIGKILLed: we see it exit, SIGKILL the engine by the pid it
 *   sent (after checking in /proc that the pid still carries this dir's marker)
 *   and remove the dir (see startEngine);
 * - the run's whole process group is SIGKILLed (`kill -9 -PGID`, `timeout -s
 *   KILL`, CI runners): the reaper is detached into a process group (and
 *   session) of its own, with the engine, so the signal reaches neither; the
 *   reaper sees the harness's end as in the harness case. (Without this the
 *   engine died with the group but nobody was left to remove its dir.)
 * - the harness is stopped (SIGSTOP) and resumed: nothing dies; the probe
 *   timeouts the pause caused are infrastructure (../probes/suspension.ts).
 * Left are the harness and the reaper killed together, or the machine dying:
 * the dir and both processes carry the harness's marker (./ownership.ts), the
 * next run names them and `origin-conformance clean` removes them.
 */
function spawnSupervised(binary: string, dataDir: string, ports: EnginePorts, graceMs: number, log: string, owner: Owner): Promise<Spawned> {
  const reaper = spawn(process.execPath, [REAPER, binary, dataDir, String(graceMs), log], {
    env: engineEnv(ports, dataDir, owner),
    stdio: ["pipe", "pipe", "inherit"],
    detached: true,
  });
  let resolveExit!: (why: string) => void;
  let exitLog = "";
  const exited = new Promise<string>((resolve) => (resolveExit = resolve));
  reaper.on("exit", (code, signal) => resolveExit(`supervisor exited (code ${code}, signal ${signal})`));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: reaper.stdout! });
    lines.on("line", (line) => {
      const message = JSON.parse(line) as { pid?: number; exit?: unknown; log?: string };
      if (message.pid !== undefined) resolve({ reaper, pid: message.pid, exited, exitLog: () => exitLog });
      if (message.exit !== undefined) {
        exitLog = message.log || tail(log);
        resolveExit(`engine exited: ${JSON.stringify(message.exit)}`);
        reject(new EngineError("exited-early", `the engine exited before it was ready: ${JSON.stringify(message.exit)}\n${exitLog}`));
      }
    });
    reaper.on("error", (error) => reject(new EngineError("exited-early", `could not start the engine supervisor: ${error.message}`)));
  });
}

/**
 * Spawns a rivet-engine owned by this harness: free loopback ports, a fresh
 * temp data dir, bounded wait for health. The engine is supervised by a small
 * reaper process, so it is stopped and its dir removed even if this process
 * is killed.
 */
export async function startEngine(options: StartEngineOptions = {}): Promise<EngineHandle> {
  const binary = resolveEngineBinary(options.binary, options.rivetkit);
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const graceMs = options.graceMs ?? 5_000;
  const attempts = options.attempts ?? 3;
  let lastError: EngineError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const ports = await freePorts();
    // No await between creating the dir and handing it to the supervisor, which removes it whatever happens to us.
    const dataDir = mkdtempSync(join(tmpdir(), ENGINE_DIR_PREFIX));
    let owner: Owner;
    try {
      owner = markEngineDir(dataDir);
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new EngineError("not-ready", `could not write to the engine's temp dir ${dataDir}: ${(error as Error).message}`);
    }
    const log = join(dataDir, "engine.log");
    const startedAt = performance.now();
    let spawned: Spawned;
    try {
      spawned = await spawnSupervised(binary, dataDir, ports, graceMs, log, owner);
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
    const endpoint = `http://127.0.0.1:${ports.guard}`;
    let deathReason: string | undefined;
    spawned.exited.then((why) => (deathReason ??= why));
    // The supervisor is gone, whatever the reason: nobody else will stop the engine or remove its dir.
    spawned.reaper.once("exit", () => {
      if (isOurs(spawned.pid, dataDir)) killQuietly(spawned.pid);
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    });
    const stop = async () => {
      if (spawned.reaper.exitCode === null && spawned.reaper.signalCode === null) {
        deathReason ??= "stopped by the harness";
        const done = new Promise((resolve) => spawned.reaper.once("exit", resolve));
        spawned.reaper.ref();
        spawned.reaper.stdin?.end();
        await Promise.race([done, delay(graceMs + 5_000)]);
        if (spawned.reaper.exitCode === null) {
          if (isOurs(spawned.pid, dataDir)) killQuietly(spawned.pid);
          killQuietly(spawned.reaper.pid);
        }
      }
      // Retries cover a dying engine still closing its files (ENOTEMPTY/EBUSY).
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    };
    try {
      await Promise.race([
        waitReady(endpoint, spawned.pid, ports, log, readyTimeoutMs),
        spawned.exited.then((why) => {
          throw new EngineError("exited-early", `the engine exited before it was ready (${why})\n${spawned.exitLog() || tail(log)}`);
        }),
      ]);
    } catch (error) {
      const logText = `${spawned.exitLog()}\n${tail(log, 50)}`;
      await stop();
      lastError =
        error instanceof EngineError && error.code === "ports-taken"
          ? error
          : PORT_IN_USE.test(logText)
            ? portsTaken(ports, "the engine could not bind them")
            : error instanceof EngineError
              ? error
              : new EngineError("not-ready", String(error));
      if (lastError.code === "ports-taken" && attempt < attempts) continue;
      if (lastError.code === "ports-taken") lastError = new EngineError("ports-taken", `${lastError.message}; gave up after ${attempts} attempts on fresh ports`);
      throw lastError;
    }
    detachFromEventLoop(spawned.reaper);
    return {
      mode: "spawned",
      endpoint,
      pid: spawned.pid,
      dataDir,
      ports,
      version: await engineVersionAt(endpoint),
      ...(options.binary === undefined && !process.env.RIVET_ENGINE_BINARY ? { engineCli: engineCliVersion(options.rivetkit) } : {}),
      readyMs: performance.now() - startedAt,
      died: () => (deathReason === "stopped by the harness" ? undefined : deathReason),
      stop,
    };
  }
  throw lastError ?? new EngineError("ports-taken", "no free ports for the engine");
}

/** What the engine logs when a port is taken: "Address in use (os error 98)" (rivet-engine 2.3.19 keeps running and retries). */
const PORT_IN_USE = /address already in use|address in use|AddrInUse|os error 98/i;

function portsTaken(ports: EnginePorts, why: string): EngineError {
  return new EngineError("ports-taken", `engine ports ${ports.guard}/${ports.apiPeer}/${ports.metrics} were taken (${why})`);
}

/**
 * Ready means healthy on its own ports. A /health answer alone is not enough:
 * when another process (another run's engine) got the guard port first, it
 * answers /health too, while this engine logs "Address in use" and retries
 * forever. So: fail fast when another process listens on one of the ports or
 * the log says a port is in use; count /health only once the guard port is
 * this engine's own (where /proc can tell).
 */
async function waitReady(endpoint: string, pid: number, ports: EnginePorts, log: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = "no answer";
  while (performance.now() < deadline) {
    for (const [service, port] of [["guard", ports.guard], ["api-peer", ports.apiPeer], ["metrics", ports.metrics]] as const) {
      if (portOwner(port, pid) === "other") throw portsTaken(ports, `another process listens on the ${service} port ${port}`);
    }
    if (PORT_IN_USE.test(tail(log, 50))) throw portsTaken(ports, "the engine logged \"Address in use\"");
    const owner = portOwner(ports.guard, pid);
    if (owner === "ours" || owner === "unknown") {
      const problem = await healthProblem(endpoint, deadline);
      if (problem === undefined) return;
      last = problem;
    } else {
      last = `the guard port ${ports.guard} is not listening yet`;
    }
    await delay(50);
  }
  throw new EngineError("not-ready", `the engine was not healthy within ${timeoutMs} ms (last: ${last})`);
}

/** Uses an engine that someone else runs. Nothing is spawned and nothing is stopped. */
export async function connectEngine(endpoint: string, readyTimeoutMs = 5_000): Promise<EngineHandle> {
  const url = endpoint.replace(/\/+$/, "");
  const startedAt = performance.now();
  try {
    await waitHealthy(url, readyTimeoutMs);
  } catch (error) {
    throw new EngineError("unreachable", `no healthy Rivet engine at ${url}: ${(error as Error).message}`);
  }
  return {
    mode: "external",
    endpoint: url,
    version: await engineVersionAt(url),
    readyMs: performance.now() - startedAt,
    died: () => undefined,
    stop: async () => {},
  };
}

/** `endpoint` (or RIVET_ENDPOINT) selects an existing engine; otherwise one is spawned. */
export function acquireEngine(options: StartEngineOptions & { endpoint?: string } = {}): Promise<EngineHandle> {
  const endpoint = options.endpoint ?? process.env.RIVET_ENDPOINT;
  return endpoint ? connectEngine(endpoint) : startEngine(options);
}

/** Once the engine is up, the supervisor must not keep this process alive; stop() is explicit. */
function detachFromEventLoop(reaper: ChildProcess) {
  reaper.unref();
  for (const stream of [reaper.stdin, reaper.stdout]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
}

function killQuietly(pid: number | undefined) {
  if (pid === undefined) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

function delay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
