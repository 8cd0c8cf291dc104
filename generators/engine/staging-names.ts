/**
 * The names of the folders a change in progress keeps inside its target, and whether the process
 * that owns one still runs: all a create into a new folder needs of engine/journal.ts, in a module
 * small enough for the entry (the journal itself is loaded only when an existing folder is changed).
 */

export const STAGING_PREFIX = '.livrable-upgrade-';
/**
 * One change at a time per folder: a folder of this name (with a `.gitignore` of `*`, so git never
 * lists it) holds `pid`, the pid of the create-livrable changing the target. `pid` is written under
 * a name of its own, then hard-linked into place: the link fails if `pid` exists (the lock is
 * held) and a `pid` is never seen half written. Removed at the end; one left by a killed process
 * is taken over. Its name starts with STAGING_PREFIX, so no record or journal path can name it.
 */
export const LOCK_DIR = `${STAGING_PREFIX}lock`;

/** Whether a process of this pid runs (EPERM: it does, as another user); never true of our own. */
export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
