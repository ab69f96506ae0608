import { subscribe } from "node:diagnostics_channel";

/**
 * The request heads Node's fetch (undici) writes, read from its
 * `undici:client:sendHeaders` diagnostics channel: the request line and every
 * header line as written, its own defaults included. A head is matched to the
 * probe that waits for it by method, path and Origin line; two requests alike
 * in those wrote the same head, so a swap between them changes nothing.
 */
interface Waiter {
  readonly requestLine: string;
  readonly originLine: string | undefined;
  head?: string;
}

const waiters = new Set<Waiter>();
let subscribed = false;

function originLineOf(head: string): string | undefined {
  return head.split("\r\n").find((line) => /^origin:/i.test(line));
}

function onSendHeaders(message: unknown): void {
  const head = (message as { headers?: unknown }).headers;
  if (typeof head !== "string") return;
  const requestLine = head.slice(0, head.indexOf("\r\n"));
  const origin = originLineOf(head);
  for (const waiter of waiters) {
    if (waiter.head === undefined && waiter.requestLine === requestLine && waiter.originLine?.toLowerCase() === origin?.toLowerCase()) {
      waiter.head = head;
      return;
    }
  }
}

export interface FetchHeadWatch {
  /** The head as written, undefined when it was not seen; stops watching. */
  take(): string | undefined;
}

export function watchFetchHead(method: string, path: string, origin: string | undefined): FetchHeadWatch {
  if (!subscribed) {
    subscribe("undici:client:sendHeaders", onSendHeaders);
    subscribed = true;
  }
  const waiter: Waiter = { requestLine: `${method} ${path} HTTP/1.1`, originLine: origin === undefined ? undefined : `origin: ${origin}` };
  waiters.add(waiter);
  return {
    take() {
      waiters.delete(waiter);
      return waiter.head;
    },
  };
}

/** What undici writes after the head it publishes: the body's length, the blank line, the body. */
export function completeFetchRequest(head: string, body: string | undefined): string {
  if (body === undefined) return `${head}\r\n`;
  return `${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
