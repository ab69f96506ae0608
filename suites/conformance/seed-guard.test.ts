/**
 * The Rivet docs' guard, as written there, under the docs' policy: it must pass
 * every category and property over every transport it serves. This is the
 * end-to-end test of describeOriginConformance; the references' own proof, with
 * more random and history cases, is suites/meta/correct-references.test.ts, so
 * these runs are kept small.
 */
import { setup } from "rivetkit";
import { describeOriginConformance } from "../../harness/vitest/describe-origin-conformance.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";
import { rawRoutes } from "../../reference-actors/correct/raw-routes.js";
import { seedAllowlist } from "../../reference-actors/correct/seed-allowlist.js";

const SMALL_RUN = { seed: 20261129, runs: 20, historySequences: 3, screen: 500 } as const;

describeOriginConformance({ registry: setup({ use: { seedAllowlist } }), policy: DOCS_POLICY, ...SMALL_RUN });

describeOriginConformance({ registry: setup({ use: { rawRoutes } }), policy: DOCS_POLICY, ...SMALL_RUN });
