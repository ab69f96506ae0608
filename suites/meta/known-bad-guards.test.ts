/** The known-bad bank under seed 1 (fast tier); seeds 2 and 3 are in known-bad-guards-more-seeds.test.ts. */
import { describeKnownBadBank } from "./known-bad-bank.js";

describeKnownBadBank([1], "mutation-score.json");
