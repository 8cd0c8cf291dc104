import { existsSync, readdirSync, statSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import { LOCK_DIR } from './staging-names.js';

/** Entries that never make a target "non-empty": a fresh `git init` is a fine place to generate. */
// The lock folder of a change (see withLock) is ours and empty of content: it is not the user's.
const IGNORED_IN_TARGET = new Set(['.git', LOCK_DIR]);

export function targetState(target: string): 'missing' | 'empty' | 'non-empty' {
  if (!existsSync(target)) return 'missing';
  if (!statSync(target).isDirectory()) {
    throw new UserError(t('targetNotDirectory', { target }));
  }
  return readdirSync(target).some((entry) => !IGNORED_IN_TARGET.has(entry)) ? 'non-empty' : 'empty';
}
