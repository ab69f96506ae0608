/**
 * The tripwire for rivetkit upgrades: every row of "what the guard actually
 * sees" in shared/notes/rivet-origin-facts.md, measured through the gateway
 * with the echo actor, over each transport. Each row's expectation is written
 * by hand (rows.ts); the harness's model (observedOrigin), which the oracle uses,
 * must agree with every measured row as well.
 */
import { setup } from "rivetkit";
import { beforeAll, describe, expect, test } from "vitest";
import { observedOrigin } from "../../harness/calibration/observed.js";
import type { OriginHeader } from "../../harness/origin/header.js";
import { probe } from "../../harness/probes/probe.js";
import type { TransportId } from "../../harness/transports/index.js";
import type { ActorInstance } from "../../harness/registry/host.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { echo, observations } from "../../reference-actors/support/echo.js";
import { ROWS, type Seen } from "./rows.js";

const TRANSPORTS: readonly TransportId[] = ["http-action", "http-queue", "websocket-connect", "raw-request", "raw-websocket"];

function modelSays(header: OriginHeader): Seen {
  const model = observedOrigin(header);
  if (model.kind === "transport-rejected") return "engine-400";
  return { value: model.kind === "missing" ? null : model.value };
}

describe.each(TRANSPORTS)("calibration: what the guard sees, transport (%s)", (transport) => {
  const hosted = useHostedRegistry(setup({ use: { echo } }));
  let instance: ActorInstance;
  beforeAll(async () => {
    instance = await hosted().newActor("echo", "calibration");
  });

  test.each(ROWS)("$id", async ({ header, seen }) => {
    observations.length = 0;
    const result = await probe({ endpoint: hosted().endpoint, actorId: instance.actorId }, transport, header, { forceRaw: true });
    const calls = observations.filter((observation) => observation.actorId === instance.actorId);
    if (seen === "engine-400") {
      expect(result.outcome).toMatchObject({ kind: "transport-rejected", status: 400 });
      expect(calls).toEqual([]);
    } else {
      expect(result.outcome.kind, result.response).toBe("accepted");
      expect(calls.map((call) => call.origin)).toEqual([seen.value]);
    }
    expect(modelSays(header)).toEqual(seen);
  });
});
