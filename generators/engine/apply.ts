import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';

/** One change to an existing project: write `content` at `path`, or remove it. */
export type FileChange =
  | { path: string; kind: 'write'; content: Buffer; mode: number }
  | { path: string; kind: 'remove' };

/** Missing parent folders of dir, deepest first, after creating them (for rollback). */
export function ensureDir(dir: string): string[] {
  const created: string[] = [];
  let current = dir;
  while (!existsSync(current)) {
    created.push(current);
    current = path.dirname(current);
  }
  mkdirSync(dir, { recursive: true });
  return created;
}

/** Remove folders left empty by removals, up to (not including) the project root. */
function pruneEmptyParents(file: string, root: string): void {
  let dir = path.dirname(file);
  while (dir !== root && dir.startsWith(root + path.sep)) {
    try {
      if (readdirSync(dir).length > 0) return;
      rmdirSync(dir);
    } catch {
      return;
    }
    dir = path.dirname(dir);
  }
}

/**
 * Change an existing folder as one transaction (`--overwrite` and `upgrade` both use it): every
 * new content is staged first (inside the folder, so renames stay on one file system), then each
 * touched file is moved aside to a backup and the staged one moved in. On any failure every file
 * is put back as it was and every folder we created is removed: all of it happens, or none.
 */
export function applyChanges(target: string, changes: FileChange[]): void {
  if (changes.length === 0) return;
  const staging = mkdtempSync(path.join(target, '.livrable-upgrade-'));
  const staged = path.join(staging, 'new');
  const backup = path.join(staging, 'backup');
  const done: { dest: string; backedUp: boolean; wrote: boolean }[] = [];
  const createdDirs: string[] = [];
  try {
    for (const change of changes) {
      if (change.kind !== 'write') continue;
      const file = path.join(staged, change.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, change.content);
      chmodSync(file, change.mode);
    }
    try {
      for (const change of changes) {
        const dest = path.join(target, change.path);
        if (change.kind === 'write') createdDirs.push(...ensureDir(path.dirname(dest)));
        let backedUp = false;
        const stat = lstatSync(dest, { throwIfNoEntry: false });
        if (stat) {
          if (stat.isDirectory()) {
            throw new UserError(`Cannot write ${change.path}: a directory of that name is in the way.`);
          }
          const saved = path.join(backup, change.path);
          mkdirSync(path.dirname(saved), { recursive: true });
          renameSync(dest, saved);
          backedUp = true;
        }
        const entry = { dest, backedUp, wrote: false };
        done.push(entry);
        if (change.kind === 'write') {
          renameSync(path.join(staged, change.path), dest);
          entry.wrote = true;
        }
      }
    } catch (error) {
      for (const { dest, backedUp, wrote } of done.reverse()) {
        if (wrote) rmSync(dest, { force: true });
        if (backedUp) renameSync(path.join(backup, path.relative(target, dest)), dest);
      }
      for (const dir of createdDirs.sort((a, b) => b.length - a.length)) {
        try {
          rmdirSync(dir);
        } catch {
          // not empty: something else lives there now; leave it
        }
      }
      throw error;
    }
    for (const change of changes) {
      if (change.kind === 'remove') pruneEmptyParents(path.join(target, change.path), target);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
