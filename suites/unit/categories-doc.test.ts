/** docs/categories.md is the catalog rendered: every category (and property) has its anchored section, and the committed file is current. */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { CATEGORIES } from "../../harness/generators/catalog.js";
import { CATEGORIES_DOC, PROPERTIES, renderCategoriesDoc } from "../../harness/reports/categories-doc.js";

test("the committed docs/categories.md equals the catalog rendered (run `pnpm docs:categories` after changing a category)", () => {
  expect(readFileSync(CATEGORIES_DOC, "utf8")).toBe(renderCategoriesDoc());
});

test("every category and property has a section whose heading is its id, so #<id> anchors it", () => {
  const headings = readFileSync(CATEGORIES_DOC, "utf8").split("\n").filter((line) => line.startsWith("## ")).map((line) => line.slice(3));
  expect(headings).toEqual([...CATEGORIES.map((category) => category.id), ...PROPERTIES.map((property) => property.id)]);
  for (const id of headings) expect(id).toMatch(/^[a-z0-9-]+$/);
});
