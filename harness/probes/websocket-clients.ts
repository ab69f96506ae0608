import { createHash, randomBytes } from "node:crypto";
import WebSocket from "ws";
import type { OriginHeader } from "../origin/header.js";
import { openRawConnection, parseResponseHead, requestHead, decodeBody } from "./raw-socket.js";
import type { WebSocketRecorder } from "./websocket-recorder.js";

export interface WebSocketAttempt {
  /** Resolves with a reason when the connection failed before any answer (refused, reset). */
  readonly failed: Promise<string>;
  /** The handshake request exactly as written, once it was. */
  sent(): string | undefined;
  close(): void;
}

/** The `ws` client, for Origin values that Node sends unchanged. */
export function openWithWs(url: string, protocols: readonly string[], origin: OriginHeader, recorder: WebSocketRecorder, extraHeaders: readonly (readonly [string, string])[] = []): WebSocketAttempt {
  const value = origin.lines[0];
  let sent: string | undefined;
  const socket = new WebSocket(url, [...protocols], {
    headers: { ...Object.fromEntries(extraHeaders), ...(value !== undefined && { origin: value }) },
    perMessageDeflate: false,
    finishRequest: (request) => {
      request.end();
      // Node's ClientRequest keeps the head it wrote in `_header` (not public API, stable since Node 0.x).
      sent = (request as unknown as { _header?: string })._header;
    },
  });
  let answered = false;
  const failed = new Promise<string>((resolve) => {
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (!answered) resolve(error.code ?? error.message);
    });
  });
  socket.on("upgrade", () => {
    answered = true;
    recorder.handshake(101);
  });
  socket.on("unexpected-response", (_request, response) => {
    answered = true;
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("end", () => recorder.handshake(response.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")));
    response.on("error", () => recorder.handshake(response.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")));
  });
  socket.on("message", (data, isBinary) => recorder.message(Buffer.isBuffer(data) ? data.toString("utf8") : String(data), isBinary));
  socket.on("close", (code, reason) => {
    if (answered) recorder.close(code, reason.toString("utf8"));
  });
  return {
    failed,
    sent: () => sent,
    close: () => {
      socket.removeAllListeners("error");
      socket.on("error", () => {});
      socket.terminate();
    },
  };
}

const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** A handshake written byte by byte, and a minimal reader for the server's (unmasked) frames. */
export function openRaw(
  endpoint: string,
  path: string,
  protocols: readonly string[],
  origin: OriginHeader,
  recorder: WebSocketRecorder,
  extraHeaders: readonly (readonly [string, string])[] = [],
): WebSocketAttempt {
  const url = new URL(endpoint);
  const key = randomBytes(16).toString("base64");
  const connection = openRawConnection(endpoint);
  const { socket } = connection;
  let answered = false;
  const failed = new Promise<string>((resolve) => {
    connection.failed.then((code) => {
      if (!answered) resolve(code);
    });
    socket.once("close", () => {
      if (!answered) resolve("the connection closed without an answer");
    });
  });
  const headers: (readonly [string, string])[] = [
    ["Connection", "Upgrade"],
    ["Upgrade", "websocket"],
    ["Sec-WebSocket-Version", "13"],
    ["Sec-WebSocket-Key", key],
    ...extraHeaders,
  ];
  if (protocols.length > 0) headers.push(["Sec-WebSocket-Protocol", protocols.join(", ")]);
  const head = requestHead("GET", path, url.host, headers, origin);
  socket.on("connect", () => socket.write(head));
  let buffer: Buffer = Buffer.alloc(0);
  let upgraded = false;
  let fragments: Buffer[] = [];
  let fragmentBinary = false;
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!upgraded) {
      const head = parseResponseHead(buffer);
      if (head === undefined) return;
      answered = true;
      if (head.status !== 101) {
        const body = decodeBody(head, head.rest, false);
        if (body === undefined) return;
        recorder.handshake(head.status, body.toString("utf8"));
        return;
      }
      const expected = createHash("sha1").update(key + WEBSOCKET_GUID).digest("base64");
      if (head.headers.get("sec-websocket-accept") !== expected) {
        recorder.handshake(101);
        recorder.close(1002, "bad Sec-WebSocket-Accept");
        return;
      }
      upgraded = true;
      recorder.handshake(101);
      buffer = head.rest;
    }
    for (;;) {
      const frame = readFrame(buffer);
      if (frame === undefined) return;
      buffer = buffer.subarray(frame.length);
      if (frame.opcode === 0x8) {
        const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
        recorder.close(code, frame.payload.subarray(2).toString("utf8"));
        return;
      }
      if (frame.opcode === 0x1 || frame.opcode === 0x2) {
        fragments = [frame.payload];
        fragmentBinary = frame.opcode === 0x2;
      } else if (frame.opcode === 0x0) {
        fragments.push(frame.payload);
      } else {
        continue; // ping/pong
      }
      if (frame.fin) recorder.message(Buffer.concat(fragments).toString("utf8"), fragmentBinary);
    }
  });
  socket.on("end", () => {
    if (!upgraded && answered) {
      const head = parseResponseHead(buffer);
      if (head && head.status !== 101) recorder.handshake(head.status, decodeBody(head, head.rest, true)?.toString("utf8"));
    } else if (upgraded) {
      recorder.close(1006, "");
    }
  });
  return { failed, sent: () => head.toString("latin1"), close: () => socket.destroy() };
}

interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
  length: number;
}

function readFrame(buffer: Buffer): Frame | undefined {
  if (buffer.length < 2) return undefined;
  const fin = (buffer[0]! & 0x80) !== 0;
  const opcode = buffer[0]! & 0x0f;
  const masked = (buffer[1]! & 0x80) !== 0;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return undefined;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= buffer[maskOffset + (i % 4)]!;
  return { fin, opcode, payload, length: offset + length };
}
