/** A check asked for something the registry or the actor does not offer: bad input (exit 2), never a verdict. */
export class ConformanceUsageError extends Error {
  override readonly name = "ConformanceUsageError";
}
