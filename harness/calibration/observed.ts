import type { OriginHeader } from "../origin/header.js";

/**
 * What an actor's `onBeforeConnect` can observe for a given Origin header on the
 * wire, after the engine and rivetkit have parsed it. This is the calibrated
 * model of the stack (rivetkit 2.3.19); suites/calibration asserts every rule
 * against the real engine, so a rivetkit upgrade that changes one fails there.
 */
export type ObservedOrigin =
  /** `c.request.headers.get("origin")` returns this string. */
  | { readonly kind: "value"; readonly value: string }
  /** `headers.get("origin")` returns null. */
  | { readonly kind: "missing"; readonly reason: string }
  /** The engine answers 400 and the guard is never called. */
  | { readonly kind: "transport-rejected"; readonly reason: string };

const OWS = /^[ \t]+|[ \t]+$/g;

/** Bytes that make the engine refuse the whole request (measured: NUL, VT, DEL, CR, LF, ...). */
export function isRefusedByEngine(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || code === 0x7f;
}

// The same sets as isRefusedByEngine and hasNonAsciiByte, as regexes: the in-process tier calls this
// for thousands of values, some 100 KB long, and a regex scans a long string several times faster.
const REFUSED = /[\x00-\x08\x0a-\x1f\x7f]/;
const NON_ASCII = /[^\x00-\x7f]/;

export function observedOrigin(header: OriginHeader): ObservedOrigin {
  for (const line of header.lines) {
    const refused = REFUSED.exec(line);
    if (refused !== null) {
      const code = refused[0].charCodeAt(0);
      return {
        kind: "transport-rejected",
        reason: `control byte 0x${code.toString(16).padStart(2, "0")} in an Origin line`,
      };
    }
  }
  if (header.lines.length === 0) return { kind: "missing", reason: "no Origin line" };
  // Each line with a byte >= 0x80 is dropped on its own; the last remaining line wins.
  const kept = header.lines.filter((line) => !hasNonAsciiByte(line));
  const last = kept[kept.length - 1];
  if (last === undefined) return { kind: "missing", reason: "every Origin line had a byte >= 0x80, which makes the stack drop it" };
  return { kind: "value", value: last.replace(OWS, "") };
}

function hasNonAsciiByte(line: string): boolean {
  return NON_ASCII.test(line);
}
