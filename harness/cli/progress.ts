import type { ProgressEvent } from "../conformance/context.js";

/**
 * On a TTY: one live line (phase, cases done per transport, failures so far).
 * Elsewhere (CI, pipes): a plain line when a phase starts and every few seconds.
 */
export function progressPrinter(stream: NodeJS.WriteStream, label: string): { update: (event: ProgressEvent) => void; done: () => void } {
  const live = stream.isTTY === true && !process.env.CI;
  const perTransport = new Map<string, string>();
  let lastPhase = "";
  let lastPrint = 0;
  return {
    update(event) {
      const key = event.transport ?? event.phase;
      perTransport.set(key, event.total > 0 ? `${event.done}/${event.total}` : `${event.done}`);
      const line = `${label} ${event.phase}: ${[...perTransport].map(([name, count]) => `${name} ${count}`).join(", ")}; failures ${event.failures}`;
      if (live) {
        stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 120) - 1)}`);
        return;
      }
      const now = Date.now();
      if (event.phase !== lastPhase || now - lastPrint > 5_000) {
        if (event.phase !== lastPhase) perTransport.clear();
        lastPhase = event.phase;
        lastPrint = now;
        stream.write(`${line}\n`);
      }
    },
    done() {
      if (live) stream.write("\r\x1b[2K");
    },
  };
}
