import type { WebSocketEnding } from "../transports/transport.js";
import type { WebSocketTrace } from "./classify.js";

interface MutableTrace {
  handshakeStatus?: number;
  handshakeBody?: string;
  messages: { text: string; binary: boolean }[];
  close?: { code: number; reason: string };
  settled?: boolean;
  settleMs?: number;
}

/**
 * Collects what a WebSocket probe sees and decides when enough was seen, the
 * same way for the `ws` client and for the raw-socket client.
 * - connect: an Init frame ends it; an Error frame waits (briefly) for the close.
 * - raw: the first message or the close ends it; else the settle window does.
 */
export class WebSocketRecorder {
  readonly trace: MutableTrace = { messages: [] };
  readonly done: Promise<WebSocketTrace>;
  private finish!: () => void;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly route: WebSocketEnding,
    private readonly settleMs: number,
    private readonly closeWaitMs: number,
  ) {
    this.done = new Promise((resolve) => {
      this.finish = () => {
        for (const timer of this.timers) clearTimeout(timer);
        resolve(this.trace);
      };
    });
  }

  handshake(status: number, body?: string) {
    this.trace.handshakeStatus = status;
    if (status !== 101) {
      this.trace.handshakeBody = body;
      this.finish();
      return;
    }
    if (this.route === "raw") {
      this.timers.push(
        setTimeout(() => {
          this.trace.settled = true;
          this.trace.settleMs = this.settleMs;
          this.finish();
        }, this.settleMs),
      );
    }
  }

  message(text: string, binary: boolean) {
    this.trace.messages.push({ text, binary });
    if (this.route === "raw" || this.trace.messages.length > 1) return this.finish();
    if (text.includes('"Init"')) return this.finish();
    this.timers.push(setTimeout(() => this.finish(), this.closeWaitMs));
  }

  close(code: number, reason: string) {
    this.trace.close = { code, reason };
    this.finish();
  }
}
