/** The correct references at the default profile (fast tier); the thorough profile is correct-references-thorough.test.ts. */
import { describeCorrectReferences } from "./correct-references-suite.js";

describeCorrectReferences("default", "false-positives.json");
