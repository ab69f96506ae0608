/**
 * One request made by a real page (harness/browser/probe-script.ts), classified
 * in Node with the harness's own rules (harness/probes/classify.ts), so a
 * browser decision means exactly what a Node probe's decision means:
 *
 * - websocket-connect: first frame Init = accepted; Error = rejected with its
 *   group and code. A socket that never opened, or closed with no frame, is
 *   `errored`; no answer in time is `timeout`. Never "rejected".
 * - http-action: 200 with an output, or 404 actor.action_not_found for the probe
 *   action = accepted; an actor error (status 500 for a UserError) = rejected.
 *   A fetch that threw (CORS, network) is `errored`.
 * - rivetkit-client: the official client's `onOpen` = accepted; `onError` with a
 *   group and code = rejected; anything else is `errored` or `timeout`.
 */
import type { Frame } from "playwright-core";
import { classifyActionAnswer, classifyConnectTrace, PROBE_ACTION, type WebSocketTrace } from "../probes/classify.js";
import type { Outcome } from "../probes/outcome.js";
import { HTTP_ACTION, WEBSOCKET_CONNECT } from "../transports/index.js";

/** The page's own requests over two of the harness's transports, and the official client over /connect. */
export type BrowserTransportId = typeof WEBSOCKET_CONNECT.id | typeof HTTP_ACTION.id | "rivetkit-client";

export interface BrowserTransport {
  readonly id: BrowserTransportId;
  readonly title: string;
  readonly description: string;
}

export const BROWSER_TRANSPORTS: readonly BrowserTransport[] = [
  {
    id: WEBSOCKET_CONNECT.id,
    title: "WebSocket /connect",
    description: 'new WebSocket(".../gateway/{actorId}/connect", ["rivet", "rivet_encoding.json"]) from the page; decided by the first frame.',
  },
  {
    id: HTTP_ACTION.id,
    title: "fetch POST action",
    description: 'fetch(".../gateway/{actorId}/action/{probe}", { method: "POST", credentials: "include" }) with a JSON body: the browser sends a CORS preflight first.',
  },
  {
    id: "rivetkit-client",
    title: "rivetkit client connect()",
    description: "The official rivetkit browser client, bundled with esbuild: createClient(...)[actor].getForId(id).connect(), first onOpen or onError.",
  },
];

export interface BrowserProbeTarget {
  readonly endpoint: string;
  readonly poolName: string;
  readonly actorName: string;
  readonly actorId: string;
}

export interface BrowserProbeOptions {
  /** The page's own bound on one request (a little above the engine's 5 s onBeforeConnectTimeout). */
  readonly timeoutMs?: number;
  /** After a /connect Error frame, how long the page waits for the close that follows. */
  readonly closeWaitMs?: number;
}

export interface BrowserProbeResult {
  readonly transport: BrowserTransportId;
  readonly request: string;
  /** What the page saw, as a short text. */
  readonly response: string;
  readonly outcome: Outcome;
  readonly durationMs: number;
}

export const DEFAULT_BROWSER_PROBE_TIMEOUT_MS = 7_000;
/** Node's own bound on top of the page's: the page reports its timeouts itself, this catches a stuck page. */
const DRIVER_SLACK_MS = 3_000;

interface PageWebSocketTrace {
  opened: boolean;
  protocol: string | null;
  messages: { text: string; binary: boolean }[];
  close: { code: number; reason: string; wasClean: boolean } | null;
  errorEvent: boolean;
  timedOut: boolean;
  exception: string | null;
  elapsedMs: number;
}

type PageHttpAnswer = { status: number; body: string; elapsedMs: number } | { timedOut: true; elapsedMs: number } | { error: string; elapsedMs: number };

export interface PageClientSocket {
  url: string;
  opened: boolean;
  protocol?: string | null;
  messages: { text: string; binary: boolean }[];
  close: { code: number; reason: string; wasClean: boolean } | null;
}

export type PageClientResult = { sockets: PageClientSocket[]; elapsedMs: number } & (
  | { kind: "open"; status: string }
  | { kind: "error"; group: string | null; code: string | null; message: string }
  | { kind: "timeout"; status: string }
  | { kind: "exception"; message: string }
);

const snippet = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);

async function callInPage<T>(frame: Frame, fn: string, argument: unknown, boundMs: number): Promise<T | { driverTimeout: true } | { driverError: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      frame.evaluate(`self.originProbe.${fn}(${JSON.stringify(argument)})`) as Promise<T>,
      new Promise<{ driverTimeout: true }>((resolve) => (timer = setTimeout(() => resolve({ driverTimeout: true }), boundMs))),
    ]);
  } catch (error) {
    return { driverError: (error as Error).message.split("\n")[0] ?? String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function driverFailure(result: object, boundMs: number): Outcome | undefined {
  if ("driverTimeout" in result) return { kind: "timeout", afterMs: boundMs, stage: "the page did not answer the driver" };
  if ("driverError" in result) return { kind: "errored", detail: `the page could not run the probe: ${(result as { driverError: string }).driverError}` };
  return undefined;
}

function wsUrl(endpoint: string, actorId: string): string {
  return `${endpoint.replace(/^http/, "ws")}/gateway/${encodeURIComponent(actorId)}/connect`;
}

/** The page's WebSocket trace as the harness's trace: an opened browser socket was upgraded with 101. */
export function toWebSocketTrace(trace: PageWebSocketTrace): WebSocketTrace {
  return {
    handshakeStatus: trace.opened ? 101 : undefined,
    messages: trace.messages,
    close: trace.close ? { code: trace.close.code, reason: trace.close.reason } : undefined,
  };
}

function describePageTrace(trace: PageWebSocketTrace): string {
  const parts = [trace.opened ? `open (protocol ${trace.protocol || "-"})` : "never opened"];
  for (const message of trace.messages) parts.push(`frame ${snippet(message.text)}`);
  if (trace.close) parts.push(`close ${trace.close.code} "${trace.close.reason}"`);
  if (trace.errorEvent) parts.push("error event");
  if (trace.exception) parts.push(`exception ${trace.exception}`);
  if (trace.timedOut) parts.push(`timed out after ${trace.elapsedMs} ms`);
  return parts.join("; ");
}

async function probeWebSocket(frame: Frame, target: BrowserProbeTarget, timeoutMs: number, closeWaitMs: number) {
  const url = wsUrl(target.endpoint, target.actorId);
  const request = `new WebSocket(${url}, [rivet, rivet_encoding.json])`;
  const bound = timeoutMs + closeWaitMs + DRIVER_SLACK_MS;
  const result = await callInPage<PageWebSocketTrace>(frame, "websocketConnect", { url, protocols: ["rivet", "rivet_encoding.json"], timeoutMs, closeWaitMs }, bound);
  const failure = driverFailure(result, bound);
  if (failure) return { request, response: "-", outcome: failure };
  const trace = result as PageWebSocketTrace;
  const response = describePageTrace(trace);
  if (trace.exception) return { request, response, outcome: { kind: "errored", detail: `new WebSocket threw: ${trace.exception}` } as Outcome };
  if (trace.timedOut && trace.messages.length === 0) {
    const stage = trace.opened ? "waiting for the guard's decision after the upgrade" : "waiting for the handshake answer";
    return { request, response, outcome: { kind: "timeout", afterMs: timeoutMs, stage } as Outcome };
  }
  if (!trace.opened) {
    // A browser hides the handshake answer: a socket that never opened is a failed connection, never a rejection.
    return { request, response, outcome: { kind: "errored", detail: `the WebSocket never opened (${response})` } as Outcome };
  }
  return { request, response, outcome: classifyConnectTrace(toWebSocketTrace(trace)) };
}

async function probeHttpAction(frame: Frame, target: BrowserProbeTarget, timeoutMs: number) {
  const url = `${target.endpoint}/gateway/${encodeURIComponent(target.actorId)}/action/${encodeURIComponent(PROBE_ACTION)}`;
  const request = `fetch POST ${url}`;
  const bound = timeoutMs + DRIVER_SLACK_MS;
  const result = await callInPage<PageHttpAnswer>(
    frame,
    "httpPost",
    { url, headers: { "content-type": "application/json", "x-rivet-encoding": "json" }, body: JSON.stringify({ args: [] }), timeoutMs },
    bound,
  );
  const failure = driverFailure(result, bound);
  if (failure) return { request, response: "-", outcome: failure };
  const answer = result as PageHttpAnswer;
  if ("timedOut" in answer) return { request, response: "no answer", outcome: { kind: "timeout", afterMs: timeoutMs, stage: "waiting for the HTTP answer" } as Outcome };
  if ("error" in answer) {
    return { request, response: `fetch threw ${answer.error}`, outcome: { kind: "errored", detail: `fetch failed in the page (CORS or network): ${answer.error}` } as Outcome };
  }
  return { request, response: `HTTP ${answer.status} ${snippet(answer.body)}`, outcome: classifyActionAnswer(answer, PROBE_ACTION) };
}

async function probeClient(frame: Frame, target: BrowserProbeTarget, timeoutMs: number) {
  const request = `createClient({ endpoint: ${target.endpoint} }).${target.actorName}.getForId(${target.actorId}).connect()`;
  const disposeTimeoutMs = 1_000;
  const bound = timeoutMs + disposeTimeoutMs + DRIVER_SLACK_MS;
  const result = await callInPage<PageClientResult>(
    frame,
    "rivetkitConnect",
    { endpoint: target.endpoint, poolName: target.poolName, actorName: target.actorName, actorId: target.actorId, timeoutMs, disposeTimeoutMs },
    bound,
  );
  const failure = driverFailure(result, bound);
  if (failure) return { request, response: "-", outcome: failure };
  const answer = result as PageClientResult;
  const first = answer.sockets[0];
  const wire = first === undefined ? "no socket" : `${first.url.replace(/\?.*$/, "")}: ${describePageTrace({ ...first, protocol: first.protocol ?? null, errorEvent: false, timedOut: false, exception: null, elapsedMs: 0 })}`;
  const said =
    answer.kind === "open"
      ? `onOpen (connStatus ${answer.status})`
      : answer.kind === "error"
        ? `onError ${answer.group ?? "-"}.${answer.code ?? "-"}: ${snippet(answer.message, 200)}`
        : answer.kind === "timeout"
          ? `no onOpen or onError (connStatus ${answer.status})`
          : `threw ${answer.message}`;
  const response = `${said}; client socket: ${wire}`;
  return { request, response, outcome: classifyClient(answer, first, timeoutMs) };
}

/**
 * The client's callback and its socket's first frame must tell the same story:
 * onOpen with an Init frame is accepted, onError with an Error frame of the same
 * group and code is rejected. The client reports a socket the browser never
 * opened as `client.connection_open_failed`: that is `errored`, never a rejection.
 */
export function classifyClient(answer: PageClientResult, socket: PageClientSocket | undefined, timeoutMs: number): Outcome {
  if (answer.kind === "exception") return { kind: "errored", detail: `the rivetkit client threw: ${answer.message}` };
  if (answer.kind === "timeout") return { kind: "timeout", afterMs: timeoutMs, stage: "waiting for the rivetkit client's onOpen or onError" };
  if (socket === undefined || !socket.opened) {
    const said = answer.kind === "open" ? "onOpen" : `onError ${answer.group}.${answer.code}`;
    return { kind: "errored", detail: `the rivetkit client's socket never opened (the client said ${said}): the actor was not reached` };
  }
  const wire = classifyConnectTrace(toWebSocketTrace({ ...socket, protocol: socket.protocol ?? null, errorEvent: false, timedOut: false, exception: null, elapsedMs: 0 }));
  if (answer.kind === "open") {
    if (wire.kind === "accepted") return { kind: "accepted", evidence: "the rivetkit client's onOpen, after an Init frame on its socket" };
    return { kind: "errored", detail: `the rivetkit client said onOpen but its socket saw ${wire.kind}` };
  }
  if (wire.kind === "rejected" && wire.group === answer.group && wire.code === answer.code) {
    return { ...wire, evidence: `the rivetkit client's onError ${answer.group}.${answer.code}, after an Error frame ${wire.group}.${wire.code} on its socket` };
  }
  return { kind: "errored", detail: `the rivetkit client said onError ${answer.group}.${answer.code} but its socket saw ${wire.kind === "rejected" ? `${wire.group}.${wire.code}` : wire.kind}` };
}

/** One request from the page in `frame` over one transport, classified. */
export async function probeFromPage(frame: Frame, target: BrowserProbeTarget, transport: BrowserTransportId, options: BrowserProbeOptions = {}): Promise<BrowserProbeResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_BROWSER_PROBE_TIMEOUT_MS;
  const startedAt = performance.now();
  const { request, response, outcome } =
    transport === WEBSOCKET_CONNECT.id
      ? await probeWebSocket(frame, target, timeoutMs, options.closeWaitMs ?? 500)
      : transport === HTTP_ACTION.id
        ? await probeHttpAction(frame, target, timeoutMs)
        : await probeClient(frame, target, timeoutMs);
  return { transport, request, response, outcome, durationMs: performance.now() - startedAt };
}

/** What the page says its own origin is (`self.origin`), and whether the client bundle loaded there. */
export async function pageIdentity(frame: Frame): Promise<{ origin: string; href: string; clientBundle: boolean }> {
  return (await Promise.race([
    frame.evaluate("self.originProbe.whoAmI()"),
    new Promise((_, reject) => setTimeout(() => reject(new Error("whoAmI did not answer within 5 s")), 5_000).unref()),
  ])) as { origin: string; href: string; clientBundle: boolean };
}
