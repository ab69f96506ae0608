/** The correct references at the thorough profile, every corpus case over the wire (slow tier); the default profile is correct-references.test.ts. */
import { describeCorrectReferences } from "./correct-references-suite.js";

describeCorrectReferences("thorough", "false-positives-thorough.json");
