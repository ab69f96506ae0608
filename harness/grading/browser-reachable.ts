import type { OriginHeader } from "../origin/header.js";
import { type TransportId, transportOf } from "../transports/index.js";

/** The schemes of pages a browser sends a tuple origin for; every other page (file:, data:, sandboxed) sends `null`. */
const PAGE_SCHEMES = new Set(["http:", "https:"]);

/**
 * True when some web page can make a browser send exactly this Origin header
 * over this transport: one `Origin` line holding `null` (sandboxed iframe,
 * `data:` frame, `file:` page) or a serialized origin in the form a browser
 * writes it (lowercase ASCII scheme and host, IDN as punycode, no default
 * port, no path, no userinfo, no whitespace). The WHATWG URL parser is used
 * only to produce that canonical form, and the value must equal it byte for
 * byte, so none of its lenient mappings (`https://MYAPP.com:443/x` onto
 * `https://myapp.com`) ever makes a value reachable.
 *
 * No Origin at all is what a browser sends for navigations and `<img>` or
 * `<script>` GETs: reachable on the raw `onRequest` GET, never on a WebSocket
 * handshake (browsers always send Origin there) or on the POST transports
 * (cross-origin POSTs always carry it).
 */
export function browserCanSend(header: OriginHeader, transport: TransportId): boolean {
  if (header.name !== undefined && header.name !== "Origin") return false;
  if (header.lines.length === 0) return transportOf(transport).browserSendsNoOrigin;
  if (header.lines.length > 1) return false;
  const value = header.lines[0]!;
  if (value === "null") return true;
  return isCanonicalSerializedOrigin(value);
}

function isCanonicalSerializedOrigin(value: string): boolean {
  if (!/^[\x21-\x7e]+$/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return PAGE_SCHEMES.has(url.protocol) && url.origin === value && resolvable(url.hostname) && !(url.port !== "" && BAD_PORTS.has(Number(url.port)));
}

/**
 * Ports a browser never loads a page from, so no page has them in its origin:
 * 0 (refused outright) and the Fetch standard's "bad port" list.
 */
const BAD_PORTS = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135,
  137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720,
  1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/**
 * A name an attacker's page can live at: DNS limits (63 octets a label, 253 a
 * name), which the URL parser does not enforce, and a top-level label of
 * letters (or punycode), as every TLD is. Special characters inside the
 * attacker's own labels (`https://myapp.com_.evil.com`, `!`, `` ` ``, `$`) stay
 * reachable: some browsers resolve them (the catalog's special-characters
 * rationale); after the TLD (`https://myapp.com_`) no public name exists.
 * IP literals pass (the URL parser already wrote them canonically).
 */
function resolvable(hostname: string): boolean {
  if (hostname.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(hostname)) return true;
  const name = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
  const labels = name.split(".");
  if (name.length > 253 || !labels.every((label) => label.length >= 1 && label.length <= 63)) return false;
  return /^(?:[a-z]+|xn--[a-z0-9-]*[a-z0-9])$/.test(labels.at(-1)!);
}
