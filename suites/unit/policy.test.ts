import { describe, expect, test } from "vitest";
import { DOCS_POLICY, describePolicy, parseAllowEntry, parsePolicy, PolicyError } from "../../harness/policy/policy.js";

function policyError(input: unknown): PolicyError {
  try {
    parsePolicy(input);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error(`expected a PolicyError for ${JSON.stringify(input)}`);
}

function allowEntryError(entry: unknown): string {
  return policyError({ allow: [entry] }).message;
}

describe("parsePolicy accepts", () => {
  test("the docs allowlist, with defaults", () => {
    expect(DOCS_POLICY).toEqual({
      allow: ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"],
      match: "exact",
      missingOrigin: "reject",
      rejectCode: "origin_not_allowed",
    });
  });

  test("every option set explicitly", () => {
    const policy = { allow: ["https://myapp.com"], match: "normalized", missingOrigin: "accept", rejectCode: "forbidden" };
    expect(parsePolicy(policy)).toEqual(policy);
  });

  test.each([
    "https://myapp.com",
    "http://localhost:3000",
    "https://myapp.com:8443",
    "http://127.0.0.1:65535",
    "http://[::1]:3000",
    "http://[::1]",
    "https://xn--mnchen-3ya.de",
    "chrome-extension://abcdefghijklmnop",
    "null",
    "https://*.example.com",
    "https://*.example.com:8443",
    "wss://*.a.example.com",
  ])("the allow entry %s", (entry) => {
    expect(parsePolicy({ allow: [entry] }).allow).toEqual([entry]);
  });

  test("a parsed policy is frozen", () => {
    const policy = parsePolicy({ allow: ["https://myapp.com"] });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.allow)).toBe(true);
  });
});

describe("parseAllowEntry", () => {
  test("splits each kind of entry", () => {
    expect(parseAllowEntry("null")).toEqual({ kind: "null" });
    expect(parseAllowEntry("https://myapp.com")).toEqual({
      kind: "origin",
      scheme: "https",
      host: "myapp.com",
      port: null,
      serialized: "https://myapp.com",
    });
    expect(parseAllowEntry("http://[::1]:3000")).toEqual({
      kind: "origin",
      scheme: "http",
      host: "[::1]",
      port: 3000,
      serialized: "http://[::1]:3000",
    });
    expect(parseAllowEntry("https://*.example.com:8443")).toEqual({
      kind: "wildcard",
      scheme: "https",
      suffix: ".example.com",
      port: 8443,
      serialized: "https://*.example.com:8443",
    });
  });

  test("throws a PolicyError for an invalid entry", () => {
    expect(() => parseAllowEntry("https://myapp.com/")).toThrow(PolicyError);
  });
});

const SHAPE = "is not a serialized origin (scheme://host[:port])";

describe("allow entries that are almost right get a hint", () => {
  test.each([
    ["a trailing slash", "https://myapp.com/", "https://myapp.com", "an origin has no trailing slash"],
    ["a path", "https://myapp.com/app", "https://myapp.com", "an origin has no path"],
    ["a query", "https://myapp.com?x=1", "https://myapp.com", "an origin has no query"],
    ["a fragment", "https://myapp.com#top", "https://myapp.com", "an origin has no fragment"],
    ["userinfo", "https://user@myapp.com", "https://myapp.com", "an origin has no userinfo"],
    ["surrounding whitespace", " https://myapp.com ", "https://myapp.com", "an origin has no surrounding whitespace"],
    ["an uppercase host", "https://MyApp.com", "https://myapp.com", "scheme and host must be lowercase"],
    ["an uppercase scheme", "HTTPS://myapp.com", "https://myapp.com", "scheme and host must be lowercase"],
    ["an uppercase wildcard domain", "https://*.MyApp.com", "https://*.myapp.com", "scheme and host must be lowercase"],
    ["the https default port", "https://myapp.com:443", "https://myapp.com", "443 is the default port of https and browsers never send it"],
    ["the http default port", "http://localhost:80", "http://localhost", "80 is the default port of http and browsers never send it"],
    ["the wss default port", "wss://myapp.com:443", "wss://myapp.com", "443 is the default port of wss"],
    ["the ws default port", "ws://myapp.com:80", "ws://myapp.com", "80 is the default port of ws"],
    ["a default port on a wildcard", "https://*.myapp.com:443", "https://*.myapp.com", "443 is the default port of https"],
    ["a port with leading zeros", "https://myapp.com:08443", "https://myapp.com:8443", "the port has leading zeros"],
    ["an empty port", "https://myapp.com:", "https://myapp.com", "the port is empty"],
    ["a missing scheme", "myapp.com", "https://myapp.com", "the scheme is missing"],
    ["a missing scheme on localhost", "localhost:3000", "http://localhost:3000", "the scheme is missing"],
    ["a scheme-relative entry", "//myapp.com", "https://myapp.com", "the scheme is missing"],
    ["a single slash after the scheme", "https:/myapp.com", "https://myapp.com", '"://" must follow the scheme'],
    ["backslashes after the scheme", "https:\\\\myapp.com", "https://myapp.com", '"://" must follow the scheme'],
    ["a trailing dot", "https://myapp.com.", "https://myapp.com", "a trailing dot makes it another host"],
    ["a non-ASCII host", "https://m\u00fcnchen.de", "https://xn--mnchen-3ya.de", "the host must be ASCII; use the punycode form"],
    ["a Cyrillic look-alike", "https://my\u0430pp.com", "https://xn--mypp-63d.com", "use the punycode form"],
    ["an IPv4 shorthand", "http://0x7f.1:3000", "http://127.0.0.1:3000", 'browsers serialize the host "0x7f.1" as "127.0.0.1"'],
    ["an uncompressed IPv6 address", "http://[0:0:0:0:0:0:0:1]:3000", "http://[::1]:3000", "as \"[::1]\""],
    ["a capitalized null", "Null", "null", '"null" is case-sensitive'],
    ["an uppercase null", "NULL", "null", '"null" is case-sensitive'],
  ])("%s", (_problem, entry, hint, detail) => {
    const message = allowEntryError(entry);
    expect(message).toContain(`allow[0]: ${JSON.stringify(entry)} ${SHAPE}; did you mean ${JSON.stringify(hint)}?`);
    expect(message).toContain(detail);
  });

  test("the documented example, word for word", () => {
    expect(allowEntryError("https://myapp.com/")).toContain(
      'allow[0]: "https://myapp.com/" is not a serialized origin (scheme://host[:port]); did you mean "https://myapp.com"?',
    );
  });

  test("several problems in one entry give one hint that fixes them all", () => {
    const message = allowEntryError("HTTPS://MyApp.com:443/");
    expect(message).toContain('did you mean "https://myapp.com"?');
    expect(message).toContain("an origin has no trailing slash");
    expect(message).toContain("scheme and host must be lowercase");
    expect(message).toContain("443 is the default port of https");
  });
});

describe("allow entries that cannot be fixed get no hint", () => {
  test.each([
    ["port 0", "https://myapp.com:0", "port 0 is not in 1-65535"],
    ["port 65536", "https://myapp.com:65536", "port 65536 is not in 1-65535"],
    ["port 99999", "https://myapp.com:99999", "port 99999 is not in 1-65535"],
    ["a non-numeric port", "https://myapp.com:https", 'port "https" is not a number'],
    ["an empty host", "https://", "the host is empty"],
    ["inner whitespace", "https://my app.com", '"my app.com" is not a valid host'],
    ["a bracketed non-address", "http://[zz]:3000", '"[zz]" is not a valid host'],
    ["a special character", "https://myapp.com!", 'the host "myapp.com!" is not a DNS name, IPv4 address or [IPv6] address'],
    ["a wildcard over a top-level domain", "https://*.com", 'a wildcard is a single leading "*." label'],
    ["a wildcard in the middle", "https://a.*.example.com", 'a wildcard is a single leading "*." label'],
    ["two wildcards", "https://*.*.example.com", 'a wildcard is a single leading "*." label'],
    ["a wildcard glued to the domain", "https://*example.com", 'a wildcard is a single leading "*." label'],
    ["a bare wildcard", "https://*", 'a wildcard is a single leading "*." label'],
    ["an underscore in a wildcard domain", "https://*.my_app.com", 'a wildcard is a single leading "*." label'],
  ])("%s", (_problem, entry, detail) => {
    const message = allowEntryError(entry);
    expect(message).toContain(`allow[0]: ${JSON.stringify(entry)} ${SHAPE}: ${detail}`);
    expect(message).not.toContain("did you mean");
  });
});

describe("the policy object", () => {
  test("unknown keys are listed with the known ones", () => {
    const error = policyError({ alow: ["https://myapp.com"], allow: ["https://myapp.com"], mode: "exact" });
    expect(error.issues).toEqual(['unknown key(s): "alow", "mode"; known keys: allow, match, missingOrigin, rejectCode, anyOrigin']);
    expect(error.message).toContain('unknown key(s): "alow", "mode"; known keys: allow, match, missingOrigin, rejectCode, anyOrigin');
  });

  test("the documented unknown-key example", () => {
    expect(policyError({ alow: ["https://myapp.com"] }).message).toContain(
      'unknown key(s): "alow"; known keys: allow, match, missingOrigin, rejectCode, anyOrigin',
    );
  });

  test.each([
    ["no allow", {}, "allow: expected a non-empty array of origins, got nothing"],
    ["allow as a string", { allow: "https://myapp.com" }, 'allow: expected a non-empty array of origins, got string "https://myapp.com"'],
    ["an empty allow", { allow: [] }, "allow: must list at least one origin"],
    ["a non-string entry", { allow: ["https://myapp.com", 42] }, "allow[1]: expected an origin string, got number 42"],
    ["an unknown match", { allow: ["https://myapp.com"], match: "loose" }, 'match: expected "exact" or "normalized", got string "loose"'],
    ["an unknown missingOrigin", { allow: ["https://myapp.com"], missingOrigin: true }, 'missingOrigin: expected "reject" or "accept", got boolean true'],
    ["an empty rejectCode", { allow: ["https://myapp.com"], rejectCode: "" }, "rejectCode: expected a non-empty string"],
    ["a non-object", "https://myapp.com", 'policy: expected a policy object, got string "https://myapp.com"'],
    ["null", null, "policy: expected a policy object, got null"],
  ])("%s", (_problem, input, issue) => {
    const error = policyError(input);
    expect(error.issues).toEqual([issue]);
    expect(error.message).toBe(`invalid origin policy: ${issue}`);
  });

  test("every problem is reported at once, with its field path, in one paragraph", () => {
    const error = policyError({ allow: ["https://myapp.com/", "myapp.com"], match: "loose", extra: 1 });
    expect(error.issues).toHaveLength(4);
    expect(error.message).toContain('allow[0]: "https://myapp.com/"');
    expect(error.message).toContain('allow[1]: "myapp.com"');
    expect(error.message).toContain("match: ");
    expect(error.message).toContain('unknown key(s): "extra"');
    expect(error.message).not.toContain("\n");
  });
});

test("describePolicy is one line", () => {
  const line = describePolicy(DOCS_POLICY);
  expect(line).toBe(
    "allow http://localhost:3000, https://myapp.com, https://www.myapp.com; exact match; missing Origin rejected; rejects with origin_not_allowed",
  );
  expect(describePolicy(parsePolicy({ allow: ["null"], match: "normalized", missingOrigin: "accept" }))).toBe(
    "allow null; normalized match; missing Origin accepted; rejects with origin_not_allowed",
  );
});
