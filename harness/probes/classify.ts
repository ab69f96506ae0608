import type { Outcome } from "./outcome.js";

/** An error body as rivetkit writes it: `{group, code, message, actor?}`. */
interface RivetErrorBody {
  group: string;
  code: string;
  message?: string;
  actor?: unknown;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asRivetError(value: unknown): RivetErrorBody | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { group, code } = value as Record<string, unknown>;
  if (typeof group !== "string" || typeof code !== "string") return undefined;
  return value as RivetErrorBody;
}

const snippet = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** The action the harness calls when the user names none: it does not exist, so it has no side effects. */
export const PROBE_ACTION = "__origin_conformance_probe__";

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * An error that came from the actor carries an `actor` object; the gateway's
 * own errors do not. Only the former can be the guard's decision.
 */
function classifyHttpError(answer: HttpAnswer): Outcome {
  const error = asRivetError(parseJson(answer.body));
  if (error && error.actor !== undefined) {
    return {
      kind: "rejected",
      group: error.group,
      code: error.code,
      message: error.message,
      status: answer.status,
      evidence: `HTTP ${answer.status} ${error.group}.${error.code} from the actor`,
    };
  }
  if (answer.status === 400) {
    return { kind: "transport-rejected", status: 400, evidence: `the gateway answered 400 before the actor: ${snippet(answer.body)}` };
  }
  return { kind: "errored", detail: `HTTP ${answer.status} not from the actor: ${snippet(answer.body)}` };
}

/** `POST /action/{name}`: 200 with `output` is accepted; an actor error is the guard's rejection. */
export function classifyActionAnswer(answer: HttpAnswer, action: string): Outcome {
  const json = parseJson(answer.body);
  if (answer.status === 200 && typeof json === "object" && json !== null && "output" in json) {
    return { kind: "accepted", evidence: "HTTP 200 with the action's output" };
  }
  const error = asRivetError(json);
  if (action === PROBE_ACTION && answer.status === 404 && error?.group === "actor" && error.code === "action_not_found") {
    return { kind: "accepted", evidence: "HTTP 404 actor.action_not_found: the guard passed and dispatch looked up the probe action" };
  }
  if (answer.status >= 200 && answer.status < 300) {
    return { kind: "errored", detail: `HTTP ${answer.status} without an action output: ${snippet(answer.body)}` };
  }
  return classifyHttpError(answer);
}

/** `POST /queue/{name}`: 200 with a status object is accepted. */
export function classifyQueueAnswer(answer: HttpAnswer): Outcome {
  const json = parseJson(answer.body);
  if (answer.status === 200 && typeof json === "object" && json !== null && "status" in json) {
    return { kind: "accepted", evidence: `HTTP 200 queue status ${JSON.stringify((json as { status: unknown }).status)}` };
  }
  if (answer.status >= 200 && answer.status < 300) {
    return { kind: "errored", detail: `HTTP ${answer.status} without a queue status: ${snippet(answer.body)}` };
  }
  return classifyHttpError(answer);
}

/** What ran inside the actor for a probe (registry/witness.ts), or "wire-alone" when the registry is not in this process. */
export type RawRouteView = { readonly handler?: "onRequest" | "onWebSocket" } | "wire-alone";

/**
 * `/request/...` (raw onRequest): an actor error is the guard's rejection.
 * Accepted means the handler was seen to run (in process); from the wire alone,
 * only an answer below 500 that is no gateway error. A 502, a 503 or an HTML
 * 500 that the handler did not write is `errored`: nobody observed a decision.
 */
export function classifyRawRequestAnswer(answer: HttpAnswer, inside: RawRouteView): Outcome {
  const error = asRivetError(parseJson(answer.body));
  if (error?.actor !== undefined || (error !== undefined && answer.status >= 400)) return classifyHttpError(answer);
  if (answer.status === 400 && error === undefined && answer.body.length === 0) {
    return { kind: "transport-rejected", status: 400, evidence: "the gateway answered 400 with no body" };
  }
  if (inside === "wire-alone") {
    return answer.status < 500
      ? { kind: "accepted", evidence: `onRequest answered HTTP ${answer.status} (judged from the wire alone)` }
      : { kind: "errored", detail: `HTTP ${answer.status}, not an actor error, and the handler could not be seen to run: ${snippet(answer.body)}` };
  }
  if (inside.handler === "onRequest") return { kind: "accepted", evidence: `onRequest ran (seen in process) and answered HTTP ${answer.status}` };
  return { kind: "errored", detail: `HTTP ${answer.status}, but onRequest never ran: ${snippet(answer.body)}` };
}

/** Everything a WebSocket probe saw, in order. */
export interface WebSocketTrace {
  /** HTTP status of the handshake answer; 101 when upgraded. */
  readonly handshakeStatus?: number;
  readonly handshakeBody?: string;
  readonly messages: readonly { readonly text: string; readonly binary: boolean }[];
  readonly close?: { readonly code: number; readonly reason: string };
  /** The socket stayed open, silent, for the settle window. */
  readonly settled?: boolean;
  readonly settleMs?: number;
}

function handshakeRefused(trace: WebSocketTrace): Outcome | undefined {
  if (trace.handshakeStatus === undefined || trace.handshakeStatus === 101) return undefined;
  return classifyHttpError({ status: trace.handshakeStatus, body: trace.handshakeBody ?? "" });
}

function closeRejection(close: { code: number; reason: string }): Outcome | undefined {
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_.-]+)$/.exec(close.reason);
  if (close.code !== 1011 || !match) return undefined;
  return {
    kind: "rejected",
    group: match[1]!,
    code: match[2]!,
    closeCode: close.code,
    evidence: `close ${close.code} "${close.reason}"`,
  };
}

/** `/connect` (rivet protocol, JSON encoding): the first frame decides, Init or Error. */
export function classifyConnectTrace(trace: WebSocketTrace): Outcome {
  const refused = handshakeRefused(trace);
  if (refused) return refused;
  const first = trace.messages[0];
  if (first !== undefined) {
    const body = (parseJson(first.text) as { body?: { tag?: string; val?: Record<string, unknown> } } | undefined)?.body;
    if (body?.tag === "Init") return { kind: "accepted", evidence: "Init frame with a connection id" };
    const error = asRivetError(body?.val);
    if (body?.tag === "Error" && error) {
      return {
        kind: "rejected",
        group: error.group,
        code: error.code,
        message: error.message,
        closeCode: trace.close?.code,
        evidence: `Error frame ${error.group}.${error.code}${trace.close ? `, then close ${trace.close.code}` : ""}`,
      };
    }
    return { kind: "errored", detail: `unexpected first frame: ${snippet(first.text)}` };
  }
  if (trace.close) {
    return closeRejection(trace.close) ?? { kind: "errored", detail: `closed ${trace.close.code} "${trace.close.reason}" before any frame` };
  }
  return { kind: "errored", detail: "no frame and no close" };
}

/**
 * `/websocket/...` (raw onWebSocket): close 1011 group.code is rejected.
 * Accepted means onWebSocket was seen to run (in process), or, from the wire
 * alone, that it sent a message. A socket that only stays open and silent is
 * accepted only when the handler was seen to run: silence is never an acceptance.
 */
export function classifyRawWebSocketTrace(trace: WebSocketTrace, inside: RawRouteView): Outcome {
  const refused = handshakeRefused(trace);
  if (refused) return refused;
  const ran = inside !== "wire-alone" && inside.handler === "onWebSocket";
  if (trace.messages.length > 0) {
    if (inside === "wire-alone") return { kind: "accepted", evidence: "onWebSocket sent a message" };
    return ran ? { kind: "accepted", evidence: "onWebSocket ran (seen in process) and sent a message" } : { kind: "errored", detail: "a message arrived, but onWebSocket never ran" };
  }
  if (trace.close) {
    return closeRejection(trace.close) ?? { kind: "errored", detail: `closed ${trace.close.code} "${trace.close.reason}"` };
  }
  if (trace.settled) {
    if (ran) return { kind: "accepted", evidence: `onWebSocket ran (seen in process); the socket stayed open for ${trace.settleMs} ms without a rejection` };
    return {
      kind: "errored",
      detail: `the socket stayed open and silent for ${trace.settleMs} ms, and ${inside === "wire-alone" ? "the handler could not be seen to run (the registry is not hosted in this process)" : "onWebSocket never ran"}: silence is not an acceptance`,
    };
  }
  return { kind: "errored", detail: "no message, no close and no settle" };
}
