/**
 * Expected failures. A UserError is the user's to fix (bad flag, bad name, non-empty target):
 * the CLI prints its message alone and exits 2. A CancelledError means the user stopped
 * (Ctrl-C / Esc): exit 1, nothing written. Anything else is a bug: stack trace, exit 1.
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

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
