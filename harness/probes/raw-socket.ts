import { connect, type Socket } from "node:net";
import { encodeHeaderValue, type OriginHeader } from "../origin/header.js";

/**
 * An HTTP/1.1 request head written byte by byte, for Origin values that Node's
 * clients refuse or rewrite (control bytes, bytes >= 0x80, OWS, duplicates).
 */
export function requestHead(method: string, path: string, host: string, headers: readonly (readonly [string, string])[], origin: OriginHeader): Buffer {
  // A Host among `headers` (a probe that varies it) replaces the endpoint's.
  const hostLine = headers.some(([name]) => name.toLowerCase() === "host") ? "" : `Host: ${host}\r\n`;
  const parts: Buffer[] = [Buffer.from(`${method} ${path} HTTP/1.1\r\n${hostLine}`, "latin1")];
  for (const [name, value] of headers) parts.push(Buffer.from(`${name}: ${value}\r\n`, "latin1"));
  for (const line of origin.lines) {
    parts.push(Buffer.from(`${origin.name ?? "Origin"}: `, "latin1"), encodeHeaderValue(line), Buffer.from("\r\n", "latin1"));
  }
  parts.push(Buffer.from("\r\n", "latin1"));
  return Buffer.concat(parts);
}

export interface ResponseHead {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  /** Bytes after the head. */
  readonly rest: Buffer;
}

/** Parses a response head once `\r\n\r\n` has arrived; undefined until then. */
export function parseResponseHead(buffer: Buffer): ResponseHead | undefined {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const lines = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? "")?.[1] ?? Number.NaN);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status, headers, rest: buffer.subarray(end + 4) };
}

/** Decodes a body by content-length or chunked encoding; undefined while incomplete. */
export function decodeBody(head: ResponseHead, bytes: Buffer, closed: boolean): Buffer | undefined {
  if ((head.headers.get("transfer-encoding") ?? "").toLowerCase().includes("chunked")) {
    const chunks: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const lineEnd = bytes.indexOf("\r\n", offset);
      if (lineEnd < 0) return closed ? Buffer.concat(chunks) : undefined;
      const size = Number.parseInt(bytes.subarray(offset, lineEnd).toString("latin1"), 16);
      if (Number.isNaN(size)) return Buffer.concat(chunks);
      if (size === 0) return Buffer.concat(chunks);
      const start = lineEnd + 2;
      if (bytes.length < start + size) return closed ? Buffer.concat([...chunks, bytes.subarray(start)]) : undefined;
      chunks.push(bytes.subarray(start, start + size));
      offset = start + size + 2;
    }
  }
  const length = head.headers.get("content-length");
  if (length !== undefined) {
    const size = Number(length);
    return bytes.length >= size ? bytes.subarray(0, size) : closed ? bytes : undefined;
  }
  return closed ? bytes : undefined;
}

export interface RawConnection {
  readonly socket: Socket;
  /** Resolves with the error code when the connection could not be made or was reset. */
  readonly failed: Promise<string>;
}

export function openRawConnection(endpoint: string): RawConnection {
  const url = new URL(endpoint);
  const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || 80) });
  socket.setNoDelay(true);
  const failed = new Promise<string>((resolve) => socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message)));
  return { socket, failed };
}
