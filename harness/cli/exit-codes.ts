/** The CLI's exit codes. */
export const EXIT = {
  conformant: 0,
  notConformant: 1,
  usage: 2,
  infrastructure: 3,
} as const;

/** Exit codes after an interrupt: 128 + the signal number, as shells report them. */
export const INTERRUPTED_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** Bad input from the user: one clear message, exit 2, no stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
