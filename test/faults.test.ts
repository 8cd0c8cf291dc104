import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTmpDirs, tmpDir, treeSnapshot } from './helpers.js';
import {
  cli,
  copyProject,
  dispose,
  countOps,
  expectAloneInParent,
  expectOneLineError,
  read,
  requireBuild,
  write,
  type CliRun,
} from './fault/harness.js';

// Kill -9 and I/O errors at every rename of a real upgrade (a development API project with user
// edits, to production), through the built CLI with test/fault/inject.cjs preloaded. After each
// fault, recovery must leave the project exactly as before or exactly as a clean upgrade leaves it.

const USER_PARAGRAPH = 'Our team notes: the model is retrained every Monday.\n\n';
const USER_FILE = '# Decisions\n\nKeep the threshold at 0.7.\n';

let project: string; // the development project with user edits, never changed itself
let before: string[]; // its snapshot
let upgraded: string[]; // the snapshot of a clean upgrade of a copy
let renames: number; // how many renames the upgrade makes
let others: number; // how many other changes (writes, mkdirs, removals, chmods, fsyncs)
let cleanRun: CliRun;

beforeAll(async () => {
  requireBuild();
  const parent = tmpDir('livrable-faults-');
  const created = await cli(['demo', '--deliverable', 'api', '--yes', '--no-git', '--no-install'], parent);
  expect(created.status, created.stderr).toBe(0);
  project = path.join(parent, 'demo');
  // User edits: a paragraph merged into the README, a conflicting line, an edited source file
  // the upgrade merges, a file of the user's own, a generated file deleted.
  write(project, 'README.md', read(project, 'README.md').replace('## Quick start', `${USER_PARAGRAPH}## Quick start`));
  write(project, 'pyproject.toml', `${read(project, 'pyproject.toml')}\n[tool.mypy]\nstrict = true\n`);
  write(project, 'notes/decisions.md', USER_FILE);
  write(project, 'Dockerfile', 'FROM python:3.12-slim\n# mine\n');
  rmSync(path.join(project, 'notebooks', '01-exploration.ipynb'));
  before = treeSnapshot(project);
  const reference = copyProject(project);
  const counted = await countOps(['upgrade', '--phase', 'production'], reference);
  cleanRun = counted.run;
  renames = counted.rename;
  others = counted.other;
  upgraded = treeSnapshot(reference);
}, 60_000);

afterAll(cleanTmpDirs, 60_000);

/** Every user byte is in the upgraded project too (merged, kept, or in conflict blocks). */
function expectUserEdits(dir: string): void {
  expect(read(dir, 'README.md')).toContain(USER_PARAGRAPH);
  expect(read(dir, 'pyproject.toml')).toContain('[tool.mypy]\nstrict = true\n');
  expect(read(dir, 'notes/decisions.md')).toBe(USER_FILE);
  expect(read(dir, 'Dockerfile')).toContain('FROM python:3.12-slim\n# mine\n');
  expect(existsSync(path.join(dir, 'notebooks', '01-exploration.ipynb'))).toBe(false);
}

const recover = (dir: string, mode: '--resume' | '--rollback') => cli(['upgrade', mode], dir);

describe('the reference upgrade', () => {
  it('changes the project, keeps every edit, exits 3 for the Dockerfile conflict', () => {
    expect(cleanRun.status, cleanRun.stderr).toBe(3);
    expect(upgraded).not.toEqual(before);
    expect(renames).toBeGreaterThan(20);
    expect(others).toBeGreaterThan(renames);
  });
});

describe.concurrent('kill -9 at every rename of an upgrade', () => {
  // Rename 1 is the journal's (before it nothing in the project has changed); the last is the
  // commit (journal.json → done.json); each one in between moves one project file.
  it.for(Array.from({ length: 40 }, (_, i) => i + 1))('rename %i', async (n) => {
    if (n > renames) return; // the loop is sized generously; the count decides
    const dir = copyProject(project);
    const killed = await cli(['upgrade', '--phase', 'production'], dir, { fault: { killAtRename: n } });
    expect(killed.signal).toBe('SIGKILL');
    const journal = n > 1; // killed before rename n: rename 1 wrote the journal
    const other = copyProject(dir);

    if (journal && [2, Math.floor(renames / 2), renames].includes(n)) {
      // a plain upgrade refuses, naming both ways out, and changes nothing
      const snapshot = treeSnapshot(dir);
      const plain = await cli(['upgrade', '--phase', 'production'], dir);
      expectOneLineError(plain, 2, /interrupted upgrade .*--resume.*--rollback/);
      expect(treeSnapshot(dir)).toEqual(snapshot);
    }

    const rolledBack = await recover(dir, '--rollback');
    expect(rolledBack.status, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toMatch(journal ? /Undid the interrupted upgrade/ : /Nothing to roll back/);
    expect(treeSnapshot(dir)).toEqual(before);
    expectAloneInParent(dir);

    const resumed = await recover(other, '--resume');
    expect(resumed.status, resumed.stderr).toBe(journal ? 3 : 0);
    expect(treeSnapshot(other)).toEqual(journal ? upgraded : before);
    if (journal) expectUserEdits(other);
    expectAloneInParent(other);
    dispose(dir, other);
  });
});

describe.concurrent('kill -9 at other changes of an upgrade (staging, flushing, cleaning up)', () => {
  // every 23rd write, mkdir, chmod, fsync or removal, plus the very last ones (the cleanup)
  it.for(Array.from({ length: 10 }, (_, i) => i))('sample %i', async (i) => {
    const n = i < 8 ? 1 + i * 23 : others - (9 - i);
    if (n < 1 || n > others) return;
    const dir = copyProject(project);
    const killed = await cli(['upgrade', '--phase', 'production'], dir, { fault: { killAtOther: n } });
    expect(killed.signal).toBe('SIGKILL');
    const other = copyProject(dir);
    const rolledBack = await recover(dir, '--rollback');
    expect(rolledBack.status, rolledBack.stderr).toBe(0);
    const resumed = await recover(other, '--resume');
    expect([0, 3]).toContain(resumed.status);
    // killed before the journal: as before; after the commit point: upgraded; else as chosen
    const rollbackEnd = treeSnapshot(dir);
    const resumeEnd = treeSnapshot(other);
    expect([before, upgraded]).toContainEqual(rollbackEnd);
    expect([before, upgraded]).toContainEqual(resumeEnd);
    const same = (a: string[], b: string[]) => JSON.stringify(a) === JSON.stringify(b);
    if (same(rollbackEnd, upgraded)) expect(resumeEnd).toEqual(upgraded);
    if (same(resumeEnd, before)) expect(rollbackEnd).toEqual(before);
    expectAloneInParent(dir);
    expectAloneInParent(other);
    dispose(dir, other);
  });
});

describe.concurrent('kill -9 at random moments of an upgrade', () => {
  it.for(Array.from({ length: 4 }, (_, i) => i))('moment %i', async () => {
    const dir = copyProject(project);
    const started = Date.now();
    const timed = await cli(['upgrade', '--phase', 'production'], copyProject(project));
    const duration = Date.now() - started;
    const delay = Math.floor(Math.random() * duration);
    const killed = await cli(['upgrade', '--phase', 'production'], dir, { killAfterMs: delay });
    expect([3, null], `killed after ${delay} ms`).toContain(killed.status);
    expect(timed.status).toBe(3);
    const other = copyProject(dir);
    expect((await recover(dir, '--rollback')).status).toBe(0);
    expect([0, 3]).toContain((await recover(other, '--resume')).status);
    const rolledBack = treeSnapshot(dir);
    const resumed = treeSnapshot(other);
    expect([before, upgraded], `killed after ${delay} ms`).toContainEqual(rolledBack);
    expect([before, upgraded], `killed after ${delay} ms`).toContainEqual(resumed);
    expectAloneInParent(dir);
    expectAloneInParent(other);
    dispose(dir, other);
  });
});

describe.concurrent('I/O errors', () => {
  it('a failing rename mid-way: everything put back, exit 1, one line', async () => {
    const dir = copyProject(project);
    const run = await cli(['upgrade', '--phase', 'production'], dir, { fault: { eioAtRename: [10] } });
    expectOneLineError(run, 1, /EIO.*put back as it was/);
    expect(treeSnapshot(dir)).toEqual(before);
    expectAloneInParent(dir);
  });

  it.for([
    ['the rollback cannot even be recorded', [10, 11]],
    ['a restore fails', [10, 12]],
    ['two restores fail', [10, 12, 14]],
  ] as const)('%s: every backup kept, exit 4, one line naming where; --rollback later restores all', async ([, eio]) => {
    const dir = copyProject(project);
    const run = await cli(['upgrade', '--phase', 'production'], dir, { fault: { eioAtRename: [...eio] } });
    expectOneLineError(run, 4, /Could not undo the upgrade .* every backup is kept in .*\.livrable-upgrade-\d+-\w+\/backup; run `create-livrable upgrade --resume`.*--rollback/);
    const staging = readdirSync(dir).filter((n) => n.startsWith('.livrable-upgrade-'));
    expect(staging).toHaveLength(1);
    // the backups are there, and git would not list the folder
    expect(readdirSync(path.join(dir, staging[0] as string, 'backup')).length).toBeGreaterThan(0);
    expect(read(dir, `${staging[0]}/.gitignore`)).toMatch(/^\*$/m);
    const again = await recover(dir, '--rollback');
    expect(again.status, again.stderr).toBe(0);
    expect(treeSnapshot(dir)).toEqual(before);
    expectAloneInParent(dir);
  });

  it('a kill during the rollback: the next --rollback finishes it; --resume cannot go forward any more', async () => {
    const dir = copyProject(project);
    await cli(['upgrade', '--phase', 'production'], dir, { fault: { killAtRename: 16 } });
    // rollback: rename 1 records the direction, the next ones restore files
    const killedAgain = await cli(['upgrade', '--rollback'], dir, { fault: { killAtRename: 4 } });
    expect(killedAgain.signal).toBe('SIGKILL');
    const other = copyProject(dir);
    expect((await recover(dir, '--rollback')).status).toBe(0);
    expect(treeSnapshot(dir)).toEqual(before);
    const resumed = await recover(other, '--resume');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/rollback had already begun/);
    expect(treeSnapshot(other)).toEqual(before);
  });

  it('a kill during a resume: the next --resume finishes it', async () => {
    const dir = copyProject(project);
    await cli(['upgrade', '--phase', 'production'], dir, { fault: { killAtRename: 8 } });
    const killedAgain = await cli(['upgrade', '--resume'], dir, { fault: { killAtRename: 5 } });
    expect(killedAgain.signal).toBe('SIGKILL');
    expect((await recover(dir, '--resume')).status).toBe(3);
    expect(treeSnapshot(dir)).toEqual(upgraded);
  });
});
