import type { OriginHeader } from "../origin/header.js";
import { completeFetchRequest, watchFetchHead } from "./fetch-head.js";
import { decodeBody, openRawConnection, parseResponseHead, requestHead } from "./raw-socket.js";

export interface HttpRequestSpec {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string;
}

/** What came back, or why nothing did. */
export type HttpExchange =
  | { readonly kind: "answer"; readonly status: number; readonly body: string; readonly headers: Readonly<Record<string, string>> }
  | { readonly kind: "timeout" }
  | { readonly kind: "failed"; readonly reason: string };

/** An exchange and the request exactly as written (head and body; see transcript.ts). */
export type SentHttpExchange = HttpExchange & { readonly sent: string };

/** Node's fetch (keep-alive), for Origin values it sends unchanged. */
export async function exchangeWithFetch(endpoint: string, spec: HttpRequestSpec, origin: OriginHeader, timeoutMs: number): Promise<SentHttpExchange> {
  const headers: Record<string, string> = Object.fromEntries(spec.headers);
  const value = origin.lines[0];
  if (value !== undefined) headers.origin = value;
  const watch = watchFetchHead(spec.method, spec.path, value);
  const exchange = await fetchExchange(endpoint, spec, headers, timeoutMs);
  const head = watch.take();
  return { ...exchange, sent: head === undefined ? "(fetch wrote no request head: the connection failed first)" : completeFetchRequest(head, spec.body) };
}

async function fetchExchange(endpoint: string, spec: HttpRequestSpec, headers: Record<string, string>, timeoutMs: number): Promise<HttpExchange> {
  try {
    const response = await fetch(`${endpoint}${spec.path}`, {
      method: spec.method,
      headers,
      body: spec.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.text();
    return { kind: "answer", status: response.status, body, headers: Object.fromEntries(response.headers) };
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") return { kind: "timeout" };
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
    return { kind: "failed", reason: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}

/** A raw socket, for everything else: the Origin lines go out byte for byte. */
export function exchangeRaw(endpoint: string, spec: HttpRequestSpec, origin: OriginHeader, timeoutMs: number): Promise<SentHttpExchange> {
  const url = new URL(endpoint);
  const body = spec.body === undefined ? undefined : Buffer.from(spec.body, "utf8");
  const headers: (readonly [string, string])[] = [...spec.headers, ["Connection", "close"]];
  if (body !== undefined) headers.push(["Content-Length", String(body.length)]);
  const head = requestHead(spec.method, spec.path, url.host, headers, origin);
  const sent = Buffer.concat([head, body ?? Buffer.alloc(0)]).toString("latin1");
  const { socket, failed } = openRawConnection(endpoint);
  return new Promise<SentHttpExchange>((resolve) => {
    let received: Buffer = Buffer.alloc(0);
    let settled = false;
    const settle = (exchange: HttpExchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...exchange, sent });
    };
    const timer = setTimeout(() => settle({ kind: "timeout" }), timeoutMs);
    const tryAnswer = (closed: boolean) => {
      const head = parseResponseHead(received);
      if (head === undefined) {
        if (closed) settle({ kind: "failed", reason: received.length === 0 ? "the connection closed without an answer" : "a malformed answer" });
        return;
      }
      const decoded = decodeBody(head, head.rest, closed);
      if (decoded === undefined) return;
      settle({ kind: "answer", status: head.status, body: decoded.toString("utf8"), headers: Object.fromEntries(head.headers) });
    };
    failed.then((reason) => settle(received.length === 0 ? { kind: "failed", reason } : { kind: "failed", reason: `${reason} mid-answer` }));
    socket.on("connect", () => {
      socket.write(head);
      if (body !== undefined) socket.write(body);
    });
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      tryAnswer(false);
    });
    socket.on("end", () => tryAnswer(true));
    socket.on("close", () => tryAnswer(true));
  });
}
