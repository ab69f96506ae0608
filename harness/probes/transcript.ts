import type { WebSocketTrace } from "./classify.js";

/**
 * What went over the wire for one probe, for a reader: the request line and
 * header lines exactly as written (one character per byte, latin1, so a UTF-8
 * value shows its bytes), then the answer: the HTTP status and body, or the
 * handshake status, each WebSocket frame and the close code.
 */
export interface Transcript {
  readonly sent: string;
  readonly received: string;
}

/** Longest part kept; an Origin may be 100,000 characters long. */
export const TRANSCRIPT_PART_MAX = 8_192;

export function bounded(text: string): string {
  return text.length > TRANSCRIPT_PART_MAX ? `${text.slice(0, TRANSCRIPT_PART_MAX)}… (${text.length - TRANSCRIPT_PART_MAX} more characters)` : text;
}

export function httpReceived(status: number, body: string): string {
  return bounded(`HTTP ${status}\n\n${body}`);
}

export function webSocketReceived(trace: WebSocketTrace): string {
  const lines = [`HTTP ${trace.handshakeStatus ?? "(no answer)"}${trace.handshakeBody ? `\n\n${trace.handshakeBody}` : ""}`];
  for (const message of trace.messages) lines.push(`frame (${message.binary ? "binary" : "text"}): ${message.text}`);
  if (trace.close) lines.push(`close ${trace.close.code}${trace.close.reason ? ` "${trace.close.reason}"` : ""}`);
  if (trace.settled) lines.push(`(still open after ${trace.settleMs} ms)`);
  return bounded(lines.join("\n"));
}
