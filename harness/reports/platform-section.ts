import { type Block, cell } from "./block.js";
import type { Report } from "./report.js";

/** What the calibration established about the stack, as it holds in the user's rivetkit version. */
export function platformBlocks(report: Report): Block[] {
  return [{ level: 2, title: "Platform findings", notes: [], rows: report.platformFindings.map((finding) => ({ cells: [cell(finding)] })) }];
}
