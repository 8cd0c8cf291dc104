import { describe, expect, it } from 'vitest';
import { CancelledError, expectedError, TransactionError, UserError } from '../generators/core/errors.js';

describe('expectedError', () => {
  it('recognizes a UserError or CancelledError from another copy of the classes (a lazily loaded file)', () => {
    class UserErrorCopy extends Error {
      override readonly name = 'UserError';
      readonly exitCode = 2;
    }
    expect(expectedError(new UserErrorCopy('bad flag'))?.exitCode).toBe(2);
    expect(expectedError(new UserError('bad flag'))?.exitCode).toBe(2);
    expect(expectedError(new CancelledError())?.exitCode).toBe(1);
    // a change undone (1) or kept with its backups for a later --rollback (4)
    expect(expectedError(new TransactionError('put back', 1))?.exitCode).toBe(1);
    expect(expectedError(new TransactionError('kept', 4))?.exitCode).toBe(4);
  });

  it('leaves everything else to the unexpected-error path', () => {
    const named = new Error('looks like one');
    named.name = 'UserError';
    expect(expectedError(named)).toBeUndefined();
    expect(expectedError(new TypeError('bug'))).toBeUndefined();
    expect(expectedError({ name: 'UserError', exitCode: 2, message: 'not an Error' })).toBeUndefined();
    expect(expectedError(undefined)).toBeUndefined();
  });
});
