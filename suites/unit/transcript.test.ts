/**
 * A probe's transcript is what went over the wire: a local TCP server records
 * the bytes it receives, and the transcript's `sent` must equal them, for each
 * client (Node's fetch, `ws`, the raw socket); `received` shows the status and
 * body, or the frames and the close code, that the server wrote.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { originLine, originLines } from "../../harness/origin/header.js";
import { probe } from "../../harness/probes/probe.js";

const ERROR_BODY = JSON.stringify({ group: "user", code: "origin_not_allowed", message: "Origin not allowed", actor: { id: "a" } });
const received: string[] = [];
let server: Server;
let endpoint: string;

function frame(opcode: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x80 | opcode, payload.length]), payload]);
}

beforeAll(async () => {
  server = createServer((socket) => {
    let data = Buffer.alloc(0);
    let answered = false;
    socket.on("data", (chunk: Buffer) => {
      if (answered) return; // the client's close frame
      data = Buffer.concat([data, chunk]);
      const text = data.toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? 0);
      if (data.length < end + 4 + length) return;
      received.push(text);
      answered = true;
      const key = /sec-websocket-key: (\S+)/i.exec(text)?.[1];
      if (key === undefined) {
        socket.end(`HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: ${ERROR_BODY.length}\r\nconnection: close\r\n\r\n${ERROR_BODY}`);
        return;
      }
      const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
      const protocol = /sec-websocket-protocol: ([^,\r]+)/i.exec(text)?.[1];
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : ""}\r\n`);
      const close = Buffer.concat([Buffer.from([0x03, 0xf3]), Buffer.from("user.origin_not_allowed")]);
      socket.write(Buffer.concat([frame(0x1, Buffer.from(JSON.stringify({ body: { tag: "Error", val: { group: "user", code: "origin_not_allowed" } } }))), frame(0x8, close)]));
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const target = () => ({ endpoint, actorId: "actor-1" });

test.each([
  ["fetch", "http-action", originLine("https://evil.com")],
  ["fetch, no Origin", "raw-request", { lines: [] }],
  ["raw socket (two Origin lines)", "http-queue", originLines("https://evil.com", "https://myapp.com")],
  ["ws", "websocket-connect", originLine("https://evil.com")],
  ["raw socket WebSocket (a byte >= 0x80)", "raw-websocket", originLine("https://myapp.com\u00e9")],
] as const)("%s over %s: the transcript's request is the bytes the server got", async (_client, transport, header) => {
  const before = received.length;
  const result = await probe(target(), transport, header, { timeoutMs: 3_000, settleMs: 500, closeWaitMs: 500 });
  expect(received.length).toBe(before + 1);
  expect(result.transcript?.sent).toBe(received[before]);
  for (const line of header.lines) expect(result.transcript?.sent).toContain(`rigin: ${Buffer.from(line, "latin1").toString("latin1")}`);
  if (transport.includes("websocket")) {
    expect(result.transcript?.received).toMatch(/^HTTP 101/);
    expect(result.transcript?.received).toContain("close 1011");
    if (transport === "websocket-connect") expect(result.transcript?.received).toContain('"tag":"Error"');
  } else {
    expect(result.transcript?.received).toBe(`HTTP 500\n\n${ERROR_BODY}`);
  }
});
