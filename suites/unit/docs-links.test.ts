/** Every relative link (and #anchor) in README.md and docs/*.md resolves; the README stays a guide of at most 150 lines. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { anchorsOf, brokenLinks, documentationFiles, linksIn } from "./markdown-links.js";

const ROOT = new URL("../../", import.meta.url).pathname;

describe("the link checker", () => {
  const scratch = mkdtempSync(join(tmpdir(), "origin-conformance-links-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  mkdirSync(join(scratch, "docs"));
  writeFileSync(join(scratch, "docs", "target.md"), "# Target page\n\n## The verdict rule\n\n## Beside `rivetkit/test`\n\n## Twice\n\n## Twice\n");
  const page = (body: string) => {
    writeFileSync(join(scratch, "README.md"), body);
    return brokenLinks(documentationFiles(scratch), scratch).map((link) => `${link.target}: ${link.problem}`);
  };

  test("finds a planted link to a missing file, and one to a missing heading", () => {
    expect(page("[gone](docs/missing.md) and [wrong](docs/target.md#no-such-heading)\n")).toEqual([
      "docs/missing.md: docs/missing.md does not exist",
      "docs/target.md#no-such-heading: docs/target.md has no heading #no-such-heading",
    ]);
  });

  test("accepts links that resolve: files, GitHub's slugs (code and duplicates), in-page anchors, reference definitions", () => {
    expect(
      page("# Top\n\n[a](docs/target.md) [b](docs/target.md#the-verdict-rule) [c](docs/target.md#beside-rivetkittest) [d](docs/target.md#twice-1) [e](#top)\n\n[ref]: docs/target.md\n"),
    ).toEqual([]);
  });

  test("ignores external links and links inside code", () => {
    expect(linksIn("x.md", "[web](https://example.com) [mail](mailto:a@b.c) `[no](nowhere.md)`\n```\n[no](nowhere.md)\n```\n")).toEqual([]);
  });

  test("a broken reference definition is found too", () => {
    expect(page("[ref]: docs/absent.md\n")).toEqual(["docs/absent.md: docs/absent.md does not exist"]);
  });

  test("anchors are GitHub's", () => {
    expect([...anchorsOf("# A b\n## A b\n### `x/y` z\n```\n# not a heading\n```\n")]).toEqual(["a-b", "a-b-1", "xy-z"]);
  });
});

describe("README.md and docs/", () => {
  test("every relative link and anchor resolves", () => {
    const files = documentationFiles(ROOT);
    expect(files.length).toBeGreaterThan(5);
    // The checker reads the real pages' links (the README alone links a dozen pages).
    expect(files.flatMap((file) => linksIn(file, readFileSync(file, "utf8"))).length).toBeGreaterThan(20);
    expect(brokenLinks(files, ROOT)).toEqual([]);
  });

  test("the README is at most 150 lines", () => {
    expect(readFileSync(join(ROOT, "README.md"), "utf8").trimEnd().split("\n").length).toBeLessThanOrEqual(150);
  });
});
