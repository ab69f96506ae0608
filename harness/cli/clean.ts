import { tmpdir } from "node:os";
import { cleanLeftovers, describeLeftovers, findLeftovers, hasLeftovers } from "../engine/leftovers.js";

/**
 * Before a run that spawns its engine: names what earlier runs left (it is not
 * removed here). Only what carries the marker: an unmarked dir may be another
 * version's run, still going.
 */
export function nameLeftovers(stream: NodeJS.WritableStream): void {
  const leftovers = { ...findLeftovers(), unmarkedDirs: [] };
  if (!hasLeftovers(leftovers)) return;
  const lines = describeLeftovers(leftovers).map((line) => `  ${line}\n`).join("");
  stream.write(`left behind by an earlier run that could not clean up (its machine or its processes died):\n${lines}\`origin-conformance clean\` removes those that carry this tool's marker\n`);
}

/** `origin-conformance clean`: removes the marked leftovers; touches nothing without the marker. */
export async function cleanCommand(stream: NodeJS.WritableStream): Promise<number> {
  const { killed, removed, notRemoved } = await cleanLeftovers();
  for (const proc of killed) stream.write(`stopped ${proc.role} pid ${proc.pid} (data dir ${proc.dataDir})\n`);
  for (const dir of removed) stream.write(`removed ${dir}\n`);
  for (const dir of notRemoved) stream.write(`left alone: ${dir} (no marker of this tool; remove it yourself if it is yours)\n`);
  if (killed.length + removed.length + notRemoved.length === 0) stream.write(`nothing left behind by earlier runs (engine processes of this tool, or origin-conformance-engine-* dirs in ${tmpdir()})\n`);
  return 0;
}
