/**
 * What one transport is, in one place: a gateway route that runs the actor's
 * `onBeforeConnect` with `c.request` set. Each transport is one module in this
 * folder implementing this interface; index.ts lists them, and everything else
 * iterates over that list or asks the module. Every member is required, so
 * adding a transport makes the compiler name each fact it must state.
 */
import type { OriginHeader } from "../origin/header.js";
import type { HttpAnswer, RawRouteView, WebSocketTrace } from "../probes/classify.js";
import type { Outcome } from "../probes/outcome.js";

/** One request header line, as written on the wire. */
export type HeaderLine = readonly [name: string, value: string];

/** The wire facts a description states; they come from the rivetkit version's expectation file (calibration/wire-expectations.ts). */
export interface RejectionOnTheWire {
  readonly userErrorHttpStatus: number;
  readonly websocketRejectUpgradeStatus: number;
  readonly websocketRejectCloseCode: number;
}

/** The user handler a transport needs on the actor; the route exists only when the actor defines it. */
export type UserHandler = "onRequest" | "onWebSocket";

/** Whom a wire request is for. */
export interface WireTarget {
  readonly actorId: string;
  /** The action for an action call; by default the probe action, which does not exist (no side effects). */
  readonly action?: string;
  /** Arguments for that action. */
  readonly args?: readonly unknown[];
}

/** What a wire request carries besides its route: the Origin lines under test, and any further header lines. */
export interface WireHeaders {
  readonly origin: OriginHeader;
  /** Written after the transport's own headers, in this order (e.g. the witness marker, or Referer, Cookie, ...). */
  readonly extra?: readonly HeaderLine[];
}

export interface HttpWireRequest {
  readonly kind: "http";
  readonly method: "GET" | "POST";
  /** From the endpoint's root: `/gateway/{actorId}/...`. */
  readonly path: string;
  /** The transport's own headers, then the extra ones; the Origin lines are in `origin`. */
  readonly headers: readonly HeaderLine[];
  readonly body?: string;
  readonly origin: OriginHeader;
}

/**
 * How a WebSocket probe knows it has seen enough (probes/websocket-recorder.ts):
 * - connect: an Init frame ends it; an Error frame waits (briefly) for the close;
 * - raw: the first message or the close ends it; else the settle window does.
 */
export type WebSocketEnding = "connect" | "raw";

export interface WebSocketWireRequest {
  readonly kind: "websocket";
  readonly path: string;
  readonly protocols: readonly string[];
  /** Handshake headers beyond the upgrade's own, then the extra ones; the Origin lines are in `origin`. */
  readonly headers: readonly HeaderLine[];
  readonly origin: OriginHeader;
  readonly ending: WebSocketEnding;
}

export type WireRequest = HttpWireRequest | WebSocketWireRequest;

/** The request the stack delivers to the guard for this transport, as the in-process tier hands it over (screening/in-process-guard.ts). */
export interface GuardRequest {
  readonly method: string;
  /** With the gateway prefix removed, as rivetkit hands it to the hook. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The hook's second argument: rivetkit passes decoded conn params (null), or nothing for raw requests. */
  readonly params: null | undefined;
}

interface TransportFacts<Id extends string> {
  readonly id: Id;
  readonly title: string;
  /** The gateway route, for people. */
  readonly route: string;
  /** What accepted and rejected look like on this route, as `wire` says a rejection looks in the user's rivetkit. */
  describe(wire: RejectionOnTheWire): string;
  /** The handler the route needs on the actor, or null when every actor serves it. */
  readonly requires: UserHandler | null;
  /** Its acceptance is decided with what ran inside the actor (the witness), where the registry is hosted in this process. */
  readonly seenInside: boolean;
  /** A silent answer can be an acceptance (after a settle window), so running out of time says nothing about whether the actor answers. */
  readonly silenceCanAccept: boolean;
  /** A browser can send this request with no Origin at all (navigations, `<img>` GETs). */
  readonly browserSendsNoOrigin: boolean;
  /** Preference for the concurrency ramp, lowest first: HTTP gives the steadiest curve, a silent WebSocket would measure its settle time. */
  readonly rampRank: number;
  /** The request the guard sees, for the in-process tier; `action` is the one an action call names. */
  guardRequest(action: string): GuardRequest;
}

export interface HttpTransport<Id extends string = string> extends TransportFacts<Id> {
  readonly kind: "http";
  wireRequest(target: WireTarget, headers: WireHeaders): HttpWireRequest;
  classify(answer: HttpAnswer, target: WireTarget, inside: RawRouteView): Outcome;
}

export interface WebSocketTransport<Id extends string = string> extends TransportFacts<Id> {
  readonly kind: "websocket";
  wireRequest(target: WireTarget, headers: WireHeaders): WebSocketWireRequest;
  classify(trace: WebSocketTrace, inside: RawRouteView): Outcome;
}

export type Transport<Id extends string = string> = HttpTransport<Id> | WebSocketTransport<Id>;
