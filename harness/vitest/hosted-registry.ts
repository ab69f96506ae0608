import { afterAll, beforeAll } from "vitest";
import { type AnyRegistry, type HostedRegistry, type HostOptions, hostRegistry } from "../registry/host.js";
import { sharedEngine } from "./shared-engine.js";

/**
 * Hosts `registry` on the run's engine for the current describe block and shuts
 * it down after it. Returns an accessor, valid inside tests.
 */
export function useHostedRegistry(registry: AnyRegistry, options?: HostOptions): () => HostedRegistry {
  let hosted: HostedRegistry | undefined;
  beforeAll(async () => {
    hosted = await hostRegistry(registry, sharedEngine(), options);
  });
  afterAll(async () => {
    await hosted?.shutdown();
  });
  return () => {
    if (hosted === undefined) throw new Error("the registry is not hosted yet (use the accessor inside a test)");
    return hosted;
  };
}
