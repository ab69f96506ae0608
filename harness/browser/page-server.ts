/**
 * The loopback page server: the same handler on two free ports (A and B) of
 * 127.0.0.1, so that `http://localhost:A`, `http://127.0.0.1:A` and
 * `http://localhost:B` are three real, distinct origins served by the same code.
 *
 * Routes (the same on both ports):
 * - `/probe.html`: loads `/rivetkit-client.js` and `/probe.js`; the probing page.
 * - `/sandboxed.html`: an `<iframe sandbox="allow-scripts" src="/probe.html">`.
 * - `/data-frame.html`: an `<iframe src="data:text/html,...">` with the probe inline.
 * - `/probe.js`: harness/browser/probe-script.ts.
 * - `/rivetkit-client.js`: the rivetkit client bundle, when one was given.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import getPort from "get-port";
import type { PagePorts } from "./page-kinds.js";
import { PROBE_SCRIPT } from "./probe-script.js";

export const PAGE_HOST = "127.0.0.1";

export interface PageServer {
  readonly ports: PagePorts;
  /** `http://{host}:{port}` for port A or B. */
  origin(host: "localhost" | "127.0.0.1", port: "a" | "b"): string;
  /** A data:text/html page with the probe script and the client bundle inline (for a top-level data: page). */
  dataUrlPage(): string;
  /** Requests served, for debugging: "METHOD host path status". */
  readonly log: readonly string[];
  close(): Promise<void>;
}

export interface PageServerOptions {
  /** The rivetkit client bundle served at /rivetkit-client.js. */
  readonly clientBundle?: string;
  /** Bound on closing the server. */
  readonly closeTimeoutMs?: number;
}

const SANDBOX = "allow-scripts";

type ScriptSource = { readonly src: string } | { readonly inline: string };

/** An inline script may not contain "</script" (it would end the element); "<\/script" means the same in JS. */
function scriptTag(source: ScriptSource): string {
  return "src" in source ? `<script src="${source.src}"></script>` : `<script>${source.inline.replace(/<\/script/gi, "<\\/script")}</script>`;
}

export function probePageHtml(client: ScriptSource, probe: ScriptSource): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>origin probe</title>${scriptTag(client)}${scriptTag(probe)}</head><body><p>origin probe</p></body></html>`;
}

function dataUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

const frameHost = (title: string, iframe: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${iframe}</body></html>`;

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, PAGE_HOST, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

async function listenOnFreePort(server: Server, avoid: readonly number[]): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await getPort({ host: PAGE_HOST, exclude: avoid });
    try {
      await listen(server, port);
      return port;
    } catch (error) {
      // Another process took the port between the check and the listen: try another.
      lastError = error;
    }
  }
  throw new Error(`the page server found no free port: ${(lastError as Error)?.message}`);
}

export async function startPageServer(options: PageServerOptions = {}): Promise<PageServer> {
  const log: string[] = [];
  const sockets = new Set<Socket>();
  let ports: PagePorts | undefined;
  const sandboxedHtml = frameHost("sandboxed host", `<iframe name="probe" sandbox="${SANDBOX}" src="/probe.html"></iframe>`);
  // The data: frame loads its client bundle from port B, where its parent page is.
  const dataFrameHtml = () =>
    frameHost("data: frame host", `<iframe name="probe" src="${dataUrl(probePageHtml({ src: `http://localhost:${ports!.b}/rivetkit-client.js` }, { inline: PROBE_SCRIPT }))}"></iframe>`);
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://page-server").pathname;
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      response.end(body);
      log.push(`${request.method} ${request.headers.host ?? "-"} ${path} ${status}`);
    };
    if (path === "/probe.html") return send(200, "text/html; charset=utf-8", probePageHtml({ src: "/rivetkit-client.js" }, { src: "/probe.js" }));
    if (path === "/sandboxed.html") return send(200, "text/html; charset=utf-8", sandboxedHtml);
    if (path === "/data-frame.html" && ports !== undefined) return send(200, "text/html; charset=utf-8", dataFrameHtml());
    if (path === "/probe.js") return send(200, "text/javascript; charset=utf-8", PROBE_SCRIPT);
    if (path === "/rivetkit-client.js") {
      if (options.clientBundle === undefined) return send(404, "text/plain", "no client bundle");
      return send(200, "text/javascript; charset=utf-8", options.clientBundle);
    }
    if (path === "/favicon.ico") return send(204, "image/x-icon", "");
    return send(404, "text/plain", "not found");
  };
  const servers = [createServer(handler), createServer(handler)];
  for (const server of servers) server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.race([
      Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())))),
      new Promise<void>((resolve) => setTimeout(resolve, options.closeTimeoutMs ?? 2_000).unref()),
    ]);
  };
  try {
    const a = await listenOnFreePort(servers[0]!, []);
    const b = await listenOnFreePort(servers[1]!, [a]);
    const known: PagePorts = { a, b };
    ports = known;
    return {
      ports: known,
      origin: (host, port) => `http://${host}:${known[port]}`,
      dataUrlPage: () => dataUrl(probePageHtml({ inline: options.clientBundle ?? "" }, { inline: PROBE_SCRIPT })),
      log,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
