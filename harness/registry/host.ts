import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import type { Registry } from "rivetkit";
import { createClient } from "rivetkit/client";
import type { EngineHandle } from "../engine/engine.js";
import { isHealthy } from "../engine/health.js";
import { EngineError } from "../engine/errors.js";
import { SAVED_ENGINE_BINARY_VARIABLE } from "../engine/binary.js";
import { actorRoutes, type ActorRoutes } from "./routes.js";
import { instrumentActor, WITNESS, type Witness } from "./witness.js";

const REFUSE_TO_SPAWN = fileURLToPath(new URL("../engine/refuse-to-spawn.mjs", import.meta.url));

export type AnyRegistry = Registry<any>;

/** One fresh actor instance: the harness probes it by id through the gateway. */
export interface ActorInstance {
  readonly name: string;
  readonly key: string;
  readonly actorId: string;
}

export interface HostedRegistry {
  readonly endpoint: string;
  readonly poolName: string;
  readonly actorNames: readonly string[];
  routesOf(name: string): ActorRoutes;
  /** The `actor(...)` value itself, for the in-process tier (harness/screening); undefined when the registry is not in this process. */
  definitionOf?(name: string): unknown;
  /**
   * What ran inside the actor per probe (registry/witness.ts); present only when the
   * registry runs in this process. Without it, raw routes are judged from the wire alone.
   */
  readonly witness?: Witness;
  /** A new instance of `name` under a unique key (`keyPrefix` makes it readable in engine logs). */
  newActor(name: string, keyPrefix?: string): Promise<ActorInstance>;
  shutdown(): Promise<void>;
}

export interface HostOptions {
  readonly readyTimeoutMs?: number;
  readonly poolName?: string;
}

const NEW_ACTOR_ATTEMPTS = 5;
/**
 * Bound on one creation attempt. Creation takes ~100 ms, but the engine has
 * been seen to stall creations (of any actor, in any pool) for 15-60 s after
 * an actor whose onCreate throws crash-looped; without a bound a run could hang.
 */
const NEW_ACTOR_ATTEMPT_TIMEOUT_MS = 15_000;
const SHUTDOWN_BOUND_MS = 5_000;

/** The process-wide settings hosting changes, as they were before; restored when the last hosted registry shuts down. */
let hostedCount = 0;
let storageRemovedAtExit = false;
let savedEnvironment: Record<string, string | undefined> = {};
const ISOLATED_VARIABLES = ["RIVETKIT_STORAGE_PATH", "RIVET_LOG_LEVEL"] as const;

/**
 * rivetkit reads some settings from the environment of the process that hosts
 * registries. While the harness hosts one, point them away from the user's
 * ~/.rivetkit; afterwards give them back, so a `setupTest` later in the same
 * process (rivetkit/test) works as it would without the harness.
 */
function isolateRivetkitEnvironment(): () => void {
  if (hostedCount++ === 0) {
    savedEnvironment = Object.fromEntries(ISOLATED_VARIABLES.map((name) => [name, process.env[name]]));
    // Not created here: rivetkit writes to it only when it tries to manage an engine itself.
    const storage = join(tmpdir(), `origin-conformance-rivetkit-${process.pid}`);
    process.env.RIVETKIT_STORAGE_PATH = storage;
    // "silent" is a pino level (rivetkit's JS logs) and no Rust log target (its native logs): both go quiet.
    process.env.RIVET_LOG_LEVEL ??= "silent";
    if (!storageRemovedAtExit) process.once("exit", () => rmSync(storage, { recursive: true, force: true }));
    storageRemovedAtExit = true;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--hostedCount > 0) return;
    for (const [name, value] of Object.entries(savedEnvironment)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

let startsInFlight = 0;
let binaryBeforeStub: string | undefined;

/**
 * Runs a registry's start-up with RIVET_ENGINE_BINARY pointing at a stub that
 * refuses to run. rivetkit resolves the engine binary once, while it builds the
 * registry at start-up, and spawns its default engine on 6420 whenever the
 * endpoint looks local but unhealthy (the harness engine died): with the stub
 * captured, it cannot. Only during start-up, so a `setupTest` in the same
 * process afterwards gets the real binary. The rest of the environment is
 * isolated meanwhile too: rivetkit creates its engine's data dir before it spawns.
 */
export async function withEngineSpawnRefused<T>(start: () => Promise<T>): Promise<T> {
  const releaseEnvironment = isolateRivetkitEnvironment();
  if (startsInFlight++ === 0) {
    binaryBeforeStub = process.env.RIVET_ENGINE_BINARY;
    // Kept for the harness's own engines started meanwhile (in this process or its children), which must not get the stub.
    if (binaryBeforeStub && binaryBeforeStub !== REFUSE_TO_SPAWN) process.env[SAVED_ENGINE_BINARY_VARIABLE] = binaryBeforeStub;
    process.env.RIVET_ENGINE_BINARY = REFUSE_TO_SPAWN;
  }
  try {
    return await start();
  } finally {
    if (--startsInFlight === 0) {
      if (binaryBeforeStub === undefined) delete process.env.RIVET_ENGINE_BINARY;
      else process.env.RIVET_ENGINE_BINARY = binaryBeforeStub;
    }
    releaseEnvironment();
  }
}

export class RegistryError extends Error {
  override readonly name = "RegistryError";
}

/**
 * Starts a rivetkit registry in this process against the harness engine, in an
 * envoy pool of its own, so registries never see each other's actors.
 */
export async function hostRegistry(registry: AnyRegistry, engine: EngineHandle, options: HostOptions = {}): Promise<HostedRegistry> {
  if (!(await isHealthy(engine.endpoint))) {
    throw new EngineError("unreachable", `the engine at ${engine.endpoint} is not healthy; refusing to start a registry`);
  }
  const releaseEnvironment = isolateRivetkitEnvironment();
  const poolName = options.poolName ?? `origin-conformance-${randomUUID().slice(0, 8)}`;
  const config = registry.config as Record<string, any>;
  config.endpoint = engine.endpoint;
  config.envoy = { ...(config.envoy ?? {}), poolName };
  config.noWelcome = true;
  config.startServices = false;
  config.shutdown = { ...(config.shutdown ?? {}), disableSignalHandlers: true };
  const actors = (config.use ?? {}) as Record<string, unknown>;
  const actorNames = Object.keys(actors);
  // Before start-up: rivetkit decides then which hooks the actor has.
  for (const definition of Object.values(actors)) instrumentActor(definition);

  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      withEngineSpawnRefused(() => registry.startAndWait()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new RegistryError(`the registry did not become ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
      }),
    ]);
  } catch (error) {
    await registry.shutdown().catch(() => {});
    releaseEnvironment();
    throw error instanceof RegistryError ? error : new RegistryError(`the registry failed to start: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }

  const client = createClient({ endpoint: engine.endpoint, poolName, disableMetadataLookup: true } as any) as any;
  let counter = 0;
  return {
    endpoint: engine.endpoint,
    poolName,
    actorNames,
    witness: WITNESS,
    routesOf(name) {
      const definition = actors[name];
      if (definition === undefined) throw new RegistryError(`no actor named "${name}"; the registry has: ${actorNames.join(", ")}`);
      return actorRoutes(definition);
    },
    definitionOf(name) {
      return actors[name];
    },
    async newActor(name, keyPrefix = "probe") {
      if (!actorNames.includes(name)) throw new RegistryError(`no actor named "${name}"; the registry has: ${actorNames.join(", ")}`);
      // A transient engine error (seen under load as "An internal error occurred") is retried a few
      // times before it counts as infrastructure. Each attempt uses a new key, so a creation the engine
      // left stuck under CPU contention ("pegboard_actor_create timed out") is not asked for again.
      let lastError: unknown;
      for (let attempt = 1; attempt <= NEW_ACTOR_ATTEMPTS; attempt++) {
        const key = `${keyPrefix}-${poolName}-${++counter}`;
        try {
          let timer: NodeJS.Timeout | undefined;
          const actorId: string = await Promise.race([
            client[name].getOrCreate([key]).resolve(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer from the engine within ${NEW_ACTOR_ATTEMPT_TIMEOUT_MS} ms`)), NEW_ACTOR_ATTEMPT_TIMEOUT_MS);
            }),
          ]).finally(() => clearTimeout(timer));
          return { name, key, actorId };
        } catch (error) {
          lastError = error;
          if (attempt < NEW_ACTOR_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
        }
      }
      const { group, code } = (lastError ?? {}) as { group?: string; code?: string };
      const reason = `${group && code ? `${group}.${code}: ` : ""}${(lastError as Error)?.message ?? String(lastError)}`;
      throw new RegistryError(`could not create an instance of "${name}" after ${NEW_ACTOR_ATTEMPTS} attempts: ${reason}`);
    },
    async shutdown() {
      // After the engine died, rivetkit's dispose and shutdown wait for it (seen > 20 s): started, not awaited.
      if (!(await isHealthy(engine.endpoint, 500))) {
        void Promise.resolve(client.dispose?.()).catch(() => {});
        void registry.shutdown().catch(() => {});
        releaseEnvironment();
        return;
      }
      // Bounded all the same.
      const bound = (work: Promise<unknown>) => {
        let timer: NodeJS.Timeout | undefined;
        return Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_BOUND_MS)))]).finally(() => clearTimeout(timer));
      };
      await bound(client.dispose?.().catch(() => {}) ?? Promise.resolve());
      await bound(registry.shutdown());
      releaseEnvironment();
    },
  };
}
