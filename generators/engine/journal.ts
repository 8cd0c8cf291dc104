import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { unsafePathReason } from './safe-path.js';
import { isAlive, LOCK_DIR, STAGING_PREFIX } from './staging-names.js';

/**
 * The journal of a change to an existing folder (`upgrade`, `create --overwrite`, a create into
 * an existing empty folder). It lives in a staging folder inside the target:
 *
 *   .livrable-upgrade-<pid>-XXXXXX/
 *     .gitignore     "*": git never lists the folder, so it neither dirties the tree nor gets committed
 *     new/<path>     the new content of every written file, staged (and flushed) before any change
 *     backup/<path>  each replaced or removed file, moved here just before its new version moves in
 *     journal.json   the steps; written (and flushed) after staging, before the first change
 *     done.json      journal.json renamed once every step is done: the backups may go
 *
 * Which steps are done is not written down after each rename: every step moves one name
 * atomically, so where its files are (staged, backed up, in place; checked against the recorded
 * hash) says how far it went, with no window between a rename and a journal update.
 */

export const JOURNAL_FILE = 'journal.json';
export const DONE_FILE = 'done.json';
export const STAGING_GITIGNORE = '# create-livrable: a change in progress (see journal.json); never commit this folder\n*\n';

export interface JournalStep {
  path: string;
  kind: 'write' | 'remove';
  /** A file was at `path` when the journal was written (it is backed up before being replaced). */
  existed: boolean;
  /** sha256 of the new content (write steps): rollback removes a file only if it holds exactly this. */
  sha256?: string;
  /**
   * sha256 of the file that was there (when `existed`), taken before it was backed up: a rollback
   * puts back only a backup holding exactly this, never content planted in the staging folder.
   */
  before?: string;
}

export interface Journal {
  format: 1;
  /** What was running: decides which command's messages apply and what a later create may undo. */
  command: 'upgrade' | 'create' | 'add';
  /** For people: "phase development → production", "--overwrite into my-project". */
  summary: string;
  /** Files written with conflict markers (upgrade), reported again when a resume finishes. */
  conflicts: string[];
  /** Once a rollback starts, only a rollback may continue (a restored file looks "done" otherwise). */
  direction: 'forward' | 'rollback';
  /** Folders the change creates (shallowest first), removed again by a rollback when empty. */
  createdDirs: string[];
  steps: JournalStep[];
}

/** The staging folder name: the pid tells a running change from one a crash left behind. */
export function stagingPid(name: string): number | undefined {
  const match = /^\.livrable-upgrade-(\d+)-[^/]*$/.exec(name);
  return match ? Number(match[1]) : undefined;
}


/** Write a file and flush it to the disk (the journal and staged content must survive a crash). */
export function writeDurably(file: string, content: Buffer | string, mode = 0o666, durable = true): void {
  const fd = openSync(file, 'w', mode);
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flush a folder's entries (the names just created or renamed in it). */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch (error) {
    // Some file systems cannot fsync a folder; the files themselves are flushed.
    if (!['EINVAL', 'EISDIR', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    closeSync(fd);
  }
}

/** Replace the journal atomically: a crash leaves the old one or the new one, never half of one. */
export function saveJournal(staging: string, journal: Journal, durable = true): void {
  const tmp = path.join(staging, `${JOURNAL_FILE}.tmp`);
  writeDurably(tmp, `${JSON.stringify(journal, null, 1)}\n`, 0o666, durable);
  renameSync(tmp, path.join(staging, JOURNAL_FILE));
  if (durable) fsyncDir(staging);
}

/** A journal read back from disk, checked as strictly as a record: its paths get renamed. */
export function parseJournal(text: string): Journal | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const j = data as Partial<Journal>;
  if (typeof j !== 'object' || j === null || j.format !== 1) return undefined;
  if (j.command !== 'upgrade' && j.command !== 'create' && j.command !== 'add') return undefined;
  if (j.direction !== 'forward' && j.direction !== 'rollback') return undefined;
  if (typeof j.summary !== 'string' || !Array.isArray(j.conflicts) || !Array.isArray(j.createdDirs)) return undefined;
  if (!Array.isArray(j.steps)) return undefined;
  const pathOk = (p: unknown) => typeof p === 'string' && unsafePathReason(p) === undefined;
  if (!j.createdDirs.every(pathOk) || !j.conflicts.every((c) => typeof c === 'string')) return undefined;
  for (const step of j.steps) {
    if (typeof step !== 'object' || step === null || !pathOk(step.path)) return undefined;
    if (step.kind !== 'write' && step.kind !== 'remove') return undefined;
    if (typeof step.existed !== 'boolean') return undefined;
    if (step.kind === 'write' && (typeof step.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(step.sha256))) return undefined;
    if (step.existed && (typeof step.before !== 'string' || !/^[0-9a-f]{64}$/.test(step.before))) return undefined;
  }
  return j as Journal;
}

/** Every file under dir (recursively), relative; [] when dir does not exist. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let names: string[];
    try {
      names = readdirSync(path.join(dir, rel));
    } catch {
      return;
    }
    for (const name of names) {
      const child = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(path.join(dir, child), { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(child);
      else if (stat) out.push(child);
    }
  };
  walk('');
  return out;
}

/**
 * A staging folder found in a target:
 *   running    its process is alive: another create-livrable is changing this folder now
 *   journal    a change was interrupted after it began: resume it or roll it back
 *   unreadable journal.json exists but cannot be trusted: left alone, the user decides
 *   finished   the change completed (done.json) or never began (no journal, no backup): safe to delete
 *   orphan     no journal, yet backups inside (an interrupted upgrade of an older version): kept
 */
export type Leftover =
  | { state: 'running'; dir: string; pid: number }
  | { state: 'journal'; dir: string; journal: Journal }
  | { state: 'unreadable'; dir: string }
  | { state: 'finished'; dir: string }
  | { state: 'orphan'; dir: string };

/** Who holds a lock folder: a live process, or nobody (no pid, or the process is gone). */
export function lockHolder(dir: string): { state: 'alive' | 'stale'; pid?: number } {
  try {
    const file = path.join(dir, 'pid');
    if (!lstatSync(file).isFile()) return { state: 'stale' };
    const text = readFileSync(file, 'utf8');
    if (!/^\d+\n$/.test(text)) return { state: 'stale' };
    const pid = Number(text.trim());
    return { state: pid === process.pid || isAlive(pid) ? 'alive' : 'stale', pid };
  } catch {
    return { state: 'stale' };
  }
}

/** Staging folders in target, from the names already read (callers have usually listed it). */
export function findLeftovers(target: string, names: readonly string[] = readdirSync(target)): Leftover[] {
  const found: Leftover[] = [];
  for (const name of names) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const dir = path.join(target, name);
    if (name === LOCK_DIR) {
      // A live holder is reported; a holder whose process is gone (killed) left it: deleted. A lock
      // without a readable pid is never deleted here: another run may be taking or releasing it
      // at this instant (its pid not linked yet, or just unlinked), and deleting it would let two
      // runs hold it; it does not count as content, and withLock takes it over.
      const holder = lockHolder(dir);
      if (holder.pid === undefined || holder.pid === process.pid) continue;
      found.push(holder.state === 'alive' ? { state: 'running', dir, pid: holder.pid } : { state: 'finished', dir });
      continue;
    }
    if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
    const pid = stagingPid(name);
    if (pid !== undefined && isAlive(pid)) {
      found.push({ state: 'running', dir, pid });
      continue;
    }
    let text: string | undefined;
    const journalStat = lstatSync(path.join(dir, JOURNAL_FILE), { throwIfNoEntry: false });
    // Never read a FIFO (it would hang), a link or anything but a regular file: not a journal of ours.
    if (journalStat && !journalStat.isFile()) text = '';
    else if (journalStat) text = readFileSync(path.join(dir, JOURNAL_FILE), 'utf8');
    if (text !== undefined) {
      // A staging folder someone else made is not ours to act on, whatever its journal says.
      const owner = lstatSync(dir).uid;
      const ours = typeof process.getuid !== 'function' || owner === process.getuid();
      const journal = ours ? parseJournal(text) : undefined;
      found.push(journal ? { state: 'journal', dir, journal } : { state: 'unreadable', dir });
      continue;
    }
    const finished = lstatSync(path.join(dir, DONE_FILE), { throwIfNoEntry: false }) !== undefined;
    found.push({ state: finished || filesUnder(path.join(dir, 'backup')).length === 0 ? 'finished' : 'orphan', dir });
  }
  return found;
}
