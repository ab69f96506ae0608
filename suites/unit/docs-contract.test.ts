/**
 * docs/INTERPRETING.md, the runner contract, keeps up with the code: a section
 * per transport that names what every outcome kind means there, and every grade.
 * The lists come from the code, so a new transport, outcome kind or grade fails here until documented.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { GRADES } from "../../harness/grading/grade.js";
import { OUTCOME_KINDS } from "../../harness/probes/outcome.js";
import { TRANSPORT_IDS } from "../../harness/transports/index.js";

const CONTRACT = readFileSync(new URL("../../docs/INTERPRETING.md", import.meta.url), "utf8");

/** The text under a heading, up to the next heading of the same or a higher level. */
function section(text: string, heading: string): string | undefined {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) return undefined;
  const level = heading.indexOf(" ");
  const end = lines.findIndex((line, index) => index > start && /^#+ /.test(line) && line.indexOf(" ") <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

describe("docs/INTERPRETING.md", () => {
  test("the outcome table names every outcome kind", () => {
    const table = section(CONTRACT, "## Outcome kinds");
    expect(table).toBeDefined();
    for (const kind of OUTCOME_KINDS) expect(table, kind).toMatch(new RegExp(`^\\| \`${kind}\` \\|`, "m"));
  });

  test.each(TRANSPORT_IDS.map((id) => [id]))("%s: a section that says what every outcome kind means on it", (transport) => {
    const text = section(CONTRACT, `### \`${transport}\``);
    expect(text, `no "### \`${transport}\`" section`).toBeDefined();
    for (const kind of OUTCOME_KINDS) expect(text, `${transport} does not name ${kind}`).toContain(`\`${kind}\``);
  });

  test("every grade is explained", () => {
    for (const grade of GRADES) expect(CONTRACT).toContain(`| ${grade.title} |`);
  });

  test("the section finder can fail: a missing heading, and a kind named in another section only", () => {
    expect(section(CONTRACT, "### `no-such-transport`")).toBeUndefined();
    const excerpt = "### `a`\n\n- `accepted`: yes\n\n### `b`\n\n- `rejected`: no\n";
    expect(section(excerpt, "### `a`")).not.toContain("`rejected`");
  });
});
