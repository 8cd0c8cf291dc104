import { t } from './i18n.js';

/**
 * Expected failures. A UserError is the user's to fix (bad flag, bad name, non-empty target):
 * the CLI prints its message alone and exits 2. A CancelledError means the user stopped
 * (Ctrl-C / Esc): exit 1, nothing written. Anything else is a bug: a one-line message, exit 1
 * (the stack trace only with DEBUG set).
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly exitCode = 2;
  /**
   * @param detail shown verbatim under the one-line message, for what only reads as a block
   *   (a parser's code frame pointing at the spot); the message itself stays one line.
   */
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/**
 * A change to an existing folder (`upgrade`, `create --overwrite`) failed. exitCode 1: it was
 * undone, the folder is as it was. exitCode 4: it could not be undone either; its journal and
 * every backup are kept, and the message says where and how to finish or undo it.
 */
export class TransactionError extends Error {
  override readonly name = 'TransactionError';
  constructor(
    message: string,
    readonly exitCode: 1 | 4,
  ) {
    super(message);
  }
}

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  readonly exitCode = 1;
  constructor(message?: string) {
    super(message ?? t('cancelled'));
  }
}

/**
 * A UserError or CancelledError, recognized by name rather than by class: the published package
 * bundles the lazily loaded subcommands into files of their own, each with its own copy of these
 * classes, so `instanceof` would miss the errors they throw.
 */
export function expectedError(error: unknown): (UserError | CancelledError | TransactionError) | undefined {
  if (!(error instanceof Error)) return undefined;
  if (!['UserError', 'CancelledError', 'TransactionError'].includes(error.name)) return undefined;
  return typeof (error as Partial<UserError>).exitCode === 'number' ? (error as UserError) : undefined;
}

export const EXIT = { ok: 0, failure: 1, usage: 2, incomplete: 4 } as const;
