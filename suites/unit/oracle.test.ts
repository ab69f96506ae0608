import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { ABSENT, originLine, originLines, type OriginHeader } from "../../harness/origin/header.js";
import { expected, expectedDecision, type Decision } from "../../harness/oracle/oracle.js";
import { DOCS_POLICY, parsePolicy, type Policy } from "../../harness/policy/policy.js";

/** [description, header on the wire, decision with match "exact", decision with match "normalized"] */
type Row = [description: string, header: OriginHeader, exact: Decision, normalized: Decision];

function checkTruthTable(policy: Policy, rows: Row[]): void {
  test.each(rows)("%s", (_description, header, exact, normalized) => {
    expect(expectedDecision({ ...policy, match: "exact" }, header)).toBe(exact);
    expect(expectedDecision({ ...policy, match: "normalized" }, header)).toBe(normalized);
  });
}

// Allows http://localhost:3000, https://myapp.com, https://www.myapp.com.
const docsRows: Row[] = [
  // allowed as sent by a browser
  ["https://myapp.com", originLine("https://myapp.com"), "accept", "accept"],
  ["https://www.myapp.com", originLine("https://www.myapp.com"), "accept", "accept"],
  ["http://localhost:3000", originLine("http://localhost:3000"), "accept", "accept"],
  ["leading space, trailing TAB (OWS is trimmed)", originLine(" https://myapp.com\t"), "accept", "accept"],
  ["spaces around http://localhost:3000", originLine("  http://localhost:3000  "), "accept", "accept"],
  // case
  ["HTTPS://MYAPP.COM", originLine("HTTPS://MYAPP.COM"), "reject", "accept"],
  ["HTTPS://myapp.com", originLine("HTTPS://myapp.com"), "reject", "accept"],
  ["https://MYAPP.com", originLine("https://MYAPP.com"), "reject", "accept"],
  ["https://MyApp.Com", originLine("https://MyApp.Com"), "reject", "accept"],
  ["https://WWW.myapp.com", originLine("https://WWW.myapp.com"), "reject", "accept"],
  ["HTTP://LOCALHOST:3000", originLine("HTTP://LOCALHOST:3000"), "reject", "accept"],
  ["http://LOCALHOST:3000", originLine("http://LOCALHOST:3000"), "reject", "accept"],
  ["Http://localhost:3000", originLine("Http://localhost:3000"), "reject", "accept"],
  // ports
  ["https://myapp.com:443 (default port)", originLine("https://myapp.com:443"), "reject", "accept"],
  ["https://www.myapp.com:443", originLine("https://www.myapp.com:443"), "reject", "accept"],
  ["HTTPS://MYAPP.COM:443", originLine("HTTPS://MYAPP.COM:443"), "reject", "accept"],
  ["https://myapp.com:0443 (default port with a leading zero)", originLine("https://myapp.com:0443"), "reject", "accept"],
  ["http://localhost:03000 (leading zero)", originLine("http://localhost:03000"), "reject", "accept"],
  ["http://localhost:3001", originLine("http://localhost:3001"), "reject", "reject"],
  ["http://localhost (no port)", originLine("http://localhost"), "reject", "reject"],
  ["http://localhost:80", originLine("http://localhost:80"), "reject", "reject"],
  ["https://myapp.com:80", originLine("https://myapp.com:80"), "reject", "reject"],
  ["https://myapp.com:8443", originLine("https://myapp.com:8443"), "reject", "reject"],
  ["https://myapp.com:0", originLine("https://myapp.com:0"), "reject", "reject"],
  ["https://myapp.com:65536", originLine("https://myapp.com:65536"), "reject", "reject"],
  ["https://myapp.com:99999", originLine("https://myapp.com:99999"), "reject", "reject"],
  ["https://myapp.com: (empty port)", originLine("https://myapp.com:"), "reject", "reject"],
  ["https://myapp.com:443:443", originLine("https://myapp.com:443:443"), "reject", "reject"],
  // path, query, fragment
  ["https://myapp.com/ (trailing slash)", originLine("https://myapp.com/"), "reject", "reject"],
  ["https://myapp.com/evil", originLine("https://myapp.com/evil"), "reject", "reject"],
  ["https://myapp.com:443/", originLine("https://myapp.com:443/"), "reject", "reject"],
  ["http://localhost:3000/", originLine("http://localhost:3000/"), "reject", "reject"],
  ["https://myapp.com/../", originLine("https://myapp.com/../"), "reject", "reject"],
  ["https://myapp.com?x (query)", originLine("https://myapp.com?x"), "reject", "reject"],
  ["https://myapp.com#x (fragment)", originLine("https://myapp.com#x"), "reject", "reject"],
  // hosts that are not myapp.com
  ["https://myapp.com. (trailing dot)", originLine("https://myapp.com."), "reject", "reject"],
  ["https://MYAPP.COM. (trailing dot, uppercase)", originLine("https://MYAPP.COM."), "reject", "reject"],
  ["https://myapp.com.evil.com (prefix)", originLine("https://myapp.com.evil.com"), "reject", "reject"],
  ["https://evilmyapp.com (suffix)", originLine("https://evilmyapp.com"), "reject", "reject"],
  ["https://wwwxmyapp.com (unescaped dot)", originLine("https://wwwxmyapp.com"), "reject", "reject"],
  ["https://evil.myapp.com (any subdomain)", originLine("https://evil.myapp.com"), "reject", "reject"],
  ["https://evil.com", originLine("https://evil.com"), "reject", "reject"],
  ["https://myapp.com_.evil.com", originLine("https://myapp.com_.evil.com"), "reject", "reject"],
  ["https://myapp.com`.evil.com", originLine("https://myapp.com`.evil.com"), "reject", "reject"],
  ["https://myapp.com!.evil.com", originLine("https://myapp.com!.evil.com"), "reject", "reject"],
  ["https://myapp.com$.evil.com", originLine("https://myapp.com$.evil.com"), "reject", "reject"],
  ["https://myapp.com~.evil.com", originLine("https://myapp.com~.evil.com"), "reject", "reject"],
  ["https://myapp.com%60.evil.com", originLine("https://myapp.com%60.evil.com"), "reject", "reject"],
  ["https://*.myapp.com (a wildcard is not an origin)", originLine("https://*.myapp.com"), "reject", "reject"],
  ["*", originLine("*"), "reject", "reject"],
  // scheme
  ["http://myapp.com (downgrade)", originLine("http://myapp.com"), "reject", "reject"],
  ["wss://myapp.com", originLine("wss://myapp.com"), "reject", "reject"],
  ["ws://localhost:3000", originLine("ws://localhost:3000"), "reject", "reject"],
  ["https://localhost:3000", originLine("https://localhost:3000"), "reject", "reject"],
  // userinfo
  ["https://evil.com@myapp.com", originLine("https://evil.com@myapp.com"), "reject", "reject"],
  ["https://myapp.com@evil.com", originLine("https://myapp.com@evil.com"), "reject", "reject"],
  ["https://user:pass@myapp.com", originLine("https://user:pass@myapp.com"), "reject", "reject"],
  ["https://@myapp.com", originLine("https://@myapp.com"), "reject", "reject"],
  // not shaped like an origin
  ["https:\\\\myapp.com (backslashes)", originLine("https:\\\\myapp.com"), "reject", "reject"],
  ["https:/myapp.com", originLine("https:/myapp.com"), "reject", "reject"],
  ["https:myapp.com", originLine("https:myapp.com"), "reject", "reject"],
  ["//myapp.com", originLine("//myapp.com"), "reject", "reject"],
  ["myapp.com", originLine("myapp.com"), "reject", "reject"],
  ["https://", originLine("https://"), "reject", "reject"],
  ["https://myapp.com, https://evil.com (comma list)", originLine("https://myapp.com, https://evil.com"), "reject", "reject"],
  ["https://evil.com, https://myapp.com (comma list)", originLine("https://evil.com, https://myapp.com"), "reject", "reject"],
  ["https://myapp.com https://myapp.com (space list)", originLine("https://myapp.com https://myapp.com"), "reject", "reject"],
  // IP forms of localhost
  ["http://127.0.0.1:3000", originLine("http://127.0.0.1:3000"), "reject", "reject"],
  ["http://0x7f.1:3000", originLine("http://0x7f.1:3000"), "reject", "reject"],
  ["http://2130706433:3000", originLine("http://2130706433:3000"), "reject", "reject"],
  ["http://[::1]:3000", originLine("http://[::1]:3000"), "reject", "reject"],
  ["http://localhost.:3000 (trailing dot)", originLine("http://localhost.:3000"), "reject", "reject"],
  // null, empty, whitespace
  ["null", originLine("null"), "reject", "reject"],
  ["Null", originLine("Null"), "reject", "reject"],
  ["NULL", originLine("NULL"), "reject", "reject"],
  ["absent", ABSENT, "reject", "reject"],
  ['empty ""', originLine(""), "reject", "reject"],
  ["whitespace only", originLine("   "), "reject", "reject"],
  ["a TAB only", originLine("\t"), "reject", "reject"],
  ["inner TAB", originLine("https://my\tapp.com"), "reject", "reject"],
  ["inner space", originLine("https://my app.com"), "reject", "reject"],
  ["TAB before the port", originLine("https://myapp.com\t:443"), "reject", "reject"],
  // control bytes: the engine answers 400 and the guard never runs
  ["VT (0x0b)", originLine("https://myapp.com\u000b"), "reject", "reject"],
  ["NUL (0x00)", originLine("https://myapp.com\u0000"), "reject", "reject"],
  ["DEL (0x7f)", originLine("https://myapp.com\u007f"), "reject", "reject"],
  ["CR inside the value", originLine("https://myapp.com\rx"), "reject", "reject"],
  ["a control byte in an earlier, ignored line", originLines("https://evil.com\u0000", "https://myapp.com"), "reject", "reject"],
  // bytes >= 0x80 and non-latin1 characters: the stack drops the header
  ["https://my\u00aapp.com (byte 0xAA)", originLine("https://my\u00aapp.com"), "reject", "reject"],
  ["trailing NBSP (byte 0xA0)", originLine("https://myapp.com\u00a0"), "reject", "reject"],
  ["Cyrillic a (U+0430, sent as UTF-8)", originLine("https://my\u0430pp.com"), "reject", "reject"],
  ["https://xn--myapp-xxx.com", originLine("https://xn--myapp-xxx.com"), "reject", "reject"],
  ["https://xn--mypp-63d.com (punycode of the Cyrillic look-alike)", originLine("https://xn--mypp-63d.com"), "reject", "reject"],
  // several Origin lines: only the last one reaches the guard
  ["two lines, the allowed one last", originLines("https://evil.com", "https://myapp.com"), "accept", "accept"],
  ["two lines, the allowed one first", originLines("https://myapp.com", "https://evil.com"), "reject", "reject"],
  ["two identical allowed lines", originLines("https://myapp.com", "https://myapp.com"), "accept", "accept"],
  ["an allowed line, then an empty one", originLines("https://myapp.com", ""), "reject", "reject"],
  ["three lines, the allowed one last", originLines("https://myapp.com", "https://evil.com", "http://localhost:3000"), "accept", "accept"],
  ["three lines, the allowed one in the middle", originLines("https://evil.com", "https://myapp.com", "https://evil.com"), "reject", "reject"],
  ["two lines, uppercase allowed one last", originLines("https://evil.com", "HTTPS://MYAPP.COM"), "reject", "accept"],
  // Measured (suites/calibration): the 0xAA line is dropped on its own, so the guard sees the first line.
  ["two lines, the last one with byte 0xAA", originLines("https://myapp.com", "https://my\u00aapp.com"), "accept", "accept"],
  // percent-encoding (a guard that decodes first sees an allowed origin; no browser sends %)
  ["https://my%61pp.com (encoded letter)", originLine("https://my%61pp.com"), "reject", "reject"],
  ["https://%6Dyapp.com (encoded first letter, uppercase hex)", originLine("https://%6Dyapp.com"), "reject", "reject"],
  ["https://myapp%2ecom (encoded dot)", originLine("https://myapp%2ecom"), "reject", "reject"],
  ["https://myapp%2Ecom (encoded dot, uppercase hex)", originLine("https://myapp%2Ecom"), "reject", "reject"],
  ["https%3A//myapp.com (encoded scheme colon)", originLine("https%3A//myapp.com"), "reject", "reject"],
  ["https:%2f%2fmyapp.com (encoded slashes)", originLine("https:%2f%2fmyapp.com"), "reject", "reject"],
  ["http://localhost%3a3000 (encoded port colon)", originLine("http://localhost%3a3000"), "reject", "reject"],
  ["https://%6d%79%61%70%70%2e%63%6f%6d (whole host encoded)", originLine("https://%6d%79%61%70%70%2e%63%6f%6d"), "reject", "reject"],
  ["https://myapp%252ecom (dot encoded twice)", originLine("https://myapp%252ecom"), "reject", "reject"],
  // a special character as a label of its own, and CORScanner's %0b
  ["https://myapp.com.$.evil.com", originLine("https://myapp.com.$.evil.com"), "reject", "reject"],
  ["https://myapp.com.{.evil.com", originLine("https://myapp.com.{.evil.com"), "reject", "reject"],
  ["https://myapp.com._.evil.com", originLine("https://myapp.com._.evil.com"), "reject", "reject"],
  ["https://myapp.com%0b.evil.com", originLine("https://myapp.com%0b.evil.com"), "reject", "reject"],
  // the attacker's domain glued on without a dot
  ["https://myapp.comevil.com", originLine("https://myapp.comevil.com"), "reject", "reject"],
  ["https://myapp.com-evil.com", originLine("https://myapp.com-evil.com"), "reject", "reject"],
  ["https://myapp.com_evil.com", originLine("https://myapp.com_evil.com"), "reject", "reject"],
  ["http://localhost:3000evil.com", originLine("http://localhost:3000evil.com"), "reject", "reject"],
  // scheme swap combined with a look-alike
  ["http://evilmyapp.com", originLine("http://evilmyapp.com"), "reject", "reject"],
  ["http://evil.myapp.com", originLine("http://evil.myapp.com"), "reject", "reject"],
  ["http://myapp.com.evil.com", originLine("http://myapp.com.evil.com"), "reject", "reject"],
  ["http://evil.com.www.myapp.com", originLine("http://evil.com.www.myapp.com"), "reject", "reject"],
  ["http://wwwamyappacom (every dot replaced)", originLine("http://wwwamyappacom"), "reject", "reject"],
  ["https://localhost.evil.com", originLine("https://localhost.evil.com"), "reject", "reject"],
  ["http://localhost.evil.com", originLine("http://localhost.evil.com"), "reject", "reject"],
  // the attacker's own origin and third parties
  ["http://evil.com", originLine("http://evil.com"), "reject", "reject"],
  ["https://github.com", originLine("https://github.com"), "reject", "reject"],
  ["http://whatever.s3.amazonaws.com", originLine("http://whatever.s3.amazonaws.com"), "reject", "reject"],
  // dot replacements, uppercase ones and every dot at once; truncated names; the attacker's domain as a subdomain
  ["https://wwwXmyapp.com (uppercase replacement)", originLine("https://wwwXmyapp.com"), "reject", "reject"],
  ["https://WWWXMYAPP.COM (normalizes to another host)", originLine("https://WWWXMYAPP.COM"), "reject", "reject"],
  ["https://myappacom (last dot replaced)", originLine("https://myappacom"), "reject", "reject"],
  ["https://wwwamyappacom (every dot replaced)", originLine("https://wwwamyappacom"), "reject", "reject"],
  ["https://yapp.com (first character dropped)", originLine("https://yapp.com"), "reject", "reject"],
  ["https://myapp.co (last character dropped)", originLine("https://myapp.co"), "reject", "reject"],
  ["https://evil.com.myapp.com", originLine("https://evil.com.myapp.com"), "reject", "reject"],
  // size
  ["100,000-character value", originLine(`https://${"a".repeat(99_982)}.myapp.com`), "reject", "reject"],
  ["allowed origin padded with 100,000 spaces", originLine(`${" ".repeat(100_000)}https://myapp.com`), "accept", "accept"],
];

const wildcardPolicy = parsePolicy({ allow: ["https://*.myapp.com"] });
const wildcardRows: Row[] = [
  ["https://a.myapp.com", originLine("https://a.myapp.com"), "accept", "accept"],
  ["https://a.b.myapp.com", originLine("https://a.b.myapp.com"), "accept", "accept"],
  ["https://a-b.myapp.com", originLine("https://a-b.myapp.com"), "accept", "accept"],
  ["https://123.myapp.com", originLine("https://123.myapp.com"), "accept", "accept"],
  ["https://myapp.com (the wildcard needs a label)", originLine("https://myapp.com"), "reject", "reject"],
  ["https://.myapp.com", originLine("https://.myapp.com"), "reject", "reject"],
  ["https://a..myapp.com", originLine("https://a..myapp.com"), "reject", "reject"],
  ["https://-a.myapp.com", originLine("https://-a.myapp.com"), "reject", "reject"],
  ["https://a-.myapp.com", originLine("https://a-.myapp.com"), "reject", "reject"],
  ["https://a_b.myapp.com", originLine("https://a_b.myapp.com"), "reject", "reject"],
  ["https://a.myapp.com:443", originLine("https://a.myapp.com:443"), "reject", "accept"],
  ["https://A.myapp.com", originLine("https://A.myapp.com"), "reject", "accept"],
  ["https://a.MYAPP.com", originLine("https://a.MYAPP.com"), "reject", "accept"],
  ["HTTPS://A.MYAPP.COM", originLine("HTTPS://A.MYAPP.COM"), "reject", "accept"],
  ["https://a.myapp.com:8443", originLine("https://a.myapp.com:8443"), "reject", "reject"],
  ["https://a.myapp.com/", originLine("https://a.myapp.com/"), "reject", "reject"],
  ["https://a.myapp.com.", originLine("https://a.myapp.com."), "reject", "reject"],
  ["https://evil.com.myapp.com.evil.com", originLine("https://evil.com.myapp.com.evil.com"), "reject", "reject"],
  ["https://evilmyapp.com", originLine("https://evilmyapp.com"), "reject", "reject"],
  ["https://evil.com@a.myapp.com", originLine("https://evil.com@a.myapp.com"), "reject", "reject"],
  ["http://a.myapp.com", originLine("http://a.myapp.com"), "reject", "reject"],
  ["wss://a.myapp.com", originLine("wss://a.myapp.com"), "reject", "reject"],
  ["null", originLine("null"), "reject", "reject"],
  ["absent", ABSENT, "reject", "reject"],
  // scanner payloads against a wildcard: more labels in front are still instances
  ["https://evil.a.myapp.com", originLine("https://evil.a.myapp.com"), "accept", "accept"],
  ["https://evil.com.a.myapp.com", originLine("https://evil.com.a.myapp.com"), "accept", "accept"],
  ["https://evila.myapp.com", originLine("https://evila.myapp.com"), "accept", "accept"],
  ["https://EVIL.A.MYAPP.COM", originLine("https://EVIL.A.MYAPP.COM"), "reject", "accept"],
  ["http://evila.myapp.com", originLine("http://evila.myapp.com"), "reject", "reject"],
  ["http://evil.myapp.com", originLine("http://evil.myapp.com"), "reject", "reject"],
  ["https://myapp.com.evil.com", originLine("https://myapp.com.evil.com"), "reject", "reject"],
  ["https://a.myapp.com.$.evil.com", originLine("https://a.myapp.com.$.evil.com"), "reject", "reject"],
  ["https://a.myapp.comevil.com", originLine("https://a.myapp.comevil.com"), "reject", "reject"],
  ["https://a%2emyapp.com", originLine("https://a%2emyapp.com"), "reject", "reject"],
  ["https://a.myapp%2Ecom", originLine("https://a.myapp%2Ecom"), "reject", "reject"],
  ["https://yapp.com", originLine("https://yapp.com"), "reject", "reject"],
  ["https://a.myappacom", originLine("https://a.myappacom"), "reject", "reject"],
  ["https://aamyappacom", originLine("https://aamyappacom"), "reject", "reject"],
];

const portPolicy = parsePolicy({ allow: ["https://myapp.com:8443"] });
const portRows: Row[] = [
  ["https://myapp.com:8443", originLine("https://myapp.com:8443"), "accept", "accept"],
  ["https://MYAPP.COM:8443", originLine("https://MYAPP.COM:8443"), "reject", "accept"],
  ["https://myapp.com:08443", originLine("https://myapp.com:08443"), "reject", "accept"],
  ["https://myapp.com (scanners drop the port)", originLine("https://myapp.com"), "reject", "reject"],
  ["http://myapp.com", originLine("http://myapp.com"), "reject", "reject"],
  ["http://myapp.com:8443", originLine("http://myapp.com:8443"), "reject", "reject"],
  ["https://myapp.com.evil.com", originLine("https://myapp.com.evil.com"), "reject", "reject"],
  ["https://myapp.com:8443.evil.com", originLine("https://myapp.com:8443.evil.com"), "reject", "reject"],
  ["https://myapp.com%3a8443", originLine("https://myapp.com%3a8443"), "reject", "reject"],
  ["https://myapp.com%3A8443", originLine("https://myapp.com%3A8443"), "reject", "reject"],
  ["https://my%61pp.com:8443", originLine("https://my%61pp.com:8443"), "reject", "reject"],
  ["https://myapp.com:8443evil.com", originLine("https://myapp.com:8443evil.com"), "reject", "reject"],
  ["https://myapp.com._.evil.com", originLine("https://myapp.com._.evil.com"), "reject", "reject"],
  ["https://evil.com:8443", originLine("https://evil.com:8443"), "reject", "reject"],
  ["https://evil.myapp.com", originLine("https://evil.myapp.com"), "reject", "reject"],
];

const wildcardWithPortPolicy = parsePolicy({ allow: ["https://*.myapp.com:8443"] });
const wildcardWithPortRows: Row[] = [
  ["https://a.myapp.com:8443", originLine("https://a.myapp.com:8443"), "accept", "accept"],
  ["https://a.myapp.com:08443", originLine("https://a.myapp.com:08443"), "reject", "accept"],
  ["https://a.myapp.com (no port)", originLine("https://a.myapp.com"), "reject", "reject"],
  ["https://a.myapp.com:443", originLine("https://a.myapp.com:443"), "reject", "reject"],
];

const missingAcceptedPolicy = parsePolicy({ ...DOCS_POLICY, missingOrigin: "accept" });
const missingAcceptedRows: Row[] = [
  ["absent", ABSENT, "accept", "accept"],
  ["https://my\u00aapp.com (byte 0xAA drops the header)", originLine("https://my\u00aapp.com"), "accept", "accept"],
  ["Cyrillic a (U+0430) drops the header", originLine("https://my\u0430pp.com"), "accept", "accept"],
  ['empty "" is present, not missing', originLine(""), "reject", "reject"],
  ["whitespace only is present, not missing", originLine("  "), "reject", "reject"],
  ["null is present, not missing", originLine("null"), "reject", "reject"],
  ["a control byte is refused before the guard", originLine("https://myapp.com\u0000"), "reject", "reject"],
  ["https://myapp.com", originLine("https://myapp.com"), "accept", "accept"],
  ["https://evil.com", originLine("https://evil.com"), "reject", "reject"],
];

const nullAllowedPolicy = parsePolicy({ allow: ["null", "https://myapp.com"] });
const nullAllowedRows: Row[] = [
  ["null", originLine("null"), "accept", "accept"],
  ["null with surrounding OWS", originLine(" null\t"), "accept", "accept"],
  ["null as the last of two lines", originLines("https://evil.com", "null"), "accept", "accept"],
  ["Null (null is case-sensitive)", originLine("Null"), "reject", "reject"],
  ["NULL", originLine("NULL"), "reject", "reject"],
  ['"null" in quotes', originLine('"null"'), "reject", "reject"],
  ["nul", originLine("nul"), "reject", "reject"],
  ["null/", originLine("null/"), "reject", "reject"],
  ["https://myapp.com", originLine("https://myapp.com"), "accept", "accept"],
  ["absent", ABSENT, "reject", "reject"],
  ['empty ""', originLine(""), "reject", "reject"],
];

describe("truth table: docs policy", () => checkTruthTable(DOCS_POLICY, docsRows));
describe("truth table: https://*.myapp.com", () => checkTruthTable(wildcardPolicy, wildcardRows));
describe("truth table: https://myapp.com:8443", () => checkTruthTable(portPolicy, portRows));
describe("truth table: https://*.myapp.com:8443", () => checkTruthTable(wildcardWithPortPolicy, wildcardWithPortRows));
describe('truth table: docs policy with missingOrigin "accept"', () => checkTruthTable(missingAcceptedPolicy, missingAcceptedRows));
describe('truth table: "null" and https://myapp.com', () => checkTruthTable(nullAllowedPolicy, nullAllowedRows));

describe("the oracle's reasoning", () => {
  const highByte = originLine("https://my\u00aapp.com");

  test.each([DOCS_POLICY, missingAcceptedPolicy])("a byte >= 0x80 is decided like an absent header (missingOrigin $missingOrigin)", (policy) => {
    for (const match of ["exact", "normalized"] as const) {
      const withMatch = { ...policy, match };
      expect(expected(withMatch, highByte).observed.kind).toBe("missing");
      expect(expectedDecision(withMatch, highByte)).toBe(expectedDecision(withMatch, ABSENT));
    }
  });

  test("control bytes are transport-rejected, whatever the policy says about missing origins", () => {
    const expectation = expected(missingAcceptedPolicy, originLine("https://myapp.com\u000b"));
    expect(expectation.observed.kind).toBe("transport-rejected");
    expect(expectation.decision).toBe("reject");
    expect(expectation.reason).toContain("guard never runs");
  });

  test("the observation is what the guard sees: trimmed, last line", () => {
    expect(expected(DOCS_POLICY, originLines("https://evil.com", " https://myapp.com\t")).observed).toEqual({
      kind: "value",
      value: "https://myapp.com",
    });
  });

  test("reasons name the matching entry or the problem", () => {
    const normalized = { ...DOCS_POLICY, match: "normalized" } as const;
    expect(expected(normalized, originLine("HTTPS://MYAPP.COM:443")).reason).toBe(
      '"HTTPS://MYAPP.COM:443" (normalized to "https://myapp.com") matches allow entry "https://myapp.com"',
    );
    expect(expected(DOCS_POLICY, originLine("HTTPS://MYAPP.COM:443")).reason).toContain("exact matching compares bytes");
    expect(expected(DOCS_POLICY, originLine("https://myapp.com/evil")).reason).toBe(
      '"https://myapp.com/evil" is not a serialized origin (scheme://host[:port])',
    );
    expect(expected(DOCS_POLICY, originLine("https://evil.com")).reason).toBe('"https://evil.com" matches no allow entry');
  });

  test("the oracle is pure: the same question gets the same answer", () => {
    const header = originLine("https://myapp.com");
    expect(expected(DOCS_POLICY, header)).toEqual(expected(DOCS_POLICY, header));
  });

  test("the oracle depends on no guard implementation and no URL parser", () => {
    const source = readFileSync(new URL("../../harness/oracle/oracle.ts", import.meta.url), "utf8");
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    expect(code).not.toMatch(/reference-actors/);
    expect(code).not.toMatch(/\bURL\b/);
  });
});
