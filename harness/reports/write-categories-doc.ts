/** `pnpm docs:categories`: writes docs/categories.md from the catalog. */
import { writeFileSync } from "node:fs";
import { CATEGORIES_DOC, renderCategoriesDoc } from "./categories-doc.js";

writeFileSync(CATEGORIES_DOC, renderCategoriesDoc());
process.stdout.write(`wrote ${CATEGORIES_DOC}\n`);
