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
function ensureDir(dir: string): string[] {
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
 * Apply an upgrade as one transaction, the same way engine/write.ts writes into an existing
 * target: every new content is staged first (inside the project, so renames stay on one file
 * system), then each touched file is moved aside to a backup and the staged one moved in. On any
 * failure every file is put back as it was and every folder we created is removed, so an upgrade
 * either happens whole or not at all.
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
            throw new UserError(`Cannot upgrade ${change.path}: it is a directory in the project.`);
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
