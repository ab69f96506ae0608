/**
 * The calibration script a version-matrix project runs (with tsx, against its own
 * rivetkit through the installed package's API): the key rows of
 * suites/calibration/rows.ts through an echo actor, and how a rejection (by a
 * UserError, by a plain Error) looks on the wire. It writes what it observed to
 * calibration.json; the matrix test judges it.
 */
import type { Outcome } from "../../harness/probes/outcome.js";
import type { OriginHeader } from "../../harness/origin/header.js";

export interface CalibrationInput {
  readonly rows: readonly { readonly id: string; readonly header: OriginHeader }[];
  readonly transports: readonly string[];
}

export interface CalibrationOutput {
  /** Per row and transport: the outcome, and the Origin values the echo actor's guard saw (null: no header). */
  readonly rows: readonly { readonly id: string; readonly transport: string; readonly outcome: Outcome; readonly seen: readonly (string | null)[] }[];
  /** Per transport: a guard that throws UserError("...", { code: "origin_not_allowed" }). */
  readonly userErrorRejections: readonly { readonly transport: string; readonly outcome: Outcome }[];
  /** Per transport: a guard that throws a plain Error. */
  readonly plainErrorRejections: readonly { readonly transport: string; readonly outcome: Outcome }[];
}

export const CALIBRATION_SCRIPT = `import { readFileSync, writeFileSync } from "node:fs";
import { actor, setup, UserError } from "rivetkit";
import { hostRegistry, probe, startEngine } from "rivet-origin-conformance";

const input = JSON.parse(readFileSync("calibration-input.json", "utf8"));
const seen: { actorId: string; origin: string | null }[] = [];
const echo = actor({
  state: {},
  onBeforeConnect: (c) => {
    seen.push({ actorId: c.actorId, origin: c.request ? c.request.headers.get("origin") : "(no request)" });
  },
  actions: { ping: () => "pong" },
});
const userError = actor({
  state: {},
  onBeforeConnect: () => {
    throw new UserError("Origin not allowed", { code: "origin_not_allowed" });
  },
  actions: { ping: () => "pong" },
});
const plainError = actor({
  state: {},
  onBeforeConnect: () => {
    throw new Error("no");
  },
  actions: { ping: () => "pong" },
});

const engine = await startEngine();
try {
  const hosted = await hostRegistry(setup({ use: { echo, userError, plainError } }), engine);
  try {
    const target = async (name: string) => ({ endpoint: hosted.endpoint, actorId: (await hosted.newActor(name, "matrix")).actorId });
    const echoTarget = await target("echo");
    const rows = [];
    for (const row of input.rows) {
      for (const transport of input.transports) {
        seen.length = 0;
        const result = await probe(echoTarget, transport, row.header, { forceRaw: true });
        rows.push({ id: row.id, transport, outcome: result.outcome, seen: seen.filter((s) => s.actorId === echoTarget.actorId).map((s) => s.origin) });
      }
    }
    const rejections = async (name: string) => {
      const rejecting = await target(name);
      const out = [];
      for (const transport of input.transports) out.push({ transport, outcome: (await probe(rejecting, transport, { lines: ["https://evil.example"] })).outcome });
      return out;
    };
    const output = { rows, userErrorRejections: await rejections("userError"), plainErrorRejections: await rejections("plainError") };
    writeFileSync("calibration.json", JSON.stringify(output, null, 2));
  } finally {
    await hosted.shutdown();
  }
} finally {
  await engine.stop();
}
// rivetkit keeps handles open after its registry shut down: a script ends itself.
process.exit(0);
`;
