/**
 * The script that runs inside each probing page, as plain browser JavaScript
 * (a string, so no bundler or transpiler ever rewrites it). It defines
 * `self.originProbe`, whose functions each make ONE request the way any web
 * page can, bounded in time, and return what the page saw, as JSON data:
 *
 * - `websocketConnect`: `new WebSocket(url, ["rivet", "rivet_encoding.json"])`;
 *   the frames, in order, and the close. The page never decides: Node
 *   classifies the trace (harness/probes/classify.ts), where a rejected
 *   /connect is an Error frame after a 101, never a failed upgrade.
 * - `httpPost`: `fetch(url, { method: "POST", credentials: "include" })` with
 *   a JSON body and `x-rivet-encoding: json` (so the browser sends a CORS
 *   preflight first); the status and body, or the exception.
 * - `rivetkitConnect`: the official rivetkit browser client (global
 *   `RivetkitClient`, bundled by harness/browser/client-bundle.ts): `connect()`,
 *   its first `onOpen` or `onError`, and the frames its own sockets received
 *   (recorded by a listening subclass of the page's WebSocket).
 * - `whoAmI`: the page's own view of its origin.
 *
 * Nothing here reads the Origin header: the browser sets it, and the echo actor
 * records what arrived.
 */
export const PROBE_SCRIPT = String.raw`(() => {
  "use strict";
  const now = () => performance.now();
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const describeError = (error) => (error && error.name ? error.name + ": " + error.message : String(error));

  // What the rivetkit client's own sockets receive: a transparent subclass of the page's WebSocket,
  // installed before the client ever runs, that only listens. The client's callbacks alone are not
  // evidence (it reports a socket the browser never opened as an error too), its frames are.
  const NativeWebSocket = self.WebSocket;
  const clientSockets = [];
  let recordClientSockets = false;
  class RecordingWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      if (!recordClientSockets) return;
      const record = { url: String(url).slice(0, 200), opened: false, protocol: null, messages: [], close: null };
      clientSockets.push(record);
      this.addEventListener("open", () => {
        record.opened = true;
        record.protocol = this.protocol;
      });
      this.addEventListener("message", (event) => {
        const binary = typeof event.data !== "string";
        record.messages.push({ text: binary ? "(binary frame)" : event.data.slice(0, 2000), binary });
      });
      this.addEventListener("close", (event) => {
        record.close = { code: event.code, reason: event.reason, wasClean: event.wasClean };
      });
    }
  }
  self.WebSocket = RecordingWebSocket;

  function whoAmI() {
    return { origin: String(self.origin), href: String(location.href).slice(0, 120), clientBundle: typeof self.RivetkitClient === "object" };
  }

  function websocketConnect(options) {
    const { url, protocols, timeoutMs, closeWaitMs } = options;
    return new Promise((resolve) => {
      const started = now();
      const trace = { opened: false, protocol: null, messages: [], close: null, errorEvent: false, timedOut: false, exception: null, elapsedMs: 0 };
      let done = false;
      let socket;
      let closeTimer;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearTimeout(closeTimer);
        trace.elapsedMs = Math.round(now() - started);
        try {
          if (socket && socket.readyState < 2) socket.close(1000);
        } catch (error) {}
        resolve(trace);
      };
      const timer = setTimeout(() => {
        trace.timedOut = true;
        finish();
      }, timeoutMs);
      try {
        socket = new WebSocket(url, protocols);
      } catch (error) {
        trace.exception = describeError(error);
        finish();
        return;
      }
      socket.binaryType = "arraybuffer";
      socket.onopen = () => {
        trace.opened = true;
        trace.protocol = socket.protocol;
      };
      socket.onmessage = (event) => {
        const binary = typeof event.data !== "string";
        const text = binary ? new TextDecoder().decode(event.data) : event.data;
        trace.messages.push({ text: text.slice(0, 2000), binary });
        if (trace.messages.length !== 1) return;
        let tag;
        try {
          tag = JSON.parse(text).body.tag;
        } catch (error) {}
        // An Init frame decides at once; after anything else, wait a little for the close that follows.
        if (tag === "Init") finish();
        else closeTimer = setTimeout(finish, closeWaitMs);
      };
      socket.onerror = () => {
        trace.errorEvent = true;
      };
      socket.onclose = (event) => {
        trace.close = { code: event.code, reason: event.reason, wasClean: event.wasClean };
        finish();
      };
    });
  }

  async function httpPost(options) {
    const { url, headers, body, timeoutMs } = options;
    const controller = new AbortController();
    const started = now();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await fetch(url, { method: "POST", mode: "cors", credentials: "include", headers, body, signal: controller.signal });
      const text = await response.text();
      return { status: response.status, body: text.slice(0, 2000), elapsedMs: Math.round(now() - started) };
    } catch (error) {
      return timedOut ? { timedOut: true, elapsedMs: Math.round(now() - started) } : { error: describeError(error), elapsedMs: Math.round(now() - started) };
    } finally {
      clearTimeout(timer);
    }
  }

  async function rivetkitConnect(options) {
    const { endpoint, poolName, actorName, actorId, timeoutMs, disposeTimeoutMs } = options;
    const started = now();
    const library = self.RivetkitClient;
    if (!library || typeof library.createClient !== "function") {
      return { kind: "exception", message: "the rivetkit client bundle is not loaded in this page", elapsedMs: 0 };
    }
    let client;
    let connection;
    let result;
    clientSockets.length = 0;
    recordClientSockets = true;
    try {
      client = library.createClient({ endpoint, poolName, encoding: "json", disableMetadataLookup: true, devtools: false });
      connection = client[actorName].getForId(actorId).connect();
      result = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ kind: "timeout", status: String(connection.connStatus) }), timeoutMs);
        connection.onOpen(() => {
          clearTimeout(timer);
          resolve({ kind: "open", status: String(connection.connStatus) });
        });
        connection.onError((error) => {
          clearTimeout(timer);
          resolve({
            kind: "error",
            group: error && typeof error.group === "string" ? error.group : null,
            code: error && typeof error.code === "string" ? error.code : null,
            message: describeError(error),
          });
        });
      });
    } catch (error) {
      result = { kind: "exception", message: describeError(error) };
    }
    // After an Error frame, give the close that follows a moment to arrive.
    if (result.kind === "error") await sleep(200);
    recordClientSockets = false;
    const sockets = clientSockets.map((socket) => ({ ...socket, messages: socket.messages.slice(0, 5) }));
    // Stop the client's reconnect loop; bounded, a stuck dispose must not hold the probe.
    await Promise.race([
      Promise.allSettled([connection ? connection.dispose() : undefined, client ? client.dispose() : undefined]),
      sleep(disposeTimeoutMs),
    ]);
    return { ...result, sockets, elapsedMs: Math.round(now() - started) };
  }

  self.originProbe = { whoAmI, websocketConnect, httpPost, rivetkitConnect };
})();
`;
