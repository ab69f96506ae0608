/**
 * What a probe puts on the wire for the Origin header.
 *
 * `lines` is empty when the header is absent. Each entry is one `Origin:` line,
 * exactly as sent: no trimming or validation. Characters up to U+00FF are sent
 * as single bytes (latin1); a value with any character above U+00FF is sent as
 * UTF-8. Values that Node's clients refuse (control bytes, bytes >= 0x80) go
 * over a raw socket, so every value here can be sent.
 */
export interface OriginHeader {
  readonly lines: readonly string[];
  /** The header name as written on the wire; "Origin" unless a probe tests name casing. */
  readonly name?: string;
}

export const ABSENT: OriginHeader = Object.freeze({ lines: Object.freeze([]) as readonly string[] });

export function originLine(value: string): OriginHeader {
  return { lines: [value] };
}

export function originLines(...values: string[]): OriginHeader {
  return { lines: values };
}

/** The bytes of one header value on the wire. */
export function encodeHeaderValue(value: string): Buffer {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0xff) return Buffer.from(value, "utf8");
  }
  return Buffer.from(value, "latin1");
}

const NODE_CLIENT_MAX_VALUE = 8_192;

/** True when Node's own clients (fetch, http.request, ws) send the header unchanged. */
export function sendableByNodeClients(header: OriginHeader): boolean {
  if (header.lines.length > 1) return false;
  if (header.name !== undefined && header.name !== "Origin") return false;
  const value = header.lines[0];
  if (value === undefined) return true;
  // The gateway reflects the Origin in access-control-allow-origin, so a long
  // value overflows the 16 KiB response-header limit of Node's clients.
  if (value.length > NODE_CLIENT_MAX_VALUE) return false;
  // Node's header validator accepts HTAB and visible latin1; fetch also trims
  // leading/trailing whitespace, so such values go raw too, to stay byte-exact.
  if (value !== value.trim()) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80 || (c < 0x20 && c !== 0x09) || c === 0x7f) return false;
  }
  return true;
}

/**
 * A printable, unambiguous rendering for reports and test titles: a JSON string
 * in which everything outside printable ASCII is a \\uXXXX escape, so that
 * `https://myapp.com\\u007f` and a Cyrillic `\\u0430` never pass for the allowed origin.
 */
export function describeHeader(header: OriginHeader): string {
  if (header.lines.length === 0) return "(absent)";
  const named = header.name !== undefined && header.name !== "Origin" ? `${header.name}: ` : "";
  return named + header.lines.map(quoteValue).join(" + ");
}

export function quoteValue(value: string): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
