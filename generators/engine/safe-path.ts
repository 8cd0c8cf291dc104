import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import type { MessageKey } from '../core/messages/en.js';

/**
 * Paths that `upgrade` and `create --overwrite` read, write or remove come from templates, from
 * `.livrable.json` (which anyone can edit) and from a transaction journal: each is checked here
 * before it is used, so that none of them can reach outside the project or into `.git`.
 */

/**
 * Why a relative project path is unsafe (a sentence in the current language), or undefined when
 * it is a plain path inside the tree.
 */
export function unsafePathReason(p: string): string | undefined {
  if (typeof p !== 'string' || p === '') return t('pathReasonEmpty');
  if (p.includes('\0')) return t('pathReasonNul');
  if (p.includes('\\')) return t('pathReasonBackslash');
  if (path.posix.isAbsolute(p) || /^[A-Za-z]:/.test(p)) return t('pathReasonAbsolute');
  const segments = p.split('/');
  if (segments.some((s) => s === '..')) return t('pathReasonUp');
  if (segments.some((s) => s === '' || s === '.')) return t('pathReasonNotNormal');
  // Case-insensitive: on macOS and Windows ".GIT" is the same folder.
  if (segments.some((s) => s.toLowerCase() === '.git')) return t('pathReasonGit');
  // Our own staging folders (engine/journal.ts) hold backups: nothing from a record goes there.
  if (segments[0]?.startsWith('.livrable-upgrade-')) return t('pathReasonStaging');
  return undefined;
}

/**
 * What was being done to a path when it was refused: a change to one file, or a command (whose
 * name is the same in every language).
 */
export type PathAction = 'write' | 'remove' | 'restore' | 'readSample' | 'upgrade' | 'add';

const ACTION_WORDS: Readonly<Record<PathAction, MessageKey>> = {
  write: 'pathActionWrite',
  remove: 'pathActionRemove',
  restore: 'pathActionRestore',
  readSample: 'pathActionReadSample',
  upgrade: 'pathActionUpgrade',
  add: 'pathActionAdd',
};

/** The action as the path messages name it, in the current language. */
export function actionWord(action: PathAction): string {
  return t(ACTION_WORDS[action]);
}

/** Printable in a one-line message: control characters (NUL, newlines) escaped. */
export function printable(p: string): string {
  return JSON.stringify(p).slice(1, -1);
}

export type PathEntry =
  | { kind: 'missing' }
  | { kind: 'file'; stat: Stats }
  | { kind: 'directory' };

/**
 * What is at `rel` inside root, found by lstat on each component from the root down, so that no
 * symbolic link is ever followed: a link anywhere on the way (a linked `deploy/`, source folder
 * or `pyproject.toml`) is refused with a UserError, as is a file where a folder is needed and
 * anything that is neither a regular file nor a folder (a FIFO would hang a read).
 */
export function inspectPath(root: string, rel: string, act: PathAction): PathEntry {
  const action = actionWord(act);
  const reason = unsafePathReason(rel);
  if (reason) throw new UserError(t('pathUnsafe', { action, path: printable(rel), reason }));
  const segments = rel.split('/');
  let current = root;
  for (let i = 0; i < segments.length; i += 1) {
    current = path.join(current, segments[i] as string);
    const shown = segments.slice(0, i + 1).join('/');
    const stat = lstatSync(current, { throwIfNoEntry: false });
    if (!stat) return { kind: 'missing' };
    if (stat.isSymbolicLink()) {
      throw new UserError(
        t(i === segments.length - 1 ? 'pathLinkFile' : 'pathLinkFolder', { action, path: rel, shown }),
      );
    }
    const last = i === segments.length - 1;
    if (!last && !stat.isDirectory()) {
      throw new UserError(t('pathFileForFolder', { action, path: rel, shown }));
    }
    if (last) {
      if (stat.isDirectory()) return { kind: 'directory' };
      if (!stat.isFile()) throw new UserError(t('pathNotRegular', { action, path: rel }));
      return { kind: 'file', stat };
    }
  }
  return { kind: 'missing' };
}
