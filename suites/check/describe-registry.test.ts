/**
 * describeRegistryConformance on a registry whose every actor is conformant:
 * a correct guard, and an open actor declared public (the check confirms it
 * accepts any origin). Each actor gets its own describe and its own verdict test;
 * helper-gate.test.ts shows the same helper failing on an unguarded actor.
 */
import { setup } from "rivetkit";
import { describeRegistryConformance } from "../../harness/vitest/index.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";
import { chatRoom, presence } from "./fixtures/app-actors.js";

describeRegistryConformance({
  registry: setup({ use: { chatRoom, presence } }),
  policy: DOCS_POLICY,
  actors: { presence: { public: true } },
  seed: 20261130,
  runs: 20,
  transports: ["http-action", "websocket-connect"],
});
