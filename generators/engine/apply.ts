import { createHash } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  linkSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  unlinkSync,
} from 'node:fs';
import path from 'node:path';
import { TransactionError, UserError } from '../core/errors.js';
import { t as translate } from '../core/i18n.js';
import {
  DONE_FILE,
  fsyncDir,
  JOURNAL_FILE,
  lockHolder,
  saveJournal,
  STAGING_GITIGNORE,
  writeDurably,
  type Journal,
  type JournalStep,
} from './journal.js';
import { actionWord, inspectPath } from './safe-path.js';
import { isAlive, LOCK_DIR, STAGING_PREFIX } from './staging-names.js';

/** One change to an existing project: write `content` at `path`, or remove it. */
export type FileChange =
  | { path: string; kind: 'write'; content: Buffer; mode: number }
  | { path: string; kind: 'remove' };

/** What the journal says about the change, for the messages of a later resume or rollback. */
export interface ChangeAbout {
  command: Journal['command'];
  summary: string;
  conflicts?: string[];
  /**
   * Flush staged content and the journal to the disk before the first change (default). Off only
   * where nothing of the user's can be replaced (a create into an empty folder): a kill is still
   * recovered from the page cache, and a power cut can lose only files of ours.
   */
  durable?: boolean;
  /**
   * The folder was empty (or held only .git) when the create began: checked again once the lock
   * is held, so that a create racing into the same folder cannot write over the winner's project.
   */
  expectEmpty?: boolean;
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');


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

const present = (file: string) => lstatSync(file, { throwIfNoEntry: false }) !== undefined;

/** An open transaction: the staging folder and its journal. */
interface Transaction {
  target: string;
  staging: string;
  journal: Journal;
  durable: boolean;
}

const stagedPath = (t: Transaction, p: string) => path.join(t.staging, 'new', p);
const backupPath = (t: Transaction, p: string) => path.join(t.staging, 'backup', p);

/** Does file hold exactly the bytes of this hash? */
function holdsHash(file: string, hash: string | undefined): boolean {
  if (hash === undefined) return false;
  try {
    return sha256(readFileSync(file)) === hash;
  } catch {
    return false;
  }
}

/** Does dest hold exactly the bytes this step writes? (A rollback removes nothing else.) */
const holdsNewContent = (dest: string, step: JournalStep) => holdsHash(dest, step.sha256);

/** Carry one step forward from wherever it stands; idempotent, so a resume can repeat it. */
function forwardStep(t: Transaction, step: JournalStep): void {
  const dest = path.join(t.target, step.path);
  const saved = backupPath(t, step.path);
  // Checked again at the moment of writing: a folder on the way may have become a link since,
  // and a folder made where a file goes would be moved to the backups, then deleted with them.
  if (inspectPath(t.target, step.path, 'write').kind === 'directory') {
    throw new UserError(translate('txDirectoryInTheWay', { action: actionWord('write'), path: step.path }));
  }
  if (step.kind === 'write') {
    const staged = stagedPath(t, step.path);
    if (!present(staged)) return; // already moved in
    if (present(dest) && !present(saved)) {
      mkdirSync(path.dirname(saved), { recursive: true });
      renameSync(dest, saved);
    }
    mkdirSync(path.dirname(dest), { recursive: true });
    renameSync(staged, dest);
  } else if (!present(saved) && present(dest)) {
    mkdirSync(path.dirname(saved), { recursive: true });
    renameSync(dest, saved);
  }
}

/** Put one step back from wherever it stands; idempotent. */
function undoStep(t: Transaction, step: JournalStep): void {
  const dest = path.join(t.target, step.path);
  const saved = backupPath(t, step.path);
  inspectPath(t.target, step.path, 'restore');
  if (present(saved)) {
    // Only the file that was backed up goes back: not one planted in the staging folder since.
    if (!step.existed || !holdsHash(saved, step.before)) {
      throw new Error(translate('txBackupChanged', { path: step.path }));
    }
    mkdirSync(path.dirname(dest), { recursive: true });
    renameSync(saved, dest); // the original replaces whatever is there (our new content)
    return;
  }
  // No backup: a new file of ours, if it is in place (and only if it is ours, byte for byte).
  if (step.kind === 'write' && !step.existed && !present(stagedPath(t, step.path)) && holdsNewContent(dest, step)) {
    unlinkSync(dest);
  }
}

function finish(t: Transaction): void {
  for (const step of t.journal.steps) {
    if (step.kind === 'remove') pruneEmptyParents(path.join(t.target, step.path), t.target);
  }
  // The commit point: from here on the backups are not needed, and no later run may roll back.
  renameSync(path.join(t.staging, JOURNAL_FILE), path.join(t.staging, DONE_FILE));
  if (t.durable) fsyncDir(t.staging);
  rmSync(t.staging, { recursive: true, force: true });
}

function relativeToCwd(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel;
}

/** The one-line advice for a journal left in target. */
export function recoveryAdvice(target: string): string {
  const where = relativeToCwd(target);
  const dir = where === '.' ? '' : ` ${where.includes(' ') ? `"${where}"` : where}`;
  return translate('txRecoveryAdvice', { dir });
}

/**
 * Undo every step, newest first. A step that fails does not stop the others (each is
 * independent); if any failed, everything that is not back in place stays in the staging folder
 * with the journal, and a TransactionError (exit 4) says where.
 */
function rollback(t: Transaction, cause?: unknown): void {
  const what = t.journal.command === 'upgrade' ? 'upgrade' : `${t.journal.command} ${t.journal.summary}`;
  const because = cause ? translate('txAfter', { cause: oneLine(cause) }) : '';
  const keep = (error: unknown) =>
    new TransactionError(
      translate('txCouldNotUndo', { what, target: t.target, because, error: oneLine(error), backup: path.join(t.staging, 'backup'), advice: recoveryAdvice(t.target) }),
      4,
    );
  if (t.journal.direction !== 'rollback') {
    try {
      t.journal = { ...t.journal, direction: 'rollback' };
      saveJournal(t.staging, t.journal, t.durable);
    } catch (error) {
      // Nothing was undone, and the journal still says "forward": resume and rollback both work.
      t.journal = { ...t.journal, direction: 'forward' };
      throw keep(error);
    }
  }
  let failure: unknown;
  for (const step of [...t.journal.steps].reverse()) {
    try {
      undoStep(t, step);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw keep(failure);
  for (const dir of [...t.journal.createdDirs].reverse()) {
    try {
      rmdirSync(path.join(t.target, dir));
    } catch {
      // not empty (something else lives there now) or already gone: leave it
    }
  }
  // Everything is back: the staging folder holds only our new content now.
  unlinkSync(path.join(t.staging, JOURNAL_FILE));
  rmSync(t.staging, { recursive: true, force: true });
}

export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** Stage every new content and write the journal; nothing in the target is changed yet. */
function prepare(target: string, changes: FileChange[], about: ChangeAbout): Transaction {
  const durable = about.durable ?? true;
  const steps: JournalStep[] = [];
  const createdDirs = new Set<string>();
  for (const change of changes) {
    const entry = inspectPath(target, change.path, change.kind === 'write' ? 'write' : 'remove');
    if (entry.kind === 'directory') {
      throw new UserError(translate('txDirectoryInTheWay', { action: change.kind, path: change.path }));
    }
    if (change.kind === 'write') {
      // Folders to create, shallowest first (for the rollback to remove again, deepest first).
      const parts = change.path.split('/').slice(0, -1);
      for (let i = 1; i <= parts.length; i += 1) {
        const dir = parts.slice(0, i).join('/');
        if (!createdDirs.has(dir) && !present(path.join(target, dir))) createdDirs.add(dir);
      }
      const existed = entry.kind === 'file';
      steps.push({
        path: change.path,
        kind: 'write',
        existed,
        sha256: sha256(change.content),
        ...(existed ? { before: sha256(readFileSync(path.join(target, change.path))) } : {}),
      });
    } else {
      if (entry.kind === 'missing') continue;
      steps.push({ path: change.path, kind: 'remove', existed: true, before: sha256(readFileSync(path.join(target, change.path))) });
    }
  }
  const staging = mkdtempSync(path.join(target, `${STAGING_PREFIX}${process.pid}-`));
  try {
    writeDurably(path.join(staging, '.gitignore'), STAGING_GITIGNORE, 0o666, durable);
    const dirs = new Set<string>([staging]);
    for (const change of changes) {
      if (change.kind !== 'write') continue;
      const file = path.join(staging, 'new', change.path);
      mkdirSync(path.dirname(file), { recursive: true });
      for (let dir = path.dirname(file); dir.startsWith(staging) && !dirs.has(dir); dir = path.dirname(dir)) dirs.add(dir);
      writeDurably(file, change.content, 0o600, durable);
      chmodSync(file, change.mode);
    }
    if (durable) for (const dir of dirs) fsyncDir(dir);
    const journal: Journal = {
      format: 1,
      command: about.command,
      summary: about.summary,
      conflicts: about.conflicts ?? [],
      direction: 'forward',
      createdDirs: [...createdDirs],
      steps,
    };
    saveJournal(staging, journal, durable);
    return { target, staging, journal, durable };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Change an existing folder as one recoverable transaction (`upgrade`, `create --overwrite`, a
 * create into an existing empty folder). Every new content is staged inside the folder (so the
 * renames stay on one file system) and a journal is written before the first change; then each
 * touched file is moved aside to a backup and the staged one moved in. On a failure every file is
 * put back and every folder we created removed (exit 1); if putting back fails too, the journal
 * and all backups stay (exit 4). After a crash or kill, `resumeTransaction` / `rollbackTransaction`
 * finish or undo it from the journal.
 */
export function applyChanges(target: string, changes: FileChange[], about?: ChangeAbout): void {
  if (changes.length === 0) return;
  withLock(target, () => {
    if (about?.expectEmpty && readdirSync(target).some((n) => n !== '.git' && n !== LOCK_DIR)) {
      throw new UserError(
        translate('txFilledMeanwhile', { target }),
      );
    }
    transact(target, changes, about ?? { command: 'upgrade', summary: 'changes' });
  });
}

/**
 * Take the folder's lock (see LOCK_DIR), run fn, release it; a live holder is a one-line refusal.
 * The lock is the hard link `pid` (link fails with EEXIST while another holds it). Nothing but
 * the holder ever deletes `pid`, except to take over from a holder whose process is gone; and the
 * folder is removed only when empty, so a run taking the lock as another releases it keeps it.
 */
export function withLock<T>(target: string, fn: () => T): T {
  const lock = path.join(target, LOCK_DIR);
  const pidFile = path.join(lock, 'pid');
  const gitignore = path.join(lock, '.gitignore');
  const mine = path.join(lock, `pid.${process.pid}`);
  for (let attempt = 0; ; attempt += 1) {
    try {
      mkdirSync(lock, { recursive: true });
      writeDurably(mine, `${process.pid}\n`, 0o666, false);
      linkSync(mine, pidFile); // fails with EEXIST while another holds the lock
      unlinkSync(mine);
      // Written once held: a run releasing the lock a moment ago may have removed it.
      writeDurably(gitignore, STAGING_GITIGNORE, 0o666, false);
      break;
    } catch (error) {
      rmSync(mine, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      // ENOENT: the lock folder was removed by its releasing holder while we wrote into it: again.
      if ((code !== 'EEXIST' && code !== 'ENOENT') || attempt >= 5) throw error;
      if (code === 'EEXIST') {
        const holder = lockHolder(lock);
        if (holder.state === 'alive') {
          throw new UserError(
            translate('txAnotherChanging', { pid: String(holder.pid), target }),
          );
        }
        // Left by a process that is gone (killed): take it over. Without a readable pid the
        // holder may be releasing it right now: wait a moment and try again rather than delete
        // another run's lock; a pid file that stays unreadable (garbage) is taken over at last.
        if (holder.pid !== undefined || attempt >= 3) rmSync(pidFile, { force: true });
        else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
    }
  }
  try {
    return fn();
  } finally {
    // pid first: a kill after it leaves a folder without a pid, which the next run takes. Then
    // the folder, only if nothing else is in it (another run may be taking the lock already).
    rmSync(pidFile, { force: true });
    releaseLockFolder(lock);
  }
}

/**
 * Remove a lock folder nobody holds: the `pid.<n>` files of processes that are gone (killed while
 * taking it), then the folder if nothing else is left. A live run's `pid.<n>` or `pid` keeps it.
 */
function releaseLockFolder(lock: string): void {
  let names: string[];
  try {
    names = readdirSync(lock);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^pid\.(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) rmSync(path.join(lock, name), { force: true });
  }
  if (readdirSync(lock).some((name) => name !== '.gitignore')) return;
  rmSync(path.join(lock, '.gitignore'), { force: true });
  try {
    rmdirSync(lock);
  } catch {
    // another run is taking the lock (it rewrites .gitignore once it holds it), or it is gone
  }
}

function transact(target: string, changes: FileChange[], about: ChangeAbout): void {
  const t = prepare(target, changes, about);
  try {
    for (const dir of t.journal.createdDirs) mkdirSync(path.join(target, dir), { recursive: true });
    for (const step of t.journal.steps) forwardStep(t, step);
  } catch (error) {
    rollback(t, error);
    if (error instanceof UserError) throw error;
    const key = ({ create: 'txFailedCreate', upgrade: 'txFailedUpgrade', add: 'txFailedAdd' } as const)[t.journal.command];
    throw new TransactionError(translate(key, { summary: t.journal.summary, error: oneLine(error) }), 1);
  }
  finish(t);
}

/** Finish an interrupted transaction from its journal (refused once a rollback has begun). */
export function resumeTransaction(target: string, staging: string, journal: Journal): void {
  const t: Transaction = { target, staging, journal, durable: true };
  if (journal.direction === 'rollback') {
    rollback(t);
    return;
  }
  // Staged content must be intact before anything moves: a crash of the machine could have cut it.
  for (const step of journal.steps) {
    const staged = stagedPath(t, step.path);
    if (step.kind === 'write' && present(staged) && sha256(readFileSync(staged)) !== step.sha256) {
      throw new UserError(
        translate('txResumeDamaged', { path: step.path, staging }),
      );
    }
    // A file someone made since the interruption, where the change puts a new one: finishing
    // would replace it and then drop it with the backups.
    if (step.kind === 'write' && !step.existed && present(staged) && present(path.join(target, step.path))) {
      throw new UserError(
        translate('txResumeAppeared', { path: step.path }),
      );
    }
  }
  try {
    for (const dir of journal.createdDirs) mkdirSync(path.join(target, dir), { recursive: true });
    for (const step of journal.steps) forwardStep(t, step);
  } catch (error) {
    throw new TransactionError(
      translate('txCouldNotFinish', { error: oneLine(error), backup: path.join(staging, 'backup'), advice: recoveryAdvice(target) }),
      4,
    );
  }
  finish(t);
}

export function rollbackTransaction(target: string, staging: string, journal: Journal): void {
  rollback({ target, staging, journal, durable: true });
}

