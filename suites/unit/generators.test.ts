import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { GeneratorInput, OriginCategory } from "../../harness/generators/category.js";
import { anyOrigin, CATEGORIES, categoryById, deterministicCorpus } from "../../harness/generators/catalog.js";
import { ABSENT, originLine, originLines, type OriginHeader } from "../../harness/origin/header.js";

const DOCS_POLICY: GeneratorInput = { allow: ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"] };
const WILDCARD_POLICY: GeneratorInput = { allow: ["https://*.example.com"] };
const NULL_POLICY: GeneratorInput = { allow: ["null", "http://localhost:3000"] };
const POLICIES = { docs: DOCS_POLICY, wildcard: WILDCARD_POLICY, null: NULL_POLICY } as const;

const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SAMPLE = { numRuns: 200, seed: 42 } as const;

const samples = (category: OriginCategory, input: GeneratorInput) => fc.sample(category.arbitrary(input), SAMPLE);

/** Values Node's clients cannot send as they are: several lines, control bytes (HTAB aside), DEL, bytes >= 0x80. */
function needsRawSocket(header: OriginHeader): boolean {
  if (header.lines.length > 1) return true;
  return header.lines.some((line) =>
    [...line].some((char) => {
      const code = char.codePointAt(0)!;
      return (code < 0x20 && code !== 0x09) || code >= 0x7f;
    }),
  );
}

function isOriginHeader(value: unknown): value is OriginHeader {
  if (typeof value !== "object" || value === null || !("lines" in value)) return false;
  const { lines } = value as { lines: unknown };
  return Array.isArray(lines) && lines.every((line) => typeof line === "string");
}

function corpusOf(categoryId: string, input: GeneratorInput): OriginHeader[] {
  const category = categoryById(categoryId);
  if (category === undefined) throw new Error(`no category ${categoryId}`);
  return category.corpus(input).map((c) => c.header);
}

describe("category catalog", () => {
  test("ids are unique kebab-case", () => {
    const ids = CATEGORIES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(KEBAB_CASE);
  });

  test("categoryById finds every category and nothing else", () => {
    for (const category of CATEGORIES) expect(categoryById(category.id)).toBe(category);
    expect(categoryById("no-such-category")).toBeUndefined();
  });

  test.each(CATEGORIES.map((c) => [c.id, c] as const))("%s documents itself with an example guard line", (_, category) => {
    expect(category.title.length).toBeGreaterThan(0);
    expect(category.rationale.length).toBeGreaterThan(40);
    // A guard line quotes code that looks at the origin, e.g. `ALLOWED.includes(origin)`.
    expect(category.description).toMatch(/`[^`]*origin[^`]*`/i);
  });

  test("the required categories are there", () => {
    const required = [
      "exact-allowed",
      "case-variants",
      "path-suffixes",
      "null-origin",
      "missing-and-empty",
      "lookalike-domains",
      "homographs",
      "scheme-swaps",
      "ports",
      "userinfo",
      "comma-and-space-lists",
      "duplicate-origin-lines",
      "whitespace",
      "special-characters",
      "localhost-ip-forms",
      "very-long-values",
      "non-ascii-and-control-bytes",
      "random-strings",
    ];
    for (const id of required) expect(categoryById(id), id).toBeDefined();
  });
});

describe.each(Object.entries(POLICIES))("arbitraries under the %s policy", (_, input) => {
  test.each(CATEGORIES.map((c) => [c.id, c] as const))("%s produces OriginHeaders, the same for the same seed", (_, category) => {
    const first = samples(category, input);
    expect(first).toHaveLength(SAMPLE.numRuns);
    for (const header of first) expect(isOriginHeader(header), JSON.stringify(header).slice(0, 200)).toBe(true);
    expect(samples(category, input)).toEqual(first);
  });

  test.each(CATEGORIES.map((c) => [c.id, c] as const))("%s has unique kebab-case corpus ids", (_, category) => {
    const ids = category.corpus(input).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(KEBAB_CASE);
    for (const c of category.corpus(input)) expect(isOriginHeader(c.header)).toBe(true);
  });

  test.each(CATEGORIES.map((c) => [c.id, c] as const))("%s needs a raw socket exactly when it says so", (_, category) => {
    const headers = [...samples(category, input), ...category.corpus(input).map((c) => c.header)];
    const raw = headers.filter(needsRawSocket);
    if (category.rawSocketOnly === true) expect(raw.length, "a rawSocketOnly category produces raw-only values").toBeGreaterThan(0);
    else expect(raw, "values Node's clients cannot send").toEqual([]);
  });

  test("anyOrigin covers every category within 2000 samples", () => {
    const seen = new Set(fc.sample(anyOrigin(input), { numRuns: 2000, seed: 42 }).map((drawn) => drawn.category));
    expect([...seen].sort()).toEqual(CATEGORIES.map((c) => c.id).sort());
  });

  test("deterministicCorpus is every category's corpus, tagged", () => {
    const corpus = deterministicCorpus(input);
    const expected = CATEGORIES.flatMap((category) => category.corpus(input).map((c) => ({ category: category.id, case: c })));
    expect(corpus).toEqual(expected);
    expect(deterministicCorpus(input)).toEqual(corpus);
  });
});

describe("corpora derive the known bypasses from the policy", () => {
  const required: readonly (readonly [string, OriginHeader])[] = [
    ["exact-allowed", originLine("http://localhost:3000")],
    ["exact-allowed", originLine("https://myapp.com")],
    ["exact-allowed", originLine("https://www.myapp.com")],
    ["lookalike-domains", originLine("https://myapp.com.evil.com")],
    ["lookalike-domains", originLine("https://evilmyapp.com")],
    ["lookalike-domains", originLine("https://wwwxmyapp.com")],
    ["lookalike-domains", originLine("https://evil.myapp.com")],
    ["lookalike-domains", originLine("https://myapp.com.")],
    ["lookalike-domains", originLine("https://xmyapp.comx.evil.com")],
    ["scheme-swaps", originLine("http://myapp.com")],
    ["scheme-swaps", originLine("//myapp.com")],
    ["scheme-swaps", originLine("https:\\\\myapp.com")],
    ["ports", originLine("https://myapp.com:443")],
    ["ports", originLine("http://localhost:3001")],
    ["ports", originLine("http://localhost:03000")],
    ["case-variants", originLine("HTTPS://MYAPP.COM")],
    ["missing-and-empty", ABSENT],
    ["missing-and-empty", originLine("")],
    ["null-origin", originLine("null")],
    ["null-origin", originLine("NULL")],
    ["localhost-ip-forms", originLine("http://127.0.0.1:3000")],
    ["localhost-ip-forms", originLine("http://[::1]:3000")],
    ["localhost-ip-forms", originLine("http://2130706433:3000")],
    ["comma-and-space-lists", originLine("https://myapp.com, https://evil.com")],
    ["comma-and-space-lists", originLine("https://evil.com https://myapp.com")],
    ["duplicate-origin-lines", originLines("https://myapp.com", "https://evil.com")],
    ["duplicate-origin-lines", originLines("https://evil.com", "https://myapp.com")],
    ["path-suffixes", originLine("https://myapp.com/")],
    ["userinfo", originLine("https://myapp.com@evil.com")],
    ["userinfo", originLine("https://evil.com@myapp.com")],
    ["userinfo", originLine("https://user:pass@myapp.com")],
    ["whitespace", originLine(" https://myapp.com\t")],
    ["whitespace", originLine("https://my app.com")],
    ["whitespace", originLine("https://myapp.com\t.evil.com")],
    ["special-characters", originLine("https://myapp.com_.evil.com")],
    ["special-characters", originLine("https://myapp.com%60.evil.com")],
    ["special-characters", originLine("https://myapp.com!.evil.com")],
    ["special-characters", originLine("https://myapp.com`.evil.com")],
    ["homographs", originLine("https://xn--myapp-.com")],
    ["non-ascii-and-control-bytes", originLine("https://myapp.com\u0000")],
    ["non-ascii-and-control-bytes", originLine("https://myapp.com\u00aa")],
  ];

  test.each(required.map(([category, header]) => [category, JSON.stringify(header.lines), header] as const))(
    "docs policy: %s contains %s",
    (category, _, header) => {
      expect(corpusOf(category, DOCS_POLICY)).toContainEqual(header);
    },
  );

  test("wildcard entries are attacked around their domain and accepted with any labels", () => {
    expect(corpusOf("exact-allowed", WILDCARD_POLICY)).toEqual([originLine("https://a.example.com"), originLine("https://a.b.example.com")]);
    const lookalikes = corpusOf("lookalike-domains", WILDCARD_POLICY);
    for (const value of ["https://example.com", "https://a.example.com.evil.com", "https://evilexample.com"]) {
      expect(lookalikes).toContainEqual(originLine(value));
    }
    // Under a wildcard, `evil.example.com` is allowed, so it is no undeclared subdomain.
    expect(lookalikes.some((h) => /^https:\/\/evil\.(a\.)?example\.com$/.test(h.lines[0] ?? ""))).toBe(false);
    const allowedSamples = samples(categoryById("exact-allowed")!, WILDCARD_POLICY).map((h) => h.lines[0]);
    for (const value of allowedSamples) expect(value).toMatch(/^https:\/\/([a-z][a-z0-9]*\.)+example\.com$/);
  });

  test("a null policy gets null accepted and its case variants attacked", () => {
    expect(corpusOf("exact-allowed", NULL_POLICY)).toContainEqual(originLine("null"));
    const caseVariants = corpusOf("case-variants", NULL_POLICY);
    for (const value of ["Null", "NULL"]) expect(caseVariants).toContainEqual(originLine(value));
    expect(corpusOf("case-variants", DOCS_POLICY).some((h) => h.lines[0]?.toLowerCase() === "null")).toBe(false);
  });

  test("localhost forms exist for a policy without localhost, on port 3000", () => {
    expect(corpusOf("localhost-ip-forms", WILDCARD_POLICY)).toContainEqual(originLine("http://127.0.0.1:3000"));
    expect(corpusOf("localhost-ip-forms", { allow: ["https://myapp.com:8443"] })).toContainEqual(originLine("http://127.0.0.1:8443"));
  });

  test("very long values reach 8k, 64k and 100k characters", () => {
    const lengths = new Set(corpusOf("very-long-values", DOCS_POLICY).map((h) => h.lines[0]!.length));
    for (const length of [8 * 1024, 64 * 1024, 100_000]) expect(lengths).toContain(length);
  });

  test("policies without host entries still generate every category", () => {
    for (const input of [{ allow: ["null"] }, { allow: [] }, { allow: ["not an origin"] }]) {
      for (const category of CATEGORIES) {
        expect(fc.sample(category.arbitrary(input), { numRuns: 20, seed: 1 }), `${category.id} ${JSON.stringify(input.allow)}`).toHaveLength(20);
      }
    }
  });
});

describe("arbitraries draw from every allow entry", () => {
  // Categories whose values keep the allowed host readable (case aside).
  const hostKeeping = [
    "exact-allowed",
    "case-variants",
    "path-suffixes",
    "lookalike-domains",
    "scheme-swaps",
    "ports",
    "userinfo",
    "comma-and-space-lists",
    "duplicate-origin-lines",
    "special-characters",
    "very-long-values",
  ];

  test.each(hostKeeping)("%s", (id) => {
    const values = fc.sample(categoryById(id)!.arbitrary(DOCS_POLICY), { numRuns: 500, seed: 7 }).flatMap((h) => h.lines.map((l) => l.toLowerCase()));
    for (const host of ["localhost", "//myapp.com", "www.myapp.com"]) {
      expect(values.some((value) => value.includes(host)), host).toBe(true);
    }
  });

  test("attacks bring in attacker domains beyond evil.com", () => {
    const values = fc.sample(categoryById("lookalike-domains")!.arbitrary(DOCS_POLICY), { numRuns: 500, seed: 7 }).map((h) => h.lines[0]!);
    expect(values.some((value) => value.includes("evil.com"))).toBe(true);
    expect(values.some((value) => !/evil|attacker/.test(value) && /myapp\.com\.[a-z0-9-]+\./.test(value))).toBe(true);
  });
});

describe("shrinking", () => {
  test("a failing look-alike shrinks to a short value", () => {
    const result = fc.check(
      fc.property(categoryById("lookalike-domains")!.arbitrary(DOCS_POLICY), (header) => !header.lines[0]!.includes(".evil.com")),
      { seed: 42 },
    );
    expect(result.failed).toBe(true);
    const [header] = result.counterexample!;
    expect(header.lines[0]!.length).toBeLessThanOrEqual(40);
  });

  test("a failing long value shrinks to the threshold", () => {
    const result = fc.check(
      fc.property(categoryById("very-long-values")!.arbitrary(DOCS_POLICY), (header) => header.lines[0]!.length < 50_000),
      { seed: 42 },
    );
    expect(result.failed).toBe(true);
    const [header] = result.counterexample!;
    expect(header.lines[0]!.length).toBeGreaterThanOrEqual(50_000);
    expect(header.lines[0]!.length).toBeLessThanOrEqual(50_001);
  });
});

describe("line breaks", () => {
  const input = { allow: ["http://localhost:3000", "https://myapp.com", "https://www.myapp.com"] };
  test("CR or LF only ever comes followed by text that is not a header line (else it would reframe the request)", () => {
    for (const category of CATEGORIES) {
      for (const header of fc.sample(category.arbitrary(input), { numRuns: 300, seed: 7 })) {
        for (const line of header.lines) if (/[\r\n]/.test(line)) expect(line, category.id).toMatch(/^[^\r\n]*[\r\n]x$/);
      }
    }
  });
  test("corpus cases with CR or LF are the line-break cases of the control-byte category", () => {
    for (const { category, case: named } of deterministicCorpus(input)) {
      for (const line of named.header.lines) {
        if (!/[\r\n]/.test(line)) continue;
        expect(category).toBe("non-ascii-and-control-bytes");
        expect(line).toMatch(/^[^\r\n]*[\r\n]x$/);
      }
    }
  });
});
