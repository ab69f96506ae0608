import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import semver from "semver";
import { z } from "zod";
import { packageJsonAbove } from "../versions/package-json.js";

/**
 * What a guard's decision looks like on the wire for one rivetkit version: the
 * facts that differ between versions (or might), measured by suites/versions and
 * written in harness/calibration/versions/<version>.json. The classification reads
 * `{group, code}` and the protocol, never these statuses alone; reports and
 * descriptions state them so they say what the user's version does.
 */
const WireExpectationSchema = z.strictObject({
  /** The first version these facts hold for; they hold up to the next file's version. */
  rivetkit: z.string(),
  /** The versions the matrix test measured them on. */
  measuredOn: z.array(z.string()).min(1),
  /** HTTP status of an action or queue send rejected by a UserError (Rivet's docs say 400). */
  userErrorHttpStatus: z.number().int(),
  /** HTTP status of a WebSocket /connect upgrade the guard rejects. */
  websocketRejectUpgradeStatus: z.number().int(),
  /** Close code after a guard's rejection on a WebSocket, with reason `group.code`. */
  websocketRejectCloseCode: z.number().int(),
  /** `group.code` a guard that throws a plain Error surfaces as. */
  plainErrorCode: z.string(),
});

export type WireExpectation = z.infer<typeof WireExpectationSchema>;

/** Read from the package root (harness/ ships in the package), so it holds from the sources and from dist/. */
const DIRECTORY = join(
  packageJsonAbove(dirname(fileURLToPath(import.meta.url)), "rivet-origin-conformance")?.directory ?? ".",
  "harness/calibration/versions",
);

export function allWireExpectations(): WireExpectation[] {
  return readdirSync(DIRECTORY)
    .filter((file) => file.endsWith(".json"))
    .map((file) => WireExpectationSchema.parse(JSON.parse(readFileSync(join(DIRECTORY, file), "utf8"))))
    .sort((a, b) => semver.compare(a.rivetkit, b.rivetkit));
}

/**
 * The facts for `version`: the file of the newest version not after it (the oldest
 * file for anything earlier); the newest file when the version is not known.
 */
export function wireExpectationFor(version: string | undefined): WireExpectation {
  const all = allWireExpectations();
  if (version === undefined || !semver.valid(version)) return all.at(-1)!;
  return all.filter((expectation) => semver.lte(expectation.rivetkit, version)).at(-1) ?? all[0]!;
}
