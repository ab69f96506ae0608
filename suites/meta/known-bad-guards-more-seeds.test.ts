/** The known-bad bank under seeds 2 and 3 (slow tier); seed 1 is in known-bad-guards.test.ts. */
import { describeKnownBadBank } from "./known-bad-bank.js";

describeKnownBadBank([2, 3], "mutation-score-seeds-2-3.json");
