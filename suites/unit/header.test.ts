import { describe, expect, test } from "vitest";
import { ABSENT, describeHeader, encodeHeaderValue, originLine, originLines, sendableByNodeClients } from "../../harness/origin/header.js";

describe("origin header", () => {
  test("latin1 values are one byte per character, others UTF-8", () => {
    expect([...encodeHeaderValue("a\u00aa")]).toEqual([0x61, 0xaa]);
    expect([...encodeHeaderValue("\u0430")]).toEqual([0xd0, 0xb0]);
  });
  test("only plain single values go through Node's clients", () => {
    expect(sendableByNodeClients(ABSENT)).toBe(true);
    expect(sendableByNodeClients(originLine("https://myapp.com"))).toBe(true);
    expect(sendableByNodeClients(originLine(" https://myapp.com"))).toBe(false);
    expect(sendableByNodeClients(originLine("https://my\u00aaapp.com"))).toBe(false);
    expect(sendableByNodeClients(originLine("a\u000bb"))).toBe(false);
    expect(sendableByNodeClients(originLines("a", "b"))).toBe(false);
  });
  test("descriptions are unambiguous", () => {
    expect(describeHeader(ABSENT)).toBe("(absent)");
    expect(describeHeader(originLine(""))).toBe('""');
    expect(describeHeader(originLines("a", "b"))).toBe('"a" + "b"');
  });
});

test("descriptions escape everything outside printable ASCII", () => {
  expect(describeHeader(originLine("https://myapp.com\u007f"))).toBe('"https://myapp.com\\u007f"');
  expect(describeHeader(originLine("https://my\u0430pp.com"))).toBe('"https://my\\u0430pp.com"');
  expect(describeHeader(originLine("\ufeffa\tb"))).toBe('"\\ufeffa\\tb"');
  expect(describeHeader({ lines: ["x"], name: "oRiGiN" })).toBe('oRiGiN: "x"');
});
