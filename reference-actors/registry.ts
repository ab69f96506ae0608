/**
 * Every correct reference actor and every known-bad guard in one registry,
 * keyed by id, so the CLI can check (and replay) any of them:
 *   pnpm conformance check reference-actors/registry.ts --actor prefix-match --allow ...
 */
import { setup } from "rivetkit";
import { CORRECT_ACTORS } from "./correct/index.js";
import { KNOWN_BAD_GUARDS } from "./known-bad/index.js";

export const registry = setup({
  use: Object.fromEntries([...CORRECT_ACTORS, ...KNOWN_BAD_GUARDS].map((reference) => [reference.id, reference.definition])),
});
