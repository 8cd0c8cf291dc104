import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { PlannedFile } from './plan.js';

/** Entries that never make a target "non-empty": a fresh `git init` is a fine place to generate. */
const IGNORED_IN_TARGET = new Set(['.git']);

export function targetState(target: string): 'missing' | 'empty' | 'non-empty' {
  if (!existsSync(target)) return 'missing';
  if (!statSync(target).isDirectory()) {
    throw new UserError(`The target ${target} exists and is not a directory.`);
  }
  return readdirSync(target).some((entry) => !IGNORED_IN_TARGET.has(entry)) ? 'non-empty' : 'empty';
}

function stage(files: PlannedFile[], staging: string): void {
  for (const file of files) {
    const dest = path.join(staging, file.path);
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, file.content);
    if (file.executable) chmodSync(dest, 0o755);
  }
}

/** Create missing parent folders; returns those it created, deepest first, for rollback. */
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

/**
 * Move staged files into an existing target one by one. Files the plan replaces are first moved
 * aside, so a failure half-way puts every original back and removes everything we added.
 */
function mergeInto(files: PlannedFile[], staging: string, target: string): void {
  const backup = path.join(staging, '.livrable-backup');
  const moved: { dest: string; backedUp: boolean }[] = [];
  const createdDirs: string[] = [];
  try {
    for (const file of files) {
      const dest = path.join(target, file.path);
      createdDirs.push(...ensureDir(path.dirname(dest)));
      const backedUp = existsSync(dest);
      if (backedUp) {
        if (statSync(dest).isDirectory()) {
          throw new UserError(`Cannot overwrite ${file.path}: it is a directory in the target.`);
        }
        const saved = path.join(backup, file.path);
        mkdirSync(path.dirname(saved), { recursive: true });
        renameSync(dest, saved);
      }
      moved.push({ dest, backedUp });
      renameSync(path.join(staging, file.path), dest);
    }
  } catch (error) {
    for (const { dest, backedUp } of moved.reverse()) {
      rmSync(dest, { force: true });
      if (backedUp) renameSync(path.join(backup, path.relative(target, dest)), dest);
    }
    // Deepest first (a child's path is longer than its parent's): a folder created for an
    // early file may hold folders created for later ones.
    for (const dir of createdDirs.sort((a, b) => b.length - a.length)) {
      try {
        rmdirSync(dir);
      } catch {
        // not empty: something else lives there now; leave it
      }
    }
    throw error;
  }
}

export interface WriteOptions {
  overwrite: boolean;
}

/**
 * The only code that writes a new project. Everything is staged in a sibling temporary folder
 * first; the project then appears by one rename (new target) or by moving files in (existing
 * target). On any failure nothing of ours is left behind and nothing of the user's is lost.
 */
export function writePlan(files: PlannedFile[], target: string, options: WriteOptions): void {
  const state = targetState(target);
  if (state === 'non-empty' && !options.overwrite) {
    throw new UserError(
      `The directory ${target} is not empty. Choose another directory, or pass --overwrite to write into it (files of the same name are replaced; others are kept).`,
    );
  }
  const parent = path.dirname(target);
  const createdParents = ensureDir(parent);
  let staging: string | undefined;
  try {
    staging = mkdtempSync(path.join(parent, `.${path.basename(target)}.livrable-`));
    stage(files, staging);
    if (state === 'missing') {
      // mkdtemp makes the folder 0700; the project gets the mode a plain mkdir would give it.
      chmodSync(staging, 0o777 & ~process.umask());
      renameSync(staging, target);
    } else mergeInto(files, staging, target);
  } catch (error) {
    for (const dir of createdParents) rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}
