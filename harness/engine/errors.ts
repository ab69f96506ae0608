/** Why the harness could not get a usable engine. Always an infrastructure failure, never a verdict. */
export type EngineErrorCode =
  | "binary-missing"
  | "ports-taken"
  | "exited-early"
  | "not-ready"
  | "unreachable"
  | "died";

export class EngineError extends Error {
  override readonly name = "EngineError";
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
  }
}
