import { type OriginHeader, sendableByNodeClients } from "../origin/header.js";
import type { WebSocketTrace } from "./classify.js";
import { exchangeRaw, exchangeWithFetch, type HttpExchange } from "./http-clients.js";
import type { Outcome } from "./outcome.js";
import { describePause, type Pause, pauseDuring, watchForPauses } from "./suspension.js";
import { bounded, httpReceived, type Transcript, webSocketReceived } from "./transcript.js";
import { type HeaderLine, type TransportId, transportOf } from "../transports/index.js";
import type { HttpTransport, WebSocketTransport } from "../transports/transport.js";
import { openRaw, openWithWs, type WebSocketAttempt } from "./websocket-clients.js";
import { PROBE_MARKER_HEADER, type Sighting, type Witness } from "../registry/witness.js";
import { WebSocketRecorder } from "./websocket-recorder.js";

export interface ProbeTarget {
  readonly endpoint: string;
  readonly actorId: string;
  /** The action for `http-action`; by default a probe action that does not exist (no side effects). */
  readonly action?: string;
  /** Arguments for that action. */
  readonly args?: readonly unknown[];
  /** What ran inside the actor, when the registry is hosted in this process (raw routes are then positively observed). */
  readonly witness?: Witness;
}

/** What the actor was seen to run for this probe, or "wire-alone" when the registry is not in this process. */
export type InsideView = Sighting | "wire-alone";

/** The marker header that correlates a probe with what ran inside the actor (removed before the user's code sees the request). */
function marking(target: ProbeTarget): { headers: [string, string][]; inside: () => InsideView } {
  const witness = target.witness;
  if (witness === undefined) return { headers: [], inside: () => "wire-alone" };
  const marker = witness.mark();
  return { headers: [[PROBE_MARKER_HEADER, marker]], inside: () => witness.take(marker) };
}

export interface ProbeOptions {
  /** Bound on the whole probe; a little above the engine's 5 s onBeforeConnectTimeout by default. */
  readonly timeoutMs?: number;
  /**
   * How long a silent raw WebSocket must stay open to count as accepted. Only a
   * window longer than the actor's onBeforeConnectTimeout is positive evidence:
   * by then the guard has either rejected (close 1011) or let the socket through.
   */
  readonly settleMs?: number;
  /** After a /connect Error frame, how long to wait for the close that follows. */
  readonly closeWaitMs?: number;
  /** Force the raw-socket client even for values Node could send. */
  readonly forceRaw?: boolean;
  /**
   * Header lines sent besides the Origin lines, after the transport's own (Referer, Cookie, ...). With
   * any, the raw-socket client is used, so they go out byte for byte and no client default (undici's
   * own sec-fetch-mode, user-agent) is mixed in.
   */
  readonly headers?: ExtraHeaders;
}

/** Header lines besides the Origin, as [name, value] pairs written in this order. */
export type ExtraHeaders = readonly HeaderLine[];

export const DEFAULT_SETTLE_MS = 5_500;
export const DEFAULT_PROBE_TIMEOUT_MS = 7_000;

/** One probe, as data: what was sent, what came back, and the outcome. */
export interface ProbeResult {
  readonly transport: TransportId;
  readonly header: OriginHeader;
  /** The header lines sent besides the Origin (`options.headers`; absent when none). */
  readonly extraHeaders?: ExtraHeaders;
  readonly client: "node" | "raw-socket";
  readonly request: string;
  readonly response: string;
  readonly outcome: Outcome;
  readonly durationMs: number;
  /** The request exactly as written and what came back, for reports. */
  readonly transcript?: Transcript;
}

function describeExchange(exchange: HttpExchange): string {
  switch (exchange.kind) {
    case "answer":
      return `HTTP ${exchange.status} ${exchange.body.length > 300 ? `${exchange.body.slice(0, 300)}…` : exchange.body}`;
    case "timeout":
      return "no answer";
    case "failed":
      return `connection failed: ${exchange.reason}`;
  }
}

async function probeHttp(transport: HttpTransport, target: ProbeTarget, header: OriginHeader, options: ProbeOptions, raw: boolean) {
  const marker = marking(target);
  const spec = transport.wireRequest(target, { origin: header, extra: [...(options.headers ?? []), ...marker.headers] });
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const exchange = raw
    ? await exchangeRaw(target.endpoint, spec, header, timeoutMs)
    : await exchangeWithFetch(target.endpoint, spec, header, timeoutMs);
  const outcome: Outcome =
    exchange.kind === "answer"
      ? transport.classify(exchange, target, marker.inside())
      : exchange.kind === "timeout"
        ? { kind: "timeout", afterMs: timeoutMs, stage: "waiting for the HTTP answer" }
        : { kind: "infrastructure", detail: exchange.reason };
  const received = exchange.kind === "answer" ? httpReceived(exchange.status, exchange.body) : describeExchange(exchange);
  return { request: `${spec.method} ${spec.path}`, response: describeExchange(exchange), outcome, transcript: { sent: bounded(exchange.sent), received }, timed: exchange.kind === "timeout" };
}

function describeTrace(trace: WebSocketTrace): string {
  const parts = [`handshake ${trace.handshakeStatus ?? "-"}`];
  if (trace.handshakeBody) parts.push(trace.handshakeBody.slice(0, 300));
  for (const message of trace.messages) parts.push(`frame ${message.text.slice(0, 300)}`);
  if (trace.close) parts.push(`close ${trace.close.code} "${trace.close.reason}"`);
  if (trace.settled) parts.push(`open for ${trace.settleMs} ms`);
  return parts.join("; ");
}

async function probeWebSocket(transport: WebSocketTransport, target: ProbeTarget, header: OriginHeader, options: ProbeOptions, raw: boolean) {
  const marker = marking(target);
  const { path, protocols, ending, headers } = transport.wireRequest(target, { origin: header, extra: [...(options.headers ?? []), ...marker.headers] });
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const settleMs = Math.min(options.settleMs ?? DEFAULT_SETTLE_MS, timeoutMs - 1);
  const recorder = new WebSocketRecorder(ending, settleMs, options.closeWaitMs ?? 500);
  const wsUrl = `${target.endpoint.replace(/^http/, "ws")}${path}`;
  const attempt: WebSocketAttempt = raw
    ? openRaw(target.endpoint, path, protocols, header, recorder, headers)
    : openWithWs(wsUrl, protocols, header, recorder, headers);
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    recorder.done.then((trace) => ({ kind: "trace" as const, trace })),
    attempt.failed.then((reason) => ({ kind: "failed" as const, reason })),
    new Promise<{ kind: "timeout" }>((resolve) => (timer = setTimeout(() => resolve({ kind: "timeout" }), timeoutMs))),
  ]);
  clearTimeout(timer);
  attempt.close();
  const request = `GET ${path} (${protocols.join(", ")})`;
  const sent = bounded(attempt.sent() ?? "(no handshake was written: the connection failed first)");
  if (result.kind === "failed") {
    const response = `connection failed: ${result.reason}`;
    return { request, response, outcome: { kind: "infrastructure", detail: result.reason } as Outcome, transcript: { sent, received: response }, timed: false };
  }
  if (result.kind === "timeout") {
    const trace = recorder.trace;
    const stage = trace.handshakeStatus === undefined ? "waiting for the handshake answer" : "waiting for the guard's decision after the upgrade";
    const transcript = { sent, received: `${webSocketReceived(trace)}\n(no decision within ${timeoutMs} ms)` };
    return { request, response: describeTrace(trace), outcome: { kind: "timeout", afterMs: timeoutMs, stage } as Outcome, transcript, timed: true };
  }
  const inside = marker.inside();
  const outcome = transport.classify(result.trace, inside);
  // A raw WebSocket that stayed silent for the settle window is accepted by a timer too.
  return { request, response: describeTrace(result.trace), outcome, transcript: { sent, received: webSocketReceived(result.trace) }, timed: result.trace.settled === true };
}

/** Sends one request with exactly this Origin header over one transport and classifies the answer. */
export async function probe(target: ProbeTarget, transport: TransportId, header: OriginHeader, options: ProbeOptions = {}): Promise<ProbeResult> {
  const extraHeaders = options.headers ?? [];
  const raw = options.forceRaw === true || extraHeaders.length > 0 || !sendableByNodeClients(header);
  watchForPauses();
  const startedAt = performance.now();
  const module = transportOf(transport);
  const { request, response, outcome, transcript, timed } =
    module.kind === "websocket" ? await probeWebSocket(module, target, header, options, raw) : await probeHttp(module, target, header, options, raw);
  return {
    transport,
    header,
    ...(extraHeaders.length > 0 && { extraHeaders }),
    client: raw ? "raw-socket" : "node",
    request,
    response,
    outcome: timed ? pausedOutcome(outcome, pauseDuring(startedAt, performance.now())) : outcome,
    durationMs: performance.now() - startedAt,
    transcript,
  };
}

/** An outcome that a timer decided, while this process was paused, is the harness's failure, not the guard's. */
function pausedOutcome(outcome: Outcome, pause: Pause | undefined): Outcome {
  if (pause === undefined) return outcome;
  return { kind: "infrastructure", detail: `${describePause(pause)} while this probe waited, so its ${outcome.kind} says nothing about the guard` };
}
