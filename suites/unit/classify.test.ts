import { describe, expect, test } from "vitest";
import {
  classifyActionAnswer,
  classifyConnectTrace,
  classifyQueueAnswer,
  classifyRawRequestAnswer,
  classifyRawWebSocketTrace,
  PROBE_ACTION,
} from "../../harness/probes/classify.js";

const actorError = (group: string, code: string) => JSON.stringify({ actor: { actorId: "a" }, group, code, message: "m" });

describe("HTTP action answers", () => {
  test.each([
    ["200 with output", 200, '{"output":1}', "increment", { kind: "accepted" }],
    ["404 action_not_found for the probe action", 404, actorError("actor", "action_not_found"), PROBE_ACTION, { kind: "accepted" }],
    ["404 action_not_found for a named action is an actor error", 404, actorError("actor", "action_not_found"), "increment", { kind: "rejected", code: "action_not_found" }],
    ["500 user error from the actor", 500, actorError("user", "origin_not_allowed"), PROBE_ACTION, { kind: "rejected", group: "user", code: "origin_not_allowed", status: 500 }],
    ["plain Error", 500, actorError("rivetkit", "internal_error"), PROBE_ACTION, { kind: "rejected", code: "internal_error" }],
    ["400 from the gateway", 400, "bad request", PROBE_ACTION, { kind: "transport-rejected", status: 400 }],
    ["gateway error without an actor is not a rejection", 503, JSON.stringify({ group: "guard", code: "service_unavailable" }), PROBE_ACTION, { kind: "errored" }],
    ["200 without output", 200, "{}", PROBE_ACTION, { kind: "errored" }],
    ["502 with HTML", 502, "<html>", PROBE_ACTION, { kind: "errored" }],
  ])("%s", (_title, status, body, action, expected) => {
    expect(classifyActionAnswer({ status, body }, action)).toMatchObject(expected);
  });
});

describe("queue and raw request answers", () => {
  test("queue: 200 with a status is accepted, an actor error is rejected", () => {
    expect(classifyQueueAnswer({ status: 200, body: '{"status":"completed"}' })).toMatchObject({ kind: "accepted" });
    expect(classifyQueueAnswer({ status: 500, body: actorError("user", "x") })).toMatchObject({ kind: "rejected", code: "x" });
    expect(classifyQueueAnswer({ status: 200, body: "ok" })).toMatchObject({ kind: "errored" });
  });
  const ran = { handler: "onRequest" } as const;
  const notRun = {};
  test("raw request: accepted only when onRequest was seen to run (in process); an actor error is rejected", () => {
    expect(classifyRawRequestAnswer({ status: 200, body: "hi" }, ran)).toMatchObject({ kind: "accepted" });
    expect(classifyRawRequestAnswer({ status: 418, body: "teapot" }, ran)).toMatchObject({ kind: "accepted" });
    expect(classifyRawRequestAnswer({ status: 500, body: actorError("user", "origin_not_allowed") }, ran)).toMatchObject({ kind: "rejected" });
    expect(classifyRawRequestAnswer({ status: 400, body: "" }, notRun)).toMatchObject({ kind: "transport-rejected" });
  });
  test.for([
    ["a proxy's 502 text", { status: 502, body: "bad gateway" }],
    ["a 503", { status: 503, body: "service unavailable" }],
    ["an HTML 500", { status: 500, body: "<html><body>Internal Server Error</body></html>" }],
    ["a 200 the handler did not write", { status: 200, body: "ok" }],
  ] as const)("raw request: %s with onRequest never seen to run is errored, never accepted", ([, answer]) => {
    expect(classifyRawRequestAnswer(answer, notRun)).toMatchObject({ kind: "errored" });
  });
  test("raw request from the wire alone: a 5xx that is no actor error is errored; below 500, the handler's answer", () => {
    expect(classifyRawRequestAnswer({ status: 502, body: "bad gateway" }, "wire-alone")).toMatchObject({ kind: "errored" });
    expect(classifyRawRequestAnswer({ status: 503, body: "" }, "wire-alone")).toMatchObject({ kind: "errored" });
    expect(classifyRawRequestAnswer({ status: 500, body: "<html>500</html>" }, "wire-alone")).toMatchObject({ kind: "errored" });
    expect(classifyRawRequestAnswer({ status: 200, body: "hi" }, "wire-alone")).toMatchObject({ kind: "accepted" });
  });
});

describe("WebSocket traces: the upgrade status is never the decision", () => {
  const init = '{"body":{"tag":"Init","val":{"actorId":"a","connectionId":"c"}}}';
  const error = '{"body":{"tag":"Error","val":{"group":"user","code":"origin_not_allowed","message":"no"}}}';
  test("101 alone decides nothing", () => {
    expect(classifyConnectTrace({ handshakeStatus: 101, messages: [] })).toMatchObject({ kind: "errored" });
    expect(classifyRawWebSocketTrace({ handshakeStatus: 101, messages: [] }, "wire-alone")).toMatchObject({ kind: "errored" });
  });
  test("connect: Init is accepted; Error then close 1011 is rejected with the code", () => {
    expect(classifyConnectTrace({ handshakeStatus: 101, messages: [{ text: init, binary: false }] })).toMatchObject({ kind: "accepted" });
    expect(
      classifyConnectTrace({ handshakeStatus: 101, messages: [{ text: error, binary: false }], close: { code: 1011, reason: "user.origin_not_allowed" } }),
    ).toMatchObject({ kind: "rejected", group: "user", code: "origin_not_allowed", closeCode: 1011 });
  });
  test("connect: a close without a frame is rejected only with 1011 group.code", () => {
    expect(classifyConnectTrace({ handshakeStatus: 101, messages: [], close: { code: 1011, reason: "user.x" } })).toMatchObject({ kind: "rejected", code: "x" });
    expect(classifyConnectTrace({ handshakeStatus: 101, messages: [], close: { code: 1006, reason: "" } })).toMatchObject({ kind: "errored" });
    expect(classifyConnectTrace({ handshakeStatus: 101, messages: [{ text: "garbage", binary: false }] })).toMatchObject({ kind: "errored" });
  });
  const ran = { handler: "onWebSocket" } as const;
  test("raw: a message, or a socket open past the settle window, is accepted when onWebSocket was seen to run; close 1011 group.code is rejected", () => {
    expect(classifyRawWebSocketTrace({ handshakeStatus: 101, messages: [{ text: "hi", binary: false }] }, ran)).toMatchObject({ kind: "accepted" });
    expect(classifyRawWebSocketTrace({ handshakeStatus: 101, messages: [], settled: true, settleMs: 1000 }, ran)).toMatchObject({ kind: "accepted" });
    expect(classifyRawWebSocketTrace({ handshakeStatus: 101, messages: [], close: { code: 1011, reason: "user.origin_not_allowed" } }, {})).toMatchObject({
      kind: "rejected",
      code: "origin_not_allowed",
    });
    expect(classifyRawWebSocketTrace({ handshakeStatus: 101, messages: [], close: { code: 1000, reason: "" } }, ran)).toMatchObject({ kind: "errored" });
  });
  test("raw: silence is never an acceptance: a silent open socket whose handler was not seen to run is errored", () => {
    expect(classifyRawWebSocketTrace({ handshakeStatus: 101, messages: [], settled: true, settleMs: 5500 }, {})).toMatchObject({ kind: "errored" });
    expect(classifyRawWebSocketTrace({ handshakeStatus: 101, messages: [], settled: true, settleMs: 5500 }, "wire-alone")).toMatchObject({ kind: "errored" });
    // A message is positive evidence from the wire alone; in process, it must come with the handler seen to run.
    expect(classifyRawWebSocketTrace({ handshakeStatus: 101, messages: [{ text: "hi", binary: false }] }, "wire-alone")).toMatchObject({ kind: "accepted" });
    expect(classifyRawWebSocketTrace({ handshakeStatus: 101, messages: [{ text: "hi", binary: false }] }, {})).toMatchObject({ kind: "errored" });
  });
  test("a refused handshake is classified like an HTTP answer", () => {
    expect(classifyConnectTrace({ handshakeStatus: 400, handshakeBody: "", messages: [] })).toMatchObject({ kind: "transport-rejected" });
    expect(classifyConnectTrace({ handshakeStatus: 404, handshakeBody: JSON.stringify({ group: "guard", code: "actor_not_found" }), messages: [] })).toMatchObject({
      kind: "errored",
    });
  });
});
