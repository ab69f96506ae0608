/**
 * The correct reference actors in one registry, keyed by id: what the reference
 * run (`origin-conformance` with no module) checks. It ships with the package;
 * the known-bad bank and the support actors stay in the repository
 * (reference-actors/registry.ts holds the correct ones and the bank together).
 */
import { setup } from "rivetkit";
import { CORRECT_ACTORS } from "./correct/index.js";

export const registry = setup({
  use: Object.fromEntries(CORRECT_ACTORS.map((reference) => [reference.id, reference.definition])),
});
