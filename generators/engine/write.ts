import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { applyChanges, ensureDir } from './apply.js';
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
  // Creating files is most of a run's system time: one mkdir per folder, no chmod after the fact.
  const made = new Set<string>([staging]);
  for (const file of files) {
    // Plain concatenation: planned paths are already normalized, relative and posix (which every
    // platform's fs accepts), and path.join's normalizer turns hot enough over 70 files that V8
    // optimizes it, at a cost of megabytes of resident memory.
    const dest = `${staging}/${file.path}`;
    const dir = path.dirname(dest);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    // The mode of a new file, less the umask, as for any file a program creates.
    writeFileSync(dest, file.content, { mode: file.executable ? 0o777 : 0o666 });
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
  if (state !== 'missing') {
    // An existing folder (empty, .git only, or --overwrite): moved into file by file, rollback-safe.
    const umask = process.umask();
    applyChanges(
      target,
      files.map((f) => ({
        path: f.path,
        kind: 'write' as const,
        content: f.content,
        mode: (f.executable ? 0o777 : 0o666) & ~umask,
      })),
    );
    return;
  }
  const parent = path.dirname(target);
  const createdParents = ensureDir(parent);
  let staging: string | undefined;
  try {
    staging = mkdtempSync(path.join(parent, `.${path.basename(target)}.livrable-`));
    stage(files, staging);
    // mkdtemp makes the folder 0700; the project gets the mode a plain mkdir would give it.
    chmodSync(staging, 0o777 & ~process.umask());
    renameSync(staging, target);
  } catch (error) {
    if (staging) rmSync(staging, { recursive: true, force: true });
    for (const dir of createdParents) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
