/**
 * A probe whose harness is stopped (SIGSTOP) while it waits: its timer fires
 * late, at once after SIGCONT, so its timeout says nothing about the guard and
 * counts as infrastructure. Without the pause the same silent endpoint gives a
 * timeout (the guard's), so the test tells the two apart. Before the fix
 * (commit 6f5143e) the paused probe was a timeout too.
 */
import { spawn } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Outcome } from "../../harness/probes/outcome.js";

let server: Server;
let endpoint: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  // Accepts connections and never answers: every probe to it ends in its bound.
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

async function probeSilent(transport: string, pauseMs: number): Promise<Outcome> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "fixtures/probe-silent-server.ts"), endpoint, transport, "1000"], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const sending = new Promise<void>((resolve) =>
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("sending\n")) resolve();
    }),
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    await sending;
    if (pauseMs > 0) {
      child.kill("SIGSTOP");
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      child.kill("SIGCONT");
    }
    expect(await exited, stderr).toBe(0);
    return JSON.parse(stdout.split("\n").filter(Boolean).at(-1)!) as Outcome;
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}

describe.each(["http-action", "websocket-connect"])("fault (harness stopped while a probe waits) › over (%s)", (transport) => {
  test("not stopped: the silent endpoint gives a timeout", { timeout: 30_000 }, async () => {
    expect((await probeSilent(transport, 0)).kind).toBe("timeout");
  });

  test("stopped for 3 s past the 1 s bound: infrastructure, naming the pause, never a timeout", { timeout: 30_000 }, async () => {
    const outcome = await probeSilent(transport, 3_000);
    expect(outcome.kind).toBe("infrastructure");
    expect(outcome.kind === "infrastructure" && outcome.detail).toMatch(/the harness was suspended for \d+\.\d s .*so its timeout says nothing about the guard/);
  });
});
