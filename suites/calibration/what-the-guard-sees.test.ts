/**
 * The tripwire for rivetkit upgrades: every row of "what the guard actually
 * sees" in shared/notes/rivet-origin-facts.md, measured through the gateway
 * with the echo actor, over each transport. Each row's expectation is written
 * by hand here; the harness's model (observedOrigin), which the oracle uses,
 * must agree with every measured row as well.
 */
import { setup } from "rivetkit";
import { beforeAll, describe, expect, test } from "vitest";
import { observedOrigin } from "../../harness/calibration/observed.js";
import { ABSENT, type OriginHeader, originLine, originLines } from "../../harness/origin/header.js";
import { probe } from "../../harness/probes/probe.js";
import type { TransportId } from "../../harness/probes/transports.js";
import type { ActorInstance } from "../../harness/registry/host.js";
import { useHostedRegistry } from "../../harness/vitest/hosted-registry.js";
import { echo, observations } from "../../reference-actors/support/echo.js";

type Seen = { readonly value: string | null } | "engine-400";

interface Row {
  readonly id: string;
  readonly header: OriginHeader;
  readonly seen: Seen;
}

const LONG = `https://myapp.com/${"a".repeat(100_000 - 18)}`;

const ROWS: readonly Row[] = [
  { id: "no-origin-line", header: ABSENT, seen: { value: null } },
  { id: "empty-value", header: originLine(""), seen: { value: "" } },
  { id: "only-spaces", header: originLine("   "), seen: { value: "" } },
  { id: "leading-trailing-sp", header: originLine("  https://myapp.com  "), seen: { value: "https://myapp.com" } },
  { id: "leading-trailing-htab", header: originLine("\thttps://myapp.com\t"), seen: { value: "https://myapp.com" } },
  { id: "inner-tab-kept", header: originLine("https://my\tapp.com"), seen: { value: "https://my\tapp.com" } },
  { id: "two-lines-last-wins", header: originLines("https://evil.com", "https://myapp.com"), seen: { value: "https://myapp.com" } },
  { id: "two-lines-last-wins-reversed", header: originLines("https://myapp.com", "https://evil.com"), seen: { value: "https://evil.com" } },
  { id: "latin1-byte-drops-header", header: originLine("https://my\u00aapp.com"), seen: { value: null } },
  { id: "utf8-drops-header", header: originLine("https://my\u0430pp.com"), seen: { value: null } },
  { id: "vt-engine-400", header: originLine("https://my\u000bapp.com"), seen: "engine-400" },
  { id: "del-engine-400", header: originLine("https://myapp.com\u007f"), seen: "engine-400" },
  { id: "nul-engine-400", header: originLine("https://myapp.com\u0000"), seen: "engine-400" },
  { id: "cr-engine-400", header: originLine("https://myapp.com\rx"), seen: "engine-400" },
  // Beyond the note: the model generalises these rules; these rows pin the generalisation down.
  { id: "soh-engine-400", header: originLine("https://myapp.com\u0001"), seen: "engine-400" },
  { id: "us-engine-400", header: originLine("https://my\u001fapp.com"), seen: "engine-400" },
  { id: "lf-engine-400", header: originLine("https://myapp.com\nx"), seen: "engine-400" },
  { id: "control-byte-in-earlier-line", header: originLines("https://evil\u000b.com", "https://myapp.com"), seen: "engine-400" },
  { id: "latin1-byte-in-earlier-line", header: originLines("https://my\u00aapp.com", "https://myapp.com"), seen: { value: "https://myapp.com" } },
  // Measured: the stack drops each line with a byte >= 0x80 on its own, then the last remaining line wins.
  { id: "latin1-byte-in-last-line", header: originLines("https://myapp.com", "https://my\u00aapp.com"), seen: { value: "https://myapp.com" } },
  { id: "latin1-bytes-in-every-line", header: originLines("https://a\u00aa.com", "https://my\u00aapp.com"), seen: { value: null } },
  { id: "three-lines-last-wins", header: originLines("a", "b", "https://myapp.com"), seen: { value: "https://myapp.com" } },
  { id: "lowercase-header-name", header: { lines: ["https://myapp.com"], name: "origin" }, seen: { value: "https://myapp.com" } },
  { id: "mixed-case-header-name", header: { lines: ["https://myapp.com"], name: "oRiGiN" }, seen: { value: "https://myapp.com" } },
  { id: "100000-characters", header: originLine(LONG), seen: { value: LONG } },
];

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
