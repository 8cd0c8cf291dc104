/**
 * Expected failures. A UserError is the user's to fix (bad flag, bad name, non-empty target):
 * the CLI prints its message alone and exits 2. A CancelledError means the user stopped
 * (Ctrl-C / Esc): exit 1, nothing written. Anything else is a bug: a one-line message, exit 1
 * (the stack trace only with DEBUG set).
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly exitCode = 2;
}

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  readonly exitCode = 1;
  constructor(message = 'Cancelled: nothing was written.') {
    super(message);
  }
}

/**
 * A UserError or CancelledError, recognized by name rather than by class: the published package
 * bundles the lazily loaded subcommands into files of their own, each with its own copy of these
 * classes, so `instanceof` would miss the errors they throw.
 */
export function expectedError(error: unknown): (UserError | CancelledError) | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name !== 'UserError' && error.name !== 'CancelledError') return undefined;
  return typeof (error as Partial<UserError>).exitCode === 'number' ? (error as UserError | CancelledError) : undefined;
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
