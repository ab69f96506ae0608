/**
 * The tripwire for the header property: every row of
 * harness/calibration/other-headers.ts re-observed through the gateway with the
 * echo actor, over each transport. A header calibrated as reaching the guard
 * unchanged must arrive byte for byte (and alone: one line); one calibrated as
 * not reaching it must not. A rivetkit upgrade that starts to strip, rewrite or
 * refuse a header fails here, and the property's header sets follow the rows.
 */
import { setup } from "rivetkit";
import { beforeAll, describe, expect, test } from "vitest";
import { OTHER_HEADER_ROWS } from "../../harness/calibration/other-headers.js";
import { ABSENT } from "../../harness/origin/header.js";
import { probe } from "../../harness/probes/probe.js";
import type { TransportId } from "../../harness/transports/index.js";
import type { ActorInstance } from "../../harness/registry/host.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { echo, observations } from "../../reference-actors/support/echo.js";

const TRANSPORTS: readonly TransportId[] = ["http-action", "http-queue", "websocket-connect", "raw-request", "raw-websocket"];

describe.each(TRANSPORTS)("calibration: other headers reaching the guard, transport (%s)", (transport) => {
  const hosted = useHostedRegistry(setup({ use: { echo } }));
  let instance: ActorInstance;
  beforeAll(async () => {
    instance = await hosted().newActor("echo", "other-headers");
  });

  test.each(OTHER_HEADER_ROWS)("$name", async ({ name, sample, unchangedOver }) => {
    observations.length = 0;
    const result = await probe({ endpoint: hosted().endpoint, actorId: instance.actorId }, transport, ABSENT, { headers: [[name, sample]] });
    expect(result.transcript?.sent, "the header went out as one line").toContain(`\r\n${name}: ${sample}\r\n`);
    const calls = observations.filter((observation) => observation.actorId === instance.actorId);
    const seen = calls.map((call) => call.headers.filter(([key]) => key === name.toLowerCase()).map(([, value]) => value));
    if (unchangedOver.includes(transport)) {
      expect(result.outcome.kind, result.response).toBe("accepted");
      expect(seen).toEqual([[sample]]);
    } else {
      expect(seen, `${name} was calibrated as not reaching the guard over ${transport}`).not.toEqual([[sample]]);
    }
  });
});
