/**
 * A transport is one unit: one module in harness/transports/ per transport,
 * the id type derived from their list, and no transport id spelled as a string
 * literal anywhere else in the product (harness/ and reference-actors/). Tests
 * are aside (they name the transports they check), and so are bench/ and soak/,
 * the research tools that leave harness/ for tools/ (issue 16/17).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAst } from "vite";
import { describe, expect, test } from "vitest";
import { ABSENT, originLine } from "../../harness/origin/header.js";
import { PROBE_ACTION } from "../../harness/probes/classify.js";
import { TRANSPORTS, TRANSPORT_IDS, transportsFor } from "../../harness/transports/index.js";
import type { Transport } from "../../harness/transports/transport.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCANNED = ["harness", "reference-actors"];
/** Where a transport id may be a literal: the transport modules themselves. */
const OWNER = join("harness", "transports") + sep;
/** Research tools on their way out of harness/ (to tools/), not product code. */
const ASIDE = [join("harness", "bench") + sep, join("harness", "soak") + sep];

interface Spelled {
  readonly line: number;
  readonly id: string;
}

/** Every string literal (quoted, or a template without substitutions) in `source` that is exactly one of `ids`; comments do not count. */
function literalsOf(source: string, ids: readonly string[]): Spelled[] {
  const found: Spelled[] = [];
  const lineAt = (offset: number) => Buffer.from(source).subarray(0, offset).toString("utf8").split("\n").length;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const { type, value, start, expressions, quasis } = node as { type?: string; value?: unknown; start: number; expressions?: unknown[]; quasis?: { value: { cooked: string } }[] };
    if (type === "Literal" && typeof value === "string" && ids.includes(value)) found.push({ line: lineAt(start), id: value });
    if (type === "TemplateLiteral" && expressions!.length === 0 && ids.includes(quasis![0]!.value.cooked)) found.push({ line: lineAt(start), id: quasis![0]!.value.cooked });
    for (const child of Object.values(node)) if (typeof child === "object") visit(child);
  };
  visit(parseAst(source, { lang: "ts" } as Parameters<typeof parseAst>[1]));
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

const productFiles = SCANNED.flatMap((dir) => sources(join(ROOT, dir)))
  .map((path) => relative(ROOT, path))
  .filter((path) => !path.startsWith(OWNER) && !ASIDE.some((prefix) => path.startsWith(prefix)));

describe("transport unit › the literal scanner", () => {
  test("finds a planted id in quotes, in a type and in a template, with its line", () => {
    const planted = ['const a = 1;', 'const b = "raw-request";', "type T = 'http-queue' | number;", "const c = `websocket-connect`;"].join("\n");
    expect(literalsOf(planted, TRANSPORT_IDS)).toEqual([
      { line: 2, id: "raw-request" },
      { line: 3, id: "http-queue" },
      { line: 4, id: "websocket-connect" },
    ]);
  });
  test("ignores comments, longer strings, other literals and templates with substitutions", () => {
    const clean = ['// "raw-request"', "/** `http-action` */", 'const a = "the http-action route";', "const b = `${x}raw-websocket`;", 'const c = "raw";'].join("\n");
    expect(literalsOf(clean, TRANSPORT_IDS)).toEqual([]);
  });
  test("scans a real product tree (the file list is not empty)", () => {
    expect(productFiles.length).toBeGreaterThan(100);
    expect(productFiles).toContain(join("harness", "probes", "probe.ts"));
    expect(productFiles).toContain(join("reference-actors", "types.ts"));
  });
});

describe("transport unit › one place", () => {
  test("no transport id is a string literal outside harness/transports/", () => {
    const spelled = productFiles.flatMap((path) => literalsOf(readFileSync(join(ROOT, path), "utf8"), TRANSPORT_IDS).map(({ line, id }) => `${path}:${line} "${id}"`));
    expect(spelled).toEqual([]);
  });
  test("each transport is one module harness/transports/<id>.ts, and every module there is listed", () => {
    const shared = new Set(["index.ts", "transport.ts", "gateway.ts"]);
    const modules = readdirSync(join(ROOT, OWNER)).filter((name) => !shared.has(name));
    expect(modules.sort()).toEqual(TRANSPORT_IDS.map((id) => `${id}.ts`).sort());
    for (const id of TRANSPORT_IDS) expect(existsSync(join(ROOT, OWNER, `${id}.ts`))).toBe(true);
  });
});

const TARGET = { actorId: "actor/1" };
const MARKER = ["x-probe", "m1"] as const;

describe.each(TRANSPORTS.map((transport) => [transport.id, transport as Transport] as const))("transport unit › %s satisfies the interface", (id, transport) => {
  test("says what it is", () => {
    expect(id).toMatch(/^[a-z]+(-[a-z]+)+$/);
    expect(transport.title.trim()).not.toBe("");
    const description = transport.describe({ userErrorHttpStatus: 599, websocketRejectUpgradeStatus: 598, websocketRejectCloseCode: 4999 });
    expect(description).toMatch(/Accepted|accepted/);
    expect(description).toMatch(/Rejected|rejected/);
  });
  test("its wire request is under the actor's gateway route, carries the Origin lines, and puts extra headers after its own", () => {
    const origin = originLine("https://myapp.com");
    const wire = transport.wireRequest(TARGET, { origin, extra: [MARKER] });
    expect(wire.kind).toBe(transport.kind);
    expect(wire.path.startsWith(`/gateway/${encodeURIComponent(TARGET.actorId)}/`)).toBe(true);
    expect(wire.origin).toBe(origin);
    expect(wire.headers.at(-1)).toEqual(MARKER);
    expect(transport.wireRequest(TARGET, { origin: ABSENT }).headers).not.toContainEqual(MARKER);
  });
  test("the request the in-process tier hands the guard is the wire's route without the gateway prefix", () => {
    const wire = transport.wireRequest(TARGET, { origin: ABSENT });
    const guard = transport.guardRequest(PROBE_ACTION);
    expect(wire.path.endsWith(guard.path)).toBe(true);
    expect(guard.path.startsWith("/gateway")).toBe(false);
    if (wire.kind === "http") expect(guard.method).toBe(wire.method);
    else expect(guard.headers.upgrade).toBe("websocket");
  });
  test("classifies: a gateway 503 is never a decision", () => {
    const outcome =
      transport.kind === "http"
        ? transport.classify({ status: 503, body: '{"group":"guard","code":"service_unavailable"}' }, TARGET, "wire-alone")
        : transport.classify({ handshakeStatus: 503, handshakeBody: '{"group":"guard","code":"service_unavailable"}', messages: [] }, "wire-alone");
    expect(outcome.kind).toBe("errored");
  });
  test("is served exactly when the actor has the handler it requires", () => {
    const routes = (rawRequest: boolean, rawWebSocket: boolean) => ({ actions: [], hasGuard: true, rawRequest, rawWebSocket, beforeConnectTimeoutMs: 5_000 });
    expect(transportsFor(routes(true, true))).toContain(id);
    expect(transportsFor(routes(false, false)).includes(id)).toBe(transport.requires === null);
  });
});

test("transport unit › ranks for the concurrency ramp are distinct, so the ramp's choice does not depend on list order", () => {
  expect(new Set(TRANSPORTS.map((transport) => transport.rampRank)).size).toBe(TRANSPORTS.length);
});
