import {
  chmodSync,
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
import { ensureDir } from './ensure-dir.js';
import { t } from '../core/i18n.js';
import type { PlannedFile } from './plan.js';
import { isAlive } from './staging-names.js';
import { targetState } from './target-state.js';

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


/** A name's first bytes, cut on a character boundary. */
function truncateBytes(name: string, max: number): string {
  let out = '';
  for (const char of name) {
    if (Buffer.byteLength(out + char) > max) break;
    out += char;
  }
  return out;
}

const NAME_MAX = 255;
/** ".livrable-" + a pid (up to 10 digits) + "-" + mkdtemp's 6 characters, after "." + name. */
const SIBLING_OVERHEAD = 1 + '.livrable-'.length + 10 + 1 + 6;

/** Prefix of the temporary sibling of target: short enough that the whole name fits in 255 bytes. */
function siblingPrefix(base: string): string {
  return `.${truncateBytes(base, NAME_MAX - SIBLING_OVERHEAD)}.livrable-`;
}

/** Temporary siblings a killed create into this same target left behind (their process is dead). */
function removeDeadSiblings(parent: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)-[^/]{6}$/.exec(name.slice(prefix.length))?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

/**
 * The only code that writes a new project. A new target is staged in a sibling temporary folder
 * and appears by one rename; an existing one (empty, .git only, or --overwrite) is changed as a
 * journaled transaction (engine/apply.ts). On any failure nothing of ours is left behind and
 * nothing of the user's is lost. Returns notes for the user (an interrupted create undone).
 */
export async function writePlan(files: PlannedFile[], target: string, options: WriteOptions): Promise<string[]> {
  const base = path.basename(target);
  if (Buffer.byteLength(base) > NAME_MAX) {
    throw new UserError(t('directoryNameTooLong', { bytes: Buffer.byteLength(base), max: NAME_MAX }));
  }
  try {
    return await writeInto(files, target, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENAMETOOLONG') {
      throw new UserError(t('pathTooLong', { target }));
    }
    throw error;
  }
}

async function writeInto(files: PlannedFile[], target: string, options: WriteOptions): Promise<string[]> {
  const base = path.basename(target);
  if (targetState(target) !== 'missing') {
    // An existing folder is the rare case: its journaled transaction (engine/apply.ts) is loaded
    // only then, which keeps the entry that every create loads small.
    const { writeIntoExisting } = await import('./write-existing.js');
    return writeIntoExisting(files, target, options.overwrite);
  }
  const parent = path.dirname(target);
  const createdParents = ensureDir(parent);
  const prefix = siblingPrefix(base);
  removeDeadSiblings(parent, prefix);
  let staging: string | undefined;
  try {
    staging = mkdtempSync(path.join(parent, `${prefix}${process.pid}-`));
    stage(files, staging);
    // mkdtemp makes the folder 0700; the project gets the mode a plain mkdir would give it.
    chmodSync(staging, 0o777 & ~process.umask());
    renameSync(staging, target);
  } catch (error) {
    if (staging) rmSync(staging, { recursive: true, force: true });
    // Deepest first, and only if empty: a racing create may have put its project in one of them.
    for (const dir of createdParents) {
      try {
        rmdirSync(dir);
      } catch {
        // not empty, or gone
      }
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      throw new UserError(t('createdMeanwhile', { target }));
    }
    throw error;
  }
  return [];
}
