/**
 * Prints the coverage table of docs/peer-coverage.md: for each public list and
 * allowlist, how many payloads it sends and which categories produce them.
 *   pnpm exec tsx suites/peers/coverage-table.ts
 */
import { ALLOWLISTS } from "./expected-decisions.js";
import { instantiateAll, producers } from "./instantiate.js";
import { PEER_LISTS } from "./peer-lists.js";

const lines = ["| list | payloads in the list | allowlist | origins sent | distinct | produced | categories that produce them (distinct origins each) |", "|---|---|---|---|---|---|---|"];
for (const list of PEER_LISTS) {
  for (const allowlist of ALLOWLISTS) {
    const instances = instantiateAll([list], allowlist);
    const distinct = [...new Set(instances.map((instance) => instance.value))];
    const producedBy = producers(allowlist.allow);
    const counts = new Map<string, number>();
    let produced = 0;
    for (const value of distinct) {
      const { corpus, arbitrary } = producedBy(value);
      // Corpus cases where there are any; otherwise the arbitraries that draw the value.
      const all = corpus.length > 0 ? corpus : arbitrary.map((id) => `${id} (arbitrary)`);
      if (all.length > 0) produced += 1;
      for (const id of all) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const categories = [...counts].sort((a, b) => b[1] - a[1]).map(([id, count]) => `${id} ${count}`).join(", ");
    lines.push(`| ${list.id} | ${list.payloads.length} | ${allowlist.allow.join(" ")} | ${instances.length} | ${distinct.length} | ${produced} | ${categories} |`);
  }
}
console.log(lines.join("\n"));
