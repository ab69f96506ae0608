/**
 * The two pieces that keep an actor which never answers from stalling a run
 * before its preflight: the ramp's bounded raw request, and the engine's view
 * of an instance (GET /actors), against local stand-in servers.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { WebSocketServer } from "ws";
import { rawRequest } from "../../harness/concurrency/raw-loop.js";
import { actorLifecycle } from "../../harness/registry/actor-status.js";

const servers: { close: () => void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

type Answer = (url: string) => { status: number; body: string } | undefined;

/** An HTTP server that answers each request with `answer(url)`, or never when it returns undefined. */
async function standIn(answer: Answer): Promise<string> {
  const server: Server = createServer((request, response) => {
    const reply = answer(request.url ?? "");
    if (reply === undefined) return;
    response.writeHead(reply.status, { "content-type": "application/json" }).end(reply.body);
  });
  const wss = new WebSocketServer({ server });
  // Accepts the upgrade, then says nothing: the way a gateway waits for an actor that is never ready.
  wss.on("connection", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({
    close: () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      server.close();
    },
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("raw request with a bound", () => {
  test.each(["http-action", "http-queue", "raw-request", "websocket-connect", "raw-websocket"] as const)("transport (%s): rejects within the bound when nothing answers", async (transport) => {
    const endpoint = await standIn(() => undefined);
    const startedAt = performance.now();
    await expect(rawRequest(endpoint, "actor", transport, "https://myapp.com", { timeoutMs: 300 })).rejects.toThrow();
    expect(performance.now() - startedAt).toBeLessThan(2_000);
  });

  test("an answer within the bound resolves, whatever its status", async () => {
    const endpoint = await standIn(() => ({ status: 500, body: '{"group":"user","code":"origin_not_allowed"}' }));
    await expect(rawRequest(endpoint, "actor", "http-action", "https://evil.com", { timeoutMs: 1_000 })).resolves.toBeUndefined();
  });
});

describe("the engine's view of an instance", () => {
  const actor = (fields: Record<string, number | null>) => JSON.stringify({ actors: [{ actor_id: "a1", ...fields }] });
  test.each([
    ["connectable", { start_ts: 1, connectable_ts: 2, destroy_ts: null }],
    ["started-not-connectable", { start_ts: 1, connectable_ts: null, destroy_ts: null }],
    ["never-started", { start_ts: null, connectable_ts: null, destroy_ts: null }],
    ["destroyed", { start_ts: 1, connectable_ts: 2, destroy_ts: 3 }],
  ] as const)("%s", async (expected, fields) => {
    let asked = "";
    const endpoint = await standIn((url) => {
      asked = url;
      return { status: 200, body: actor(fields) };
    });
    expect(await actorLifecycle(endpoint, "a1")).toBe(expected);
    expect(asked).toBe("/actors?namespace=default&actor_ids=a1");
  });

  test.each<[string, Answer]>([
    ["another actor in the answer", () => ({ status: 200, body: JSON.stringify({ actors: [{ actor_id: "other", start_ts: 1, connectable_ts: 2 }] }) })],
    ["another shape", () => ({ status: 200, body: '{"items":[]}' })],
    ["an error status", () => ({ status: 503, body: "{}" })],
    ["not JSON", () => ({ status: 200, body: "<html>" })],
    ["no answer within the bound", () => undefined],
  ])("unknown on %s", async (_what, answer) => {
    const endpoint = await standIn(answer);
    expect(await actorLifecycle(endpoint, "a1", 300)).toBe("unknown");
  });
});
