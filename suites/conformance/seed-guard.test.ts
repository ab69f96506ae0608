/**
 * The Rivet docs' guard, as written there, under the docs' policy: it must pass
 * every category and property over every transport it serves.
 */
import { setup } from "rivetkit";
import { describeOriginConformance } from "../../harness/vitest/describe-origin-conformance.js";
import { DOCS_POLICY } from "../../reference-actors/policies.js";
import { rawRoutes } from "../../reference-actors/correct/raw-routes.js";
import { seedAllowlist } from "../../reference-actors/correct/seed-allowlist.js";

describeOriginConformance({ registry: setup({ use: { seedAllowlist } }), policy: DOCS_POLICY, seed: 20261129 });

describeOriginConformance({ registry: setup({ use: { rawRoutes } }), policy: DOCS_POLICY, runs: 100, seed: 20261129 });
