/** The CLI's exit codes. */
export const EXIT = {
  conformant: 0,
  notConformant: 1,
  usage: 2,
  infrastructure: 3,
} as const;

/** The exit code of a run cut off by a signal: 128 + the signal's number, as shells report it. */
export const INTERRUPTED: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** Bad input from the user: one clear message, exit 2, no stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
