import { type Block, cell } from "./block.js";
import type { Report } from "./report.js";

/** The origin categories the run probed, with why each matters (docs/categories.md has them at length). */
export function categoriesBlocks(report: Report): Block[] {
  return [
    {
      level: 2,
      title: "Categories",
      notes: [],
      columns: ["category", "what it sends, and why"],
      rows: report.categories.map((category) => ({ cells: [cell(category.id), cell(`${category.description} ${category.rationale}`)] })),
    },
  ];
}
