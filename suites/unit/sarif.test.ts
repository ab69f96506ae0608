/** report.sarif from a hand-made report: valid SARIF 2.1.0 (the schema from a package), one rule per category, one result per failing cell. */
import type { Log } from "sarif";
import { describe, expect, test } from "vitest";
import { CATEGORIES } from "../../harness/generators/catalog.js";
import { originLine } from "../../harness/origin/header.js";
import { renderSarif } from "../../harness/reports/sarif.js";
import { sarifSchemaErrors } from "../reports/sarif-schema.js";
import { failure, GUARD_LOCATION, syntheticFailures, syntheticReport } from "../reports/synthetic-report.js";

const sarif = (seed = 7, failures = syntheticFailures(seed)) => JSON.parse(renderSarif(syntheticReport(seed, failures))) as Log;

describe("report.sarif", () => {
  const log = sarif();
  const run = log.runs[0]!;

  test("validates against the SARIF 2.1.0 schema", () => {
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  test("the schema check can fail: a result without a message is refused", () => {
    const broken = structuredClone(log) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    delete broken.runs[0]!.results[0]!.message;
    expect(sarifSchemaErrors(broken).join("\n")).toContain("message");
  });

  test("one rule per category, each with its title, description and a helpUri to its section of docs/categories.md", () => {
    const rules = run.tool.driver.rules!;
    for (const category of CATEGORIES) {
      const rule = rules.find((candidate) => candidate.id === `origin-conformance/${category.id}`);
      expect(rule?.shortDescription?.text).toBe(category.title);
      expect(rule?.fullDescription?.text).toContain(category.description);
      expect(rule?.helpUri).toMatch(new RegExp(`docs/categories\\.md#${category.id}$`));
    }
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
  });

  test("one result per failing cell (actor × category × transport), error only where a browser can send the origin", () => {
    // userinfo × 3 transports, lookalike × 2, exact-allowed × 1, path-suffixes × 1
    expect(run.results).toHaveLength(7);
    const levels = Object.fromEntries(run.results!.map((result) => [`${result.ruleId} ${result.properties?.transport}`, result.level]));
    expect(levels["origin-conformance/lookalike-domains websocket-connect"]).toBe("error");
    expect(levels["origin-conformance/lookalike-domains http-action"]).toBe("error");
    expect(levels["origin-conformance/userinfo http-action"]).toBe("warning");
    expect(levels["origin-conformance/exact-allowed http-action"]).toBe("warning");
    for (const result of run.results!) expect(run.tool.driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
  });

  test("the message names example origins, the transport, expected and observed, and the replay command", () => {
    const text = run.results!.find((result) => result.ruleId === "origin-conformance/lookalike-domains")!.message.text!;
    expect(text).toContain('"https://myapp.com.evil.net"');
    expect(text).toContain("over websocket-connect");
    expect(text).toContain("expected reject, observed accepted");
    expect(text).toContain("Replay: pnpm conformance check registry.ts");
  });

  test("the location is the guard's file and line, relative, never an http URI", () => {
    for (const result of run.results!) {
      const location = result.locations![0]!.physicalLocation!;
      expect(location.artifactLocation!.uri).toBe(GUARD_LOCATION.file);
      expect(location.region!.startLine).toBe(GUARD_LOCATION.line);
      expect(location.artifactLocation!.uri).not.toMatch(/^[a-z]+:/i);
    }
  });

  test("fingerprints are the same under another seed with other origins, and differ between cells", () => {
    const prints = (target: Log) => new Map(target.runs[0]!.results!.map((result) => [`${result.ruleId} ${result.properties?.transport}`, result.partialFingerprints]));
    const other = sarif(12345, [
      ...syntheticFailures(12345),
      failure("path-suffixes", "http-action", originLine("https://myapp.com/other"), { seed: 12345 }),
    ]);
    expect(prints(other)).toEqual(prints(log));
    const values = [...prints(log).values()].map((print) => Object.values(print!)[0]);
    expect(new Set(values).size).toBe(values.length);
  });
});
