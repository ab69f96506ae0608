/** The CLI's exit codes. */
export const EXIT = {
  conformant: 0,
  notConformant: 1,
  usage: 2,
  infrastructure: 3,
} as const;

/** Bad input from the user: one clear message, exit 2, no stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
