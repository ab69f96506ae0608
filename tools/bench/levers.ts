/**
 * The lever bench: where does one probe's time go, and what does each knob of
 * the stack buy? Run with
 *
 *   npx tsx tools/bench/levers.ts
 *
 * (about 4 minutes on 2 cores; LEVER_ROUNDS, default 3, and LEVER_WINDOW_MS,
 * default 1000, tune it; the last lever needs root for `unshare -n` and is
 * skipped otherwise). Every comparison runs its variants in the same process,
 * interleaved (A B, then B A, ...), each in a duration-bounded closed loop, and
 * reports medians over the rounds and the ratio of the medians. Output: a
 * latency breakdown at concurrency 1, engine CPU per probe, then one table row
 * per lever, transport and concurrency. Findings: tools/bench/levers.md.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createInterface } from "node:readline";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { setup } from "rivetkit";
import WebSocket from "ws";
import { type EngineHandle, startEngine } from "../../harness/engine/engine.js";
import type { TransportId } from "../../harness/transports/index.js";
import { type HostedRegistry, hostRegistry } from "../../harness/registry/host.js";
import { closedLoop, type LoopResult, median } from "./closed-loop.js";
import { type Send, sender } from "./senders.js";
import { guardConcurrency, guardStamps, lifecycleStamps, slowTiming, timing } from "./timing-actor.js";

const ROUNDS = Number(process.env.LEVER_ROUNDS ?? 3);
const WINDOW_MS = Number(process.env.LEVER_WINDOW_MS ?? 1_000);
const ORIGIN = "https://myapp.com";
const HOST_CHILD = fileURLToPath(new URL("./host-child.ts", import.meta.url));
const NETNS_WORKER = fileURLToPath(new URL("./netns-worker.ts", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const benchStart = performance.now();
const log = (line: string) => process.stderr.write(`[${((performance.now() - benchStart) / 1000).toFixed(0)} s] ${line}\n`);
const out: string[] = [];
const print = (line = "") => {
  out.push(line);
  process.stdout.write(`${line}\n`);
};
const f1 = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "-");
const f2 = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "-");

// ---------------------------------------------------------------- comparisons

interface Variant {
  readonly name: string;
  /** Measured here, in a closed loop ... */
  readonly send?: Send;
  /** ... or elsewhere (a worker in a network namespace). */
  readonly measure?: (concurrency: number, windowMs: number) => Promise<LoopResult>;
}

interface Row {
  readonly lever: string;
  readonly transport: string;
  readonly concurrency: number;
  readonly baseline: string;
  readonly variant: string;
  readonly baselineRate: number;
  readonly variantRate: number;
  readonly ratio: number;
  readonly roundRatios: number[];
  readonly baselineLatency: number;
  readonly variantLatency: number;
  readonly failures: string;
}

const rows: Row[] = [];

/** Runs every variant once per round, the order reversed every other round; the first variant is the baseline. */
async function compare(lever: string, transport: string, concurrency: number, variants: readonly Variant[], windowMs = WINDOW_MS): Promise<Row[]> {
  const rates = variants.map(() => [] as number[]);
  const latencies = variants.map(() => [] as number[]);
  const failures = variants.map(() => ({ count: 0, first: undefined as string | undefined }));
  for (let round = 0; round < ROUNDS; round++) {
    const order = variants.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const variant = variants[i]!;
      const result = variant.measure ? await variant.measure(concurrency, windowMs) : await closedLoop(variant.send!, concurrency, windowMs);
      rates[i]!.push(result.throughput);
      latencies[i]!.push(result.medianLatencyMs);
      failures[i]!.count += result.failed;
      failures[i]!.first ??= result.firstError;
    }
  }
  const made: Row[] = [];
  for (let i = 1; i < variants.length; i++) {
    const row: Row = {
      lever,
      transport,
      concurrency,
      baseline: variants[0]!.name,
      variant: variants[i]!.name,
      baselineRate: median(rates[0]!),
      variantRate: median(rates[i]!),
      ratio: median(rates[i]!) / median(rates[0]!),
      roundRatios: rates[i]!.map((rate, round) => rate / rates[0]![round]!),
      baselineLatency: median(latencies[0]!),
      variantLatency: median(latencies[i]!),
      failures: [0, i]
        .filter((j) => failures[j]!.count > 0)
        .map((j) => `${variants[j]!.name}: ${failures[j]!.count} failed (${failures[j]!.first})`)
        .join("; "),
    };
    made.push(row);
    rows.push(row);
    log(
      `  ${lever} | ${transport} c=${concurrency} | ${row.baseline} ${f1(row.baselineRate)}/s vs ${row.variant} ${f1(row.variantRate)}/s = ${f2(row.ratio)}${row.failures ? ` | ${row.failures}` : ""}`,
    );
  }
  return made;
}

function printTable() {
  print("| lever | transport | c | baseline | variant | baseline probes/s | variant probes/s | ratio | per-round ratios | median latency ms (base / variant) | failures |");
  print("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) {
    print(
      `| ${row.lever} | ${row.transport} | ${row.concurrency} | ${row.baseline} | ${row.variant} | ${f1(row.baselineRate)} | ${f1(row.variantRate)} | ${f2(row.ratio)} | ${row.roundRatios.map(f2).join(" ")} | ${f1(row.baselineLatency)} / ${f1(row.variantLatency)} | ${row.failures || "0"} |`,
    );
  }
}

// ---------------------------------------------------------------- engine introspection

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}

async function engineMetrics(engine: EngineHandle): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${engine.ports!.metrics}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

/** Sum over all label sets of `name` (a metric name without labels), after minus before. */
function delta(before: Map<string, number>, after: Map<string, number>, name: string, labelFilter?: RegExp): number {
  let total = 0;
  for (const [key, value] of after) {
    const brace = key.indexOf("{");
    const bare = brace === -1 ? key : key.slice(0, brace);
    if (bare !== name) continue;
    if (labelFilter && !labelFilter.test(key)) continue;
    total += value - (before.get(key) ?? 0);
  }
  return total;
}

// ---------------------------------------------------------------- breakdown at concurrency 1

interface Stamps {
  start: number;
  connected?: number;
  headers?: number;
  done?: number;
  guardIn?: number;
  guardOut?: number;
  /** onConnect (websocket-connect) or onWebSocket (raw-websocket) ran. */
  opened?: number;
}

let stampCounter = 0;

/** One HTTP request through node:http, with the moments it passed. */
function timedHttp(endpoint: string, method: string, path: string, body: string | undefined, agent: http.Agent | false, benchId?: string): Promise<Stamps> {
  const url = new URL(`${endpoint}${path}`);
  const stamps: Stamps = { start: performance.now() };
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        agent,
        headers: {
          origin: ORIGIN,
          "content-type": "application/json",
          "x-rivet-encoding": "json",
          ...(benchId ? { "x-bench-id": benchId } : {}),
          ...(body ? { "content-length": Buffer.byteLength(body) } : {}),
        },
      },
      (response) => {
        stamps.headers = performance.now();
        response.resume();
        response.on("end", () => {
          stamps.done = performance.now();
          if ((response.statusCode ?? 0) >= 400) reject(new Error(`${path}: HTTP ${response.statusCode}`));
          else resolve(stamps);
        });
      },
    );
    request.on("socket", (socket) => {
      if (socket.connecting) socket.once("connect", () => (stamps.connected = performance.now()));
    });
    request.on("error", reject);
    request.end(body);
  });
}

function timedWebSocket(endpoint: string, actorId: string, transport: "websocket-connect" | "raw-websocket", benchId: string): Promise<Stamps> {
  const connect = transport === "websocket-connect";
  const url = `${endpoint.replace(/^http/, "ws")}/gateway/${actorId}${connect ? "/connect" : "/websocket/bench"}`;
  const stamps: Stamps = { start: performance.now() };
  lifecycleStamps.connectAt = undefined;
  lifecycleStamps.webSocketAt = undefined;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, connect ? ["rivet", "rivet_encoding.json"] : ["rivet"], {
      headers: { origin: ORIGIN, "x-bench-id": benchId },
      perMessageDeflate: false,
    });
    socket.once("upgrade", (response) => {
      stamps.headers = performance.now();
      // ws gives no connect event; the socket's connect happened before the upgrade request went out.
      void response;
    });
    socket.once("message", () => {
      stamps.done = performance.now();
      stamps.opened = connect ? lifecycleStamps.connectAt : lifecycleStamps.webSocketAt;
      socket.terminate();
      resolve(stamps);
    });
    socket.once("error", reject);
    socket.once("close", (code) => reject(new Error(`closed ${code}`)));
  });
}

interface BreakdownLine {
  readonly label: string;
  /** Medians, ms since the request was started. */
  readonly total: number;
  readonly connect: number;
  readonly guardIn: number;
  readonly guardOut: number;
  readonly headers: number;
  readonly opened: number;
  /** Median guard duration. */
  readonly guard: number;
  readonly engine: { resolveRoute: number; fetchActor: number; subscribe: number; gatewayRequest: number; proxyRequest: number; tcpConnections: number };
}

async function breakdown(engine: EngineHandle, actorId: string, count = 20): Promise<BreakdownLine[]> {
  const lines: BreakdownLine[] = [];
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const cases: { label: string; run: (id: string) => Promise<Stamps>; guard: boolean }[] = [
    { label: "GET /health (engine only, keep-alive)", run: () => timedHttp(engine.endpoint, "GET", "/health", undefined, keepAlive), guard: false },
    { label: "http-action, keep-alive", run: (id) => timedHttp(engine.endpoint, "POST", `/gateway/${actorId}/action/ping`, '{"args":[]}', keepAlive, id), guard: true },
    { label: "http-action, new connection", run: (id) => timedHttp(engine.endpoint, "POST", `/gateway/${actorId}/action/ping`, '{"args":[]}', false, id), guard: true },
    { label: "raw-request, keep-alive", run: (id) => timedHttp(engine.endpoint, "GET", `/gateway/${actorId}/request/bench`, undefined, keepAlive, id), guard: true },
    { label: "websocket-connect (101, then Init)", run: (id) => timedWebSocket(engine.endpoint, actorId, "websocket-connect", id), guard: true },
    { label: "raw-websocket (101, then hello)", run: (id) => timedWebSocket(engine.endpoint, actorId, "raw-websocket", id), guard: true },
  ];
  for (const testCase of cases) {
    // Warm-up (connection, caches).
    for (let i = 0; i < 2; i++) await testCase.run(`warm-${++stampCounter}`);
    const before = await engineMetrics(engine);
    const samples: Stamps[] = [];
    for (let i = 0; i < count; i++) {
      const id = `b-${++stampCounter}`;
      const stamps = await testCase.run(id);
      const guard = guardStamps.get(id);
      if (guard) {
        stamps.guardIn = guard.enteredAt;
        stamps.guardOut = guard.leftAt;
        guardStamps.delete(id);
      }
      samples.push(stamps);
    }
    const after = await engineMetrics(engine);
    const per = (name: string, filter?: RegExp) => (delta(before, after, `${name}_sum`, filter) / count) * 1000;
    const pick = (fn: (s: Stamps) => number | undefined) => median(samples.map(fn).filter((v): v is number => v !== undefined && Number.isFinite(v)));
    lines.push({
      label: testCase.label,
      total: pick((s) => s.done! - s.start),
      connect: pick((s) => (s.connected === undefined ? 0 : s.connected - s.start)),
      guardIn: testCase.guard ? pick((s) => (s.guardIn === undefined ? undefined : s.guardIn - s.start)) : Number.NaN,
      guardOut: testCase.guard ? pick((s) => (s.guardOut === undefined ? undefined : s.guardOut - s.start)) : Number.NaN,
      headers: pick((s) => s.headers! - s.start),
      opened: pick((s) => (s.opened === undefined ? undefined : s.opened - s.start)),
      guard: testCase.guard ? pick((s) => (s.guardIn === undefined ? undefined : s.guardOut! - s.guardIn)) : Number.NaN,
      engine: {
        resolveRoute: per("rivet_guard_resolve_route_duration"),
        fetchActor: per("rivet_guard_route_pegboard_fetch_actor_duration"),
        subscribe: per("rivet_guard_route_pegboard_subscribe_duration"),
        gatewayRequest: per("rivet_pegboard_gateway_request_duration_seconds"),
        proxyRequest: per("rivet_guard_proxy_request_duration"),
        tcpConnections: delta(before, after, "rivet_guard_tcp_connection_total") / count,
      },
    });
  }
  keepAlive.destroy();
  return lines;
}

/** Engine and bench-process CPU per probe, and the engine's storage and pub/sub work per probe, in a closed loop. */
async function cpuPerProbe(engine: EngineHandle, actorId: string, transport: TransportId, concurrency: number, windowMs: number) {
  const send = sender(engine.endpoint, [actorId], transport);
  await closedLoop(send, concurrency, 300);
  const before = await engineMetrics(engine);
  const engineBefore = cpuMs(engine.pid!);
  const selfBefore = cpuMs(process.pid);
  const result = await closedLoop(send, concurrency, windowMs);
  const engineCpu = cpuMs(engine.pid!) - engineBefore;
  const selfCpu = cpuMs(process.pid) - selfBefore;
  const after = await engineMetrics(engine);
  const n = result.completed;
  return {
    transport,
    concurrency,
    throughput: result.throughput,
    engineCpuMsPerProbe: engineCpu / n,
    benchCpuMsPerProbe: selfCpu / n,
    engineCores: engineCpu / result.elapsedMs,
    benchCores: selfCpu / result.elapsedMs,
    udbTransactionsPerProbe: delta(before, after, "rivet_udb_transaction_total") / n,
    udbGetsPerProbe: delta(before, after, "rivet_udb_operation_total", /op="get"/) / n,
    udbTransactionNames: [...after.keys()]
      .filter((key) => key.startsWith("rivet_udb_transaction_total{") && (after.get(key)! - (before.get(key) ?? 0)) / n >= 0.5)
      .map((key) => `${/name="([^"]+)"/.exec(key)?.[1]} x${f1((after.get(key)! - (before.get(key) ?? 0)) / n)}`),
    pubsubSubscriptionsPerProbe: delta(before, after, "rivet_ups_subscriber_count") / n,
    tokioTasksPerProbe: delta(before, after, "rivet_tokio_task_total") / n,
  };
}

// ---------------------------------------------------------------- child-hosted registries

interface Child {
  readonly process: ChildProcess;
  readonly actorIds: string[];
}

const children: ChildProcess[] = [];

function hostInChild(endpoint: string, instances: number, env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const child = fork(HOST_CHILD, [endpoint, String(instances)], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "ignore", "ipc"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child registry on ${endpoint} ${JSON.stringify(env)} not ready within 60 s`)), 60_000);
    child.once("message", (message: { actorIds?: string[]; error?: string }) => {
      clearTimeout(timer);
      if (message.actorIds) resolve({ process: child, actorIds: message.actorIds });
      else reject(new Error(`child registry failed: ${message.error}`));
    });
    child.once("exit", (code) => reject(new Error(`child registry exited with ${code}`)));
  });
}

async function startEngineWith(env: Record<string, string>): Promise<EngineHandle> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await startEngine();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** undici's Agent, taken from the global dispatcher of Node's own fetch (the undici package is not a dependency). */
async function undiciAgentClass(endpoint: string): Promise<(new (options: Record<string, unknown>) => { close(): Promise<void> }) | undefined> {
  await (await fetch(`${endpoint}/health`)).text();
  const dispatcher = (globalThis as Record<symbol, unknown>)[Symbol.for("undici.globalDispatcher.1")] as { constructor: new (options: Record<string, unknown>) => { close(): Promise<void> } } | undefined;
  return dispatcher?.constructor;
}

// ---------------------------------------------------------------- network namespaces

interface NetnsWorker {
  measure(transport: TransportId, concurrency: number, windowMs: number): Promise<LoopResult>;
}

/**
 * An engine + registry + client in a private network namespace (needs root or
 * CAP_SYS_ADMIN for `unshare -n`); with `quickack`, the namespace's loopback
 * route acknowledges every segment at once (no 40 ms delayed ACK).
 */
function startNetnsWorker(quickack: boolean): Promise<NetnsWorker> {
  const route = quickack ? " && ip route change local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 quickack 1" : "";
  const child = spawn("unshare", ["-n", "sh", "-c", `ip link set lo up${route} && exec "${process.execPath}" --import tsx "${NETNS_WORKER}"`], {
    cwd: REPO_ROOT,
    stdio: ["pipe", "pipe", "ignore"],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the netns worker was not ready within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`the netns worker exited with ${code} (unshare -n needs root)`)));
    next().then((line) => {
      clearTimeout(timer);
      const message = JSON.parse(line) as { ready?: boolean; error?: string };
      if (!message.ready) return reject(new Error(`the netns worker failed: ${message.error}`));
      resolve({
        async measure(transport, concurrency, windowMs) {
          const answer = next();
          child.stdin!.write(`${JSON.stringify({ transport, concurrency, windowMs })}\n`);
          return JSON.parse(await answer) as LoopResult;
        },
      });
    });
  });
}

// ---------------------------------------------------------------- main

const startedAt = performance.now();
const engines: EngineHandle[] = [];
let hosted: HostedRegistry | undefined;
const cleanup = async () => {
  for (const child of children) {
    child.stdin?.end();
    if (child.exitCode === null && child.connected) child.kill("SIGTERM");
  }
  // netns workers stop their engines when their stdin closes; give them a moment.
  await Promise.all(
    children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => { child.once("exit", resolve); setTimeout(resolve, 15_000).unref(); }) : undefined)),
  );
  await hosted?.shutdown().catch(() => {});
  await Promise.all(engines.map((engine) => engine.stop().catch(() => {})));
};
process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));

try {
  print(`# Lever bench (${new Date().toISOString()}): ${ROUNDS} rounds, ${WINDOW_MS} ms windows, load average at start ${loadavg().map(f2).join(" ")}`);
  log("starting the engine and the registry ...");
  const engine = await startEngine();
  engines.push(engine);
  hosted = await hostRegistry(setup({ use: { timing, slowTiming } }), engine);
  const actors = await Promise.all(Array.from({ length: 32 }, (_, i) => hosted!.newActor("timing", `lever${i}`)));
  const ids = actors.map((actor) => actor.actorId);
  const one = [ids[0]!];
  const slow = await Promise.all(Array.from({ length: 8 }, (_, i) => hosted!.newActor("slowTiming", `slow${i}`)));
  // Warm every instance once.
  await Promise.all(ids.map((id) => sender(engine.endpoint, [id], "http-action")()));
  await Promise.all(slow.map((actor) => sender(engine.endpoint, [actor.actorId], "http-action")()));

  // 1. Where one probe's time goes.
  log("breakdown at concurrency 1 ...");
  print();
  print("## One probe at concurrency 1 (medians of 20, ms; engine columns: engine histograms, mean per probe)");
  print();
  print("Client columns: ms since the request was started (same clock as the guard, which runs in this process).");
  print();
  print("| request | TCP connected | guard entered | guard left | response head (HTTP) / 101 (WS) | onConnect / onWebSocket ran | done (body / first frame) | guard duration | engine: resolve route | fetch actor | subscribe | gateway request | proxy request | TCP conns/probe |");
  print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const line of await breakdown(engine, ids[0]!)) {
    const e = line.engine;
    print(
      `| ${line.label} | ${f2(line.connect)} | ${f1(line.guardIn)} | ${f1(line.guardOut)} | ${f1(line.headers)} | ${f1(line.opened)} | ${f1(line.total)} | ${f2(line.guard)} | ${f1(e.resolveRoute)} | ${f1(e.fetchActor)} | ${f1(e.subscribe)} | ${f1(e.gatewayRequest)} | ${f1(e.proxyRequest)} | ${f2(e.tcpConnections)} |`,
    );
  }
  print();
  print("## CPU per probe (closed loop, concurrency 8, 3 s)");
  print();
  print("| transport | probes/s | engine CPU ms/probe | bench process CPU ms/probe (client + actor) | engine cores | bench cores | UDB tx/probe | UDB gets/probe | pub/sub subscriptions/probe | tokio tasks/probe | UDB transactions |");
  print("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const transport of ["http-action", "websocket-connect"] as const) {
    const c = await cpuPerProbe(engine, ids[0]!, transport, 8, 3_000);
    print(
      `| ${transport} | ${f1(c.throughput)} | ${f2(c.engineCpuMsPerProbe)} | ${f2(c.benchCpuMsPerProbe)} | ${f2(c.engineCores)} | ${f2(c.benchCores)} | ${f1(c.udbTransactionsPerProbe)} | ${f1(c.udbGetsPerProbe)} | ${f1(c.pubsubSubscriptionsPerProbe)} | ${f1(c.tokioTasksPerProbe)} | ${c.udbTransactionNames.join(", ")} |`,
    );
  }

  // 2. HTTP connection reuse.
  log("HTTP connection reuse ...");
  const Agent = await undiciAgentClass(engine.endpoint);
  if (Agent) {
    const noKeepAlive = new Agent({ pipelining: 0 });
    const pipelined = new Agent({ pipelining: 8, connections: 4 });
    for (const transport of ["http-action"] as const) {
      for (const concurrency of [1, 32]) {
        await compare("HTTP connections", transport, concurrency, [
          { name: "fetch keep-alive (harness)", send: sender(engine.endpoint, one, transport) },
          { name: "new connection per request", send: sender(engine.endpoint, one, transport, { dispatcher: noKeepAlive }) },
          { name: "pipelining 8 on 4 connections", send: sender(engine.endpoint, one, transport, { dispatcher: pipelined }) },
        ]);
      }
    }
    await noKeepAlive.close();
    await pipelined.close();
  } else {
    log("  (undici Agent not reachable: skipped)");
  }

  // 3. The gateway's skip-ready-wait.
  log("skip-ready-wait ...");
  for (const concurrency of [1, 32]) {
    await compare("skip-ready-wait", "http-action", concurrency, [
      { name: "default", send: sender(engine.endpoint, one, "http-action") },
      { name: "x-rivet-skip-ready-wait: 1", send: sender(engine.endpoint, one, "http-action", { headers: { "x-rivet-skip-ready-wait": "1" } }) },
    ]);
    await compare("skip-ready-wait", "websocket-connect", concurrency, [
      { name: "default", send: sender(engine.endpoint, one, "websocket-connect") },
      { name: "subprotocol rivet_skip_ready_wait", send: sender(engine.endpoint, one, "websocket-connect", { protocols: ["rivet_skip_ready_wait"] }) },
    ]);
  }

  // 4. One instance or many.
  log("instances ...");
  for (const transport of ["http-action", "websocket-connect"] as const) {
    await compare("instances", transport, 32, [
      { name: "1 instance", send: sender(engine.endpoint, one, transport) },
      { name: "8 instances", send: sender(engine.endpoint, ids.slice(0, 8), transport) },
      { name: "32 instances", send: sender(engine.endpoint, ids, transport) },
    ]);
  }
  guardConcurrency.peak = 0;
  await compare("instances, 20 ms guard", "http-action", 32, [
    { name: "1 instance", send: sender(engine.endpoint, [slow[0]!.actorId], "http-action") },
    { name: "8 instances", send: sender(engine.endpoint, slow.map((actor) => actor.actorId), "http-action") },
  ]);
  print();
  print(`Guards in flight at once on the 20 ms-guard actors (all instances together): peak ${guardConcurrency.peak}.`);
  guardConcurrency.peak = 0;
  await closedLoop(sender(engine.endpoint, [slow[0]!.actorId], "http-action"), 32, WINDOW_MS);
  print(`Guards in flight at once on ONE 20 ms-guard instance at concurrency 32: peak ${guardConcurrency.peak}.`);

  // 5. Engine settings and log levels: each variant engine (or registry) in its own process pair.
  log("engine settings and log levels (starting 3 more engines and 5 child registries) ...");
  const [tmpfs, oneThread, infoLog] = await Promise.all([
    startEngineWith({ TMPDIR: "/dev/shm" }),
    startEngineWith({ TOKIO_WORKER_THREADS: "1" }),
    startEngineWith({ RIVET_ENGINE_LOG: "info" }),
  ]);
  engines.push(tmpfs, oneThread, infoLog);
  const childSpecs = [
    { name: "engine defaults, registry in a child", endpoint: engine.endpoint, env: {} },
    { name: "data dir on tmpfs (TMPDIR=/dev/shm)", endpoint: tmpfs.endpoint, env: {} },
    { name: "TOKIO_WORKER_THREADS=1", endpoint: oneThread.endpoint, env: {} },
    { name: "engine RUST_LOG=info (harness: warn)", endpoint: infoLog.endpoint, env: {} },
    { name: "rivetkit RIVET_LOG_LEVEL=debug (harness: silent)", endpoint: engine.endpoint, env: { RIVET_LOG_LEVEL: "debug" } },
  ];
  const settled = await Promise.allSettled(childSpecs.map((spec) => hostInChild(spec.endpoint, 1, spec.env)));
  const hostedVariants: { name: string; endpoint: string; actorIds: string[] }[] = [];
  settled.forEach((result, i) => {
    if (result.status === "fulfilled") hostedVariants.push({ name: childSpecs[i]!.name, endpoint: childSpecs[i]!.endpoint, actorIds: result.value.actorIds });
    else {
      log(`  skipped "${childSpecs[i]!.name}": ${(result.reason as Error).message}`);
      print();
      print(`Variant skipped: "${childSpecs[i]!.name}": ${(result.reason as Error).message}`);
    }
  });
  const variantsFor = (transport: TransportId): Variant[] => [
    ...hostedVariants.map((variant) => ({ name: variant.name, send: sender(variant.endpoint, variant.actorIds, transport) })),
    { name: "registry in the bench process", send: sender(engine.endpoint, one, transport) },
  ];
  for (const [transport, concurrency] of [["http-action", 1], ["http-action", 32], ["websocket-connect", 32]] as const) {
    await compare("engine/registry settings", transport, concurrency, variantsFor(transport));
  }
  // Quiet the machine again before the next lever.
  for (const result of settled) if (result.status === "fulfilled") result.value.process.kill("SIGTERM");
  await Promise.all([tmpfs, oneThread, infoLog].map((variant) => variant.stop()));
  engines.splice(engines.indexOf(tmpfs), 3);

  // 6. Delayed ACKs on loopback (see levers.md: the registry's envoy WebSocket has Nagle on).
  log("loopback quickack in private network namespaces ...");
  try {
    const [plainNs, quickNs] = await Promise.all([startNetnsWorker(false), startNetnsWorker(true)]);
    for (const [transport, concurrency] of [["websocket-connect", 1], ["websocket-connect", 32], ["http-action", 1], ["http-action", 32]] as const) {
      await compare("loopback quickack (netns)", transport, concurrency, [
        { name: "private netns, default loopback", measure: (c, windowMs) => plainNs.measure(transport, c, windowMs) },
        { name: "private netns, loopback route quickack 1", measure: (c, windowMs) => quickNs.measure(transport, c, windowMs) },
      ]);
    }
  } catch (error) {
    log(`  skipped: ${(error as Error).message}`);
    print();
    print(`Loopback quickack lever skipped: ${(error as Error).message}`);
  }

  print();
  print("## Levers (medians over rounds; ratio = variant / baseline)");
  print();
  printTable();
  print();
  print(`Load average at end ${loadavg().map(f2).join(" ")}; wall time ${f1((performance.now() - startedAt) / 1000)} s.`);
} finally {
  await cleanup();
}

// rivetkit's native runtime keeps handles open after shutdown.
process.exit(0);
