import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import { applyChanges, recoveryAdvice, rollbackTransaction } from './apply.js';
import { findLeftovers } from './journal.js';
import type { PlannedFile } from './plan.js';
import { targetState } from './target-state.js';

/**
 * Staging folders of changes into target that a crash or kill left behind, settled before a
 * create writes there: an interrupted create (--overwrite, or into an empty folder) is undone, so
 * the user's files are back as they were; a finished or never-begun one is deleted. An
 * interrupted upgrade, a change still running, or anything we cannot read is refused.
 */
function settleLeftovers(target: string, names: readonly string[]): string[] {
  const notes: string[] = [];
  for (const leftover of findLeftovers(target, names)) {
    switch (leftover.state) {
      case 'running':
        throw new UserError(t('anotherWriter', { pid: leftover.pid, target }));
      case 'journal':
        if (leftover.journal.command !== 'create') {
          throw new UserError(t('interruptedUpgradeFound', { target, advice: recoveryAdvice(target) }));
        }
        rollbackTransaction(target, leftover.dir, leftover.journal);
        notes.push(t('undidCreate', { target }));
        break;
      case 'finished':
        rmSync(leftover.dir, { recursive: true, force: true });
        break;
      case 'unreadable':
      case 'orphan':
        throw new UserError(t(leftover.state === 'orphan' ? 'leftoverOrphan' : 'leftoverUnreadable', { dir: leftover.dir }));
    }
  }
  return notes;
}

/**
 * A create into a folder that exists (empty, .git only, or --overwrite): leftovers of an earlier
 * interrupted create are settled first, then the files land as one journaled transaction.
 * Returns notes for the user.
 */
export function writeIntoExisting(files: PlannedFile[], target: string, overwrite: boolean): string[] {
  const base = path.basename(target);
  const notes = settleLeftovers(target, readdirSync(target));
  const state = targetState(target);
  if (state === 'non-empty' && !overwrite) {
    // One line still: what was undone comes first, then why nothing is written.
    throw new UserError(`${notes.map((n) => `${n} `).join('')}${t('targetNotEmpty', { target })}`);
  }
  // A journaled transaction. Only a non-empty folder holds files of the user's that a power cut
  // must not lose: flushed to disk.
  const umask = process.umask();
  applyChanges(
    target,
    files.map((f) => ({
      path: f.path,
      kind: 'write' as const,
      content: f.content,
      mode: (f.executable ? 0o777 : 0o666) & ~umask,
    })),
    { command: 'create', summary: `${state === 'non-empty' ? '--overwrite ' : ''}into ${base}`, durable: state === 'non-empty', expectEmpty: state !== 'non-empty' },
  );
  return notes;
}
