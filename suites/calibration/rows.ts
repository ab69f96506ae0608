/**
 * "What the guard actually sees" in shared/notes/rivet-origin-facts.md, one row
 * per fact, each expectation written by hand. suites/calibration runs every row
 * on the repository's rivetkit; suites/versions runs the key rows on each
 * supported version.
 */
import { ABSENT, type OriginHeader, originLine, originLines } from "../../harness/origin/header.js";

export type Seen = { readonly value: string | null } | "engine-400";

export interface Row {
  readonly id: string;
  readonly header: OriginHeader;
  readonly seen: Seen;
}

const LONG = `https://myapp.com/${"a".repeat(100_000 - 18)}`;

export const ROWS: readonly Row[] = [
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

