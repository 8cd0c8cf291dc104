import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../generators/engine/record.js';
import { cleanTmpDirs, tmpDir, treeSnapshot } from './helpers.js';
import {
  cli,
  copyProject,
  countOps,
  dispose,
  expectAloneInParent,
  expectOneLineError,
  read,
  requireBuild,
  write,
} from './fault/harness.js';

// Hostile repositories and hostile runs of the built CLI: kills during create --overwrite,
// leftovers of killed creates, links out of the tree, crafted records, repository-configured
// commands, CRLF files, unresolved markers, racing creates, long names, read-only mounts.

const CREATE = ['--deliverable', 'api', '--yes', '--no-git', '--no-install'];

let devProject: string; // a development api project, as created
let git: string; // a bin folder holding git only

beforeAll(async () => {
  requireBuild();
  const parent = tmpDir('livrable-hostile-');
  const created = await cli(['demo', ...CREATE], parent);
  expect(created.status, created.stderr).toBe(0);
  devProject = path.join(parent, 'demo');
  git = tmpDir('livrable-gitbin-');
  symlinkSync(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), path.join(git, 'git'));
}, 30_000);

afterAll(cleanTmpDirs, 60_000);

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.org', ...args], { cwd: dir, encoding: 'utf8' });
}

// ── create --overwrite, killed ──────────────────────────────────────────────────────────────────

describe.concurrent('create --overwrite killed at a rename', () => {
  let userDir: string; // a folder of the user's: a README of theirs, notes, a .git
  let before: string[];
  let overwritten: string[]; // what a clean create --overwrite makes of it
  let renames = 0;

  beforeAll(async () => {
    userDir = path.join(tmpDir('livrable-overwrite-'), 'mine');
    write(userDir, 'README.md', '# My own README\r\n');
    write(userDir, 'notes.txt', 'keep me\n');
    write(userDir, 'src/legacy.py', 'print("old code")\n');
    write(userDir, '.git/HEAD', 'ref: refs/heads/main\n');
    before = treeSnapshot(userDir);
    const reference = copyProject(userDir);
    const counted = await countOps([reference, '--overwrite', ...CREATE], path.dirname(reference));
    expect(counted.run.status, counted.run.stderr).toBe(0);
    renames = counted.rename;
    overwritten = treeSnapshot(reference);
  }, 30_000);

  // every 3rd rename, from the first (the journal) on, and the last (the commit)
  it.for(Array.from({ length: 14 }, (_, i) => i))('sample %i', async (i) => {
    expect(renames).toBeGreaterThan(30);
    const n = i === 13 ? renames : 1 + i * 3;
    if (n > renames) return;
    const dir = copyProject(userDir);
    const killed = await cli([dir, '--overwrite', ...CREATE], path.dirname(dir), { fault: { killAtRename: n } });
    expect(killed.signal).toBe('SIGKILL');
    const other = copyProject(dir);
    // the next create without --overwrite undoes the interrupted one, then refuses as usual
    const undo = await cli([dir, ...CREATE], path.dirname(dir));
    expectOneLineError(undo, 2, n > 1 ? /Undid an interrupted create .* is not empty/ : /is not empty/);
    expect(treeSnapshot(dir)).toEqual(before);
    expectAloneInParent(dir);
    // running the same create --overwrite again finishes the job
    const redo = await cli([other, '--overwrite', ...CREATE], path.dirname(other));
    expect(redo.status, redo.stderr).toBe(0);
    expect(treeSnapshot(other)).toEqual(overwritten);
    expect(read(other, 'notes.txt')).toBe('keep me\n');
    expectAloneInParent(other);
    dispose(dir, other);
  });

  it('an I/O error, then EIO on every restore: every backup kept, exit 4, one line; the next create undoes it', async () => {
    const dir = copyProject(userDir);
    // Rename 25 fails (the change is half done: README.md is backed up by then), 26 records the
    // rollback, and every rename after that (each restore of a backup) fails too.
    const eio = [25, ...Array.from({ length: 40 }, (_, i) => 27 + i)];
    const run = await cli([dir, '--overwrite', ...CREATE], path.dirname(dir), { fault: { eioAtRename: eio } });
    expectOneLineError(
      run,
      4,
      /Could not undo the create --overwrite into mine .*EIO.* every backup is kept in .*\.livrable-upgrade-\d+-\w+\/backup; run `create-livrable upgrade .*--resume`.*--rollback/,
    );
    const staging = readdirSync(dir).filter((n) => n.startsWith('.livrable-upgrade-'));
    expect(staging).toHaveLength(1);
    expect(read(dir, `${staging[0]}/backup/README.md`)).toBe('# My own README\r\n');
    expect(read(dir, 'notes.txt')).toBe('keep me\n');
    // once the disk is healthy, the next create puts everything back before refusing as usual
    const undo = await cli([dir, ...CREATE], path.dirname(dir));
    expectOneLineError(undo, 2, /Undid an interrupted create .* is not empty/);
    expect(treeSnapshot(dir)).toEqual(before);
    expectAloneInParent(dir);
  });

  it('an interrupted create is also undone by upgrade --rollback, and refused by a plain upgrade', async () => {
    const dir = copyProject(userDir);
    await cli([dir, '--overwrite', ...CREATE], path.dirname(dir), { fault: { killAtRename: 20 } });
    const plain = await cli(['upgrade', '--phase', 'production'], dir);
    expectOneLineError(plain, 2, /interrupted create --overwrite.*--resume.*--rollback/);
    const undo = await cli(['upgrade', '--rollback'], dir);
    expect(undo.status, undo.stderr).toBe(0);
    expect(treeSnapshot(dir)).toEqual(before);
  });
});

describe.concurrent('temporary folders left by kill -9', () => {
  it('next to a new target: the next create removes them', async () => {
    const parent = tmpDir('livrable-sibling-');
    const killed = await cli(['proj', ...CREATE], parent, { fault: { killAtOther: 30 } });
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(parent)).toEqual([expect.stringMatching(/^\.proj\.livrable-\d+-\w{6}$/)]);
    const again = await cli(['proj', ...CREATE], parent);
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(parent)).toEqual(['proj']);
  });

  it('inside an existing empty target: the next create undoes the half-written project and writes it', async () => {
    const parent = tmpDir('livrable-inside-');
    mkdirSync(path.join(parent, 'proj'));
    const killed = await cli(['proj', ...CREATE, '--name', 'demo'], parent, { fault: { killAtRename: 25 } });
    expect(killed.signal).toBe('SIGKILL');
    const again = await cli(['proj', ...CREATE, '--name', 'demo'], parent);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^note: Undid an interrupted create/);
    expect(treeSnapshot(path.join(parent, 'proj'))).toEqual(treeSnapshot(devProject));
  });

  it('an upgrade killed mid-way in a git repository: git does not list the staging folder', async () => {
    const dir = copyProject(devProject);
    gitIn(dir, 'init', '-q');
    gitIn(dir, 'add', '-A');
    gitIn(dir, 'commit', '-qm', 'generated');
    const killed = await cli(['upgrade', '--phase', 'production'], dir, { fault: { killAtRename: 10 }, env: { PATH: git } });
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(dir).some((n) => n.startsWith('.livrable-upgrade-'))).toBe(true);
    const status = gitIn(dir, 'status', '--porcelain', '--untracked-files=all');
    expect(status).not.toMatch(/livrable-upgrade/);
    expect(status).toMatch(/Dockerfile/); // the half-done upgrade itself shows
    const resumed = await cli(['upgrade', '--resume'], dir, { env: { PATH: git } });
    expect(resumed.status, resumed.stderr).toBe(0);
  });

  it('an upgrade killed before its journal: the next upgrade removes the folder and goes ahead', async () => {
    const dir = copyProject(devProject);
    const killed = await cli(['upgrade', '--phase', 'production'], dir, { fault: { killAtOther: 12 } });
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(dir).some((n) => n.startsWith('.livrable-upgrade-'))).toBe(true);
    const again = await cli(['upgrade', '--phase', 'production'], dir);
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(dir).some((n) => n.startsWith('.livrable-upgrade-'))).toBe(false);
  });
});

// ── links out of the tree, .git, crafted records ───────────────────────────────────────────────

describe.concurrent('never through a link, never into .git', () => {
  /** A project and an outside folder; the run must fail with `message` and change neither. */
  async function expectRefusedUpgrade(dir: string, outside: string, message: RegExp): Promise<void> {
    const mine = treeSnapshot(dir);
    const theirs = treeSnapshot(outside);
    const run = await cli(['upgrade', '--phase', 'production'], dir);
    expectOneLineError(run, 2, message);
    expect(treeSnapshot(dir)).toEqual(mine);
    expect(treeSnapshot(outside)).toEqual(theirs);
  }

  it('a linked deploy/ folder', async () => {
    const dir = copyProject(devProject);
    const outside = tmpDir('livrable-outside-');
    symlinkSync(outside, path.join(dir, 'deploy'));
    await expectRefusedUpgrade(dir, outside, /deploy is a symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('a linked pyproject.toml (its outside content is not copied in)', async () => {
    const dir = copyProject(devProject);
    const outside = tmpDir('livrable-outside-');
    writeFileSync(path.join(outside, 'secret.toml'), 'token = "outside"\n');
    rmSync(path.join(dir, 'pyproject.toml'));
    symlinkSync(path.join(outside, 'secret.toml'), path.join(dir, 'pyproject.toml'));
    await expectRefusedUpgrade(dir, outside, /pyproject\.toml is a symbolic link/);
  });

  it('a linked source folder', async () => {
    const dir = copyProject(devProject);
    const outside = tmpDir('livrable-outside-');
    rmSync(path.join(dir, 'src'), { recursive: true });
    symlinkSync(outside, path.join(dir, 'src'));
    await expectRefusedUpgrade(dir, outside, /src is a symbolic link/);
  });

  it('a linked .livrable.json', async () => {
    const dir = copyProject(devProject);
    const outside = tmpDir('livrable-outside-');
    writeFileSync(path.join(outside, 'record.json'), read(dir, '.livrable.json'));
    rmSync(path.join(dir, '.livrable.json'));
    symlinkSync(path.join(outside, 'record.json'), path.join(dir, '.livrable.json'));
    await expectRefusedUpgrade(dir, outside, /not a regular file/);
  });

  it('create --overwrite into a folder whose src/ links outside', async () => {
    const parent = tmpDir('livrable-overwrite-link-');
    const dir = path.join(parent, 'mine');
    const outside = tmpDir('livrable-outside-');
    write(dir, 'notes.txt', 'mine\n');
    symlinkSync(outside, path.join(dir, 'src'));
    const snapshot = treeSnapshot(dir);
    const run = await cli([dir, '--overwrite', ...CREATE], parent);
    expectOneLineError(run, 2, /src is a symbolic link/);
    expect(treeSnapshot(dir)).toEqual(snapshot);
    expect(readdirSync(outside)).toEqual([]);
  });

  it.for([
    ['.git/HEAD and .git/config with their real hashes', (dir: string) => ({
      '.git/HEAD': `sha256:${sha256(readFileSync(path.join(dir, '.git/HEAD')))}`,
      '.git/config': `sha256:${sha256(readFileSync(path.join(dir, '.git/config')))}`,
    }), /"\.git\/(HEAD|config)" is not a path inside the project \(it is inside \.git\)/],
    ['.GIT in another case', () => ({ 'sub/.GIT/config': 'sha256:00' }), /inside \.git/],
    ['a path going up', () => ({ '../outside.txt': 'sha256:00' }), /goes up/],
    ['an absolute path', () => ({ '/etc/hostname': 'sha256:00' }), /absolute/],
    ['a NUL byte', () => ({ 'README.md\u0000x': 'sha256:00' }), /README\.md\\u0000x.*NUL byte/],
  ] as const)('a crafted record listing %s: exit 2, one line, nothing written', async ([, files, message]) => {
    const dir = copyProject(devProject);
    gitIn(dir, 'init', '-q');
    gitIn(dir, 'add', '-A');
    gitIn(dir, 'commit', '-qm', 'generated');
    const record = JSON.parse(read(dir, '.livrable.json')) as { files: Record<string, string> };
    Object.assign(record.files, files(dir));
    writeFileSync(path.join(dir, '.livrable.json'), JSON.stringify(record));
    const snapshot = treeSnapshot(dir);
    const run = await cli(['upgrade', '--phase', 'production', '--force'], dir, { env: { PATH: git } });
    expectOneLineError(run, 2, message);
    expect(treeSnapshot(dir)).toEqual(snapshot);
  });
});

describe.concurrent('a crafted journal', () => {
  it.for([
    ['a path going up', '../outside.txt'],
    ['a path into .git', '.git/HEAD'],
  ] as const)('listing %s is not trusted: --rollback refuses in one line and moves nothing', async ([, p]) => {
    const dir = copyProject(devProject);
    gitIn(dir, 'init', '-q');
    const staging = path.join(dir, '.livrable-upgrade-999999999-abcdef');
    write(staging, 'backup/x', 'attacker content\n');
    const journal = {
      format: 1,
      command: 'upgrade',
      summary: 'phase development → production',
      conflicts: [],
      direction: 'forward',
      createdDirs: [],
      steps: [{ path: p, kind: 'remove', existed: true }],
    };
    write(staging, 'journal.json', JSON.stringify(journal));
    const snapshot = treeSnapshot(path.dirname(dir));
    const run = await cli(['upgrade', '--rollback'], dir);
    expectOneLineError(run, 2, /a journal that cannot be read/);
    expect(treeSnapshot(path.dirname(dir))).toEqual(snapshot);
  });
});

describe.concurrent('a crafted journal with paths inside the tree', () => {
  /** A staging folder someone else put in dir: a "backup" of README.md and a journal for it. */
  function plant(dir: string, step: Record<string, unknown>): string {
    const staging = path.join(dir, '.livrable-upgrade-999999999-planted');
    write(staging, 'backup/README.md', 'planted content\n');
    const journal = {
      format: 1,
      command: 'upgrade',
      summary: 'phase development → production',
      conflicts: [],
      direction: 'forward',
      createdDirs: [],
      steps: [{ path: 'README.md', kind: 'write', existed: true, sha256: sha256(readFileSync(path.join(dir, 'README.md'))), ...step }],
    };
    write(staging, 'journal.json', JSON.stringify(journal));
    return staging;
  }

  it('a planted backup whose hash is not the one recorded is never put back: exit 4, README.md untouched', async () => {
    const dir = copyProject(devProject);
    const readme = read(dir, 'README.md');
    const staging = plant(dir, { before: sha256(Buffer.from('what was there\n')) });
    const run = await cli(['upgrade', '--rollback'], dir);
    expectOneLineError(run, 4, /the backup of README\.md is not the file that was backed up/);
    expect(read(dir, 'README.md')).toBe(readme);
    expect(read(staging, 'backup/README.md')).toBe('planted content\n');
  });

  it('a FIFO (or a link) as journal.json is refused in one line, without waiting', async () => {
    const dir = copyProject(devProject);
    const staging = path.join(dir, '.livrable-upgrade-999999999-fifo00');
    mkdirSync(staging);
    execFileSync('mkfifo', [path.join(staging, 'journal.json')]);
    const run = await cli(['upgrade', '--rollback'], dir, { killAfterMs: 10_000 });
    expectOneLineError(run, 2, /a journal that cannot be read/);
    rmSync(path.join(staging, 'journal.json'));
    symlinkSync(path.join(dir, 'README.md'), path.join(staging, 'journal.json'));
    expectOneLineError(await cli(['upgrade', '--rollback'], dir), 2, /a journal that cannot be read/);
  });

  it('a step that replaced a file without recording its hash is refused in one line, nothing moved', async () => {
    const dir = copyProject(devProject);
    plant(dir, {});
    const snapshot = treeSnapshot(dir);
    const run = await cli(['upgrade', '--rollback'], dir);
    expectOneLineError(run, 2, /a journal that cannot be read/);
    expect(treeSnapshot(dir)).toEqual(snapshot);
  });

  it.skipIf(process.getuid?.() !== 0)('a staging folder owned by another user is not acted on', async () => {
    const dir = copyProject(devProject);
    const staging = plant(dir, { before: sha256(Buffer.from('planted content\n')) });
    chownSync(staging, 12345, 12345);
    const snapshot = treeSnapshot(dir);
    const run = await cli(['upgrade', '--rollback'], dir);
    expectOneLineError(run, 2, /a journal that cannot be read/);
    expect(treeSnapshot(dir)).toEqual(snapshot);
    // the same folder, ours: its backup (hash as recorded) is put back
    chownSync(staging, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
    const ours = await cli(['upgrade', '--rollback'], dir);
    expect(ours.status, ours.stderr).toBe(0);
    expect(read(dir, 'README.md')).toBe('planted content\n');
  });
});

// ── repository-configured commands ─────────────────────────────────────────────────────────────

describe.concurrent('git runs nothing the repository configures', () => {
  /** A script that leaves a marker file when run. */
  function markerScript(dir: string): { script: string; marker: string } {
    const marker = path.join(dir, 'ran');
    const script = path.join(dir, 'hook.sh');
    writeFileSync(script, `#!/bin/sh\necho ran > '${marker}'\n`); // a shell builtin: PATH holds git only
    chmodSync(script, 0o755);
    return { script, marker };
  }

  it('upgrade: core.fsmonitor is not run by git status', async () => {
    const dir = copyProject(devProject);
    const { script, marker } = markerScript(tmpDir('livrable-fsmonitor-'));
    gitIn(dir, 'init', '-q');
    gitIn(dir, 'add', '-A');
    gitIn(dir, 'commit', '-qm', 'generated');
    gitIn(dir, 'config', 'core.fsmonitor', script);
    // the trap works: git itself runs it
    execFileSync('git', ['status', '--porcelain'], { cwd: dir, stdio: 'ignore' });
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    const run = await cli(['upgrade', '--phase', 'production'], dir, { env: { PATH: git } });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    // ...and the dirty check still works with it off
    write(dir, 'scratch.txt', 'x\n');
    const dirty = await cli(['upgrade', '--phase', 'maintenance'], dir, { env: { PATH: git } });
    expect(dirty.status).toBe(2);
    expect(dirty.stderr).toMatch(/uncommitted changes[\s\S]*scratch\.txt/);
    expect(existsSync(marker)).toBe(false);
  });

  it('upgrade: a filter driver the repository configures is not run by git status', async () => {
    const dir = copyProject(devProject);
    const { script, marker } = markerScript(tmpDir('livrable-filter-'));
    gitIn(dir, 'init', '-q');
    gitIn(dir, 'add', '-A');
    gitIn(dir, 'commit', '-qm', 'generated');
    // after the commit: a clean, smudge and process filter on every file, an odd name included
    for (const name of ['evil', 'odd.name']) {
      for (const key of ['clean', 'smudge', 'process']) gitIn(dir, 'config', `filter.${name}.${key}`, script);
      gitIn(dir, 'config', `filter.${name}.required`, 'true');
    }
    writeFileSync(path.join(dir, '.git', 'info', 'attributes'), '* filter=evil\n*.md filter=odd.name\n');
    const touch = () => {
      for (const f of ['README.md', 'pyproject.toml']) utimesSync(path.join(dir, f), new Date(), new Date(Date.now() + 5_000));
    };
    // the trap works: git status re-reads the touched files through the filter
    touch();
    const trap = spawnSync('git', ['-c', 'core.fsmonitor=false', 'status', '--porcelain'], { cwd: dir, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    expect(trap.status).not.toBe(0); // the script is no real filter, and it is required
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    touch();
    const run = await cli(['upgrade', '--phase', 'production'], dir, { env: { PATH: git } });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it('create --git into a folder holding a .git: its hooks, fsmonitor, filters and signing program are not run', async () => {
    const parent = tmpDir('livrable-hooks-');
    const dir = path.join(parent, 'proj');
    mkdirSync(dir);
    gitIn(dir, 'init', '-q');
    const { script, marker } = markerScript(tmpDir('livrable-hookbin-'));
    for (const hook of ['pre-commit', 'post-commit', 'commit-msg', 'prepare-commit-msg', 'post-index-change']) {
      writeFileSync(path.join(dir, '.git', 'hooks', hook), readFileSync(script));
      chmodSync(path.join(dir, '.git', 'hooks', hook), 0o755);
    }
    gitIn(dir, 'config', 'core.fsmonitor', script);
    for (const key of ['clean', 'smudge', 'process']) gitIn(dir, 'config', `filter.evil.${key}`, script);
    writeFileSync(path.join(dir, '.git', 'info', 'attributes'), '* filter=evil\n');
    gitIn(dir, 'config', 'commit.gpgSign', 'true');
    gitIn(dir, 'config', 'gpg.program', script);
    const run = await cli(['proj', '--deliverable', 'api', '--yes', '--git', '--no-install'], parent, {
      env: { PATH: git },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(existsSync(marker)).toBe(false);
    expect(gitIn(dir, '-c', 'core.fsmonitor=false', 'log', '--oneline')).toMatch(/Initial commit from create-livrable/);
  });
});

// ── merges ──────────────────────────────────────────────────────────────────────────────────────

describe.concurrent('merges that must not surprise', () => {
  it('a README converted to CRLF merges by lines and stays all CRLF', async () => {
    const dir = copyProject(devProject);
    const paragraph = 'Our notes, written on Windows.\n\n';
    const crlf = read(dir, 'README.md').replace('## Quick start', `${paragraph}## Quick start`).replace(/\n/g, '\r\n');
    writeFileSync(path.join(dir, 'README.md'), crlf);
    const run = await cli(['upgrade', '--phase', 'production'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ {2}merge +README\.md/m);
    const merged = read(dir, 'README.md');
    expect(merged).toContain(paragraph.replace(/\n/g, '\r\n'));
    expect(merged).toContain('currently in the **production** phase');
    expect(merged).not.toMatch(/[^\r]\n/);
    expect(merged).not.toContain('<<<<<<<');
  });

  it('unresolved markers left by a previous upgrade stop the next one: exit 2, nothing written', async () => {
    const dir = copyProject(devProject);
    write(dir, 'README.md', read(dir, 'README.md').replace('currently in the **development** phase', 'in beta'));
    const first = await cli(['upgrade', '--phase', 'production'], dir);
    expect(first.status).toBe(3);
    expect(read(dir, 'README.md')).toContain('<<<<<<< yours');
    const snapshot = treeSnapshot(dir);
    const second = await cli(['upgrade', '--phase', 'maintenance'], dir);
    expectOneLineError(second, 2, /unresolved conflict markers \(<<<<<<<\) in README\.md:\d+/);
    expect(treeSnapshot(dir)).toEqual(snapshot);
  });
});

// ── one-line errors ─────────────────────────────────────────────────────────────────────────────

describe.concurrent('one-line errors, never a stack', () => {
  it('racing creates into the same new target: one wins, the other says so in one line', async () => {
    for (let round = 0; round < 4; round += 1) {
      const parent = tmpDir('livrable-race-');
      const create = () => cli(['proj', ...CREATE, '--name', 'demo'], parent);
      const runs = await Promise.all([create(), create()]);
      const statuses = runs.map((r) => r.status).sort();
      expect(statuses, runs.map((r) => r.stderr).join('\n')).toEqual([0, 2]);
      const loser = runs.find((r) => r.status === 2) as (typeof runs)[number];
      expectOneLineError(loser, 2, /created by another process|is not empty/);
      expect(readdirSync(parent)).toEqual(['proj']);
      expect(treeSnapshot(path.join(parent, 'proj'))).toEqual(treeSnapshot(devProject));
    }
  });

  it('racing creates into the same existing empty folder: one writes it, every other stops in one line, exit 2', async () => {
    for (let round = 0; round < 3; round += 1) {
      const parent = tmpDir('livrable-race-empty-');
      mkdirSync(path.join(parent, 'proj'));
      // each one blocks before staging, well after it found the folder empty: they all overlap
      const create = () => cli(['proj', ...CREATE, '--name', 'demo'], parent, { fault: { sleepAtMkdtemp: 1500 } });
      const runs = await Promise.all([create(), create(), create(), create()]);
      const statuses = runs.map((r) => r.status).sort();
      expect(statuses, runs.map((r) => r.stderr).join('\n')).toEqual([0, 2, 2, 2]);
      for (const loser of runs.filter((r) => r.status === 2)) {
        expectOneLineError(loser, 2, /is changing .* right now|is writing into .* right now|not empty|filled by another process/);
      }
      expect(readdirSync(parent)).toEqual(['proj']);
      expect(treeSnapshot(path.join(parent, 'proj'))).toEqual(treeSnapshot(devProject));
    }
  });

  it('a lock left by a killed create or upgrade is taken over; a live one stops the run', async () => {
    const dir = copyProject(devProject);
    // a live holder (this test's own process): refused, nothing written
    write(dir, '.livrable-upgrade-lock/pid', `${process.pid}\n`);
    const snapshot = treeSnapshot(dir);
    const busy = await cli(['upgrade', '--phase', 'production'], dir);
    expectOneLineError(busy, 2, new RegExp(`pid ${process.pid}.* right now`));
    expect(treeSnapshot(dir)).toEqual(snapshot);
    // a dead holder: removed, and the upgrade goes ahead
    write(dir, '.livrable-upgrade-lock/pid', '999999999\n');
    const run = await cli(['upgrade', '--phase', 'production'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(dir).filter((n) => n.startsWith('.livrable-upgrade-'))).toEqual([]);
  });

  it('a long target name: the temporary sibling is shortened; over 255 bytes, one line', async () => {
    const parent = tmpDir('livrable-long-');
    const long = 'é'.repeat(127); // 254 bytes
    const run = await cli([long, ...CREATE, '--name', 'demo'], parent);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(parent)).toEqual([long]);
    const tooLong = await cli(['x'.repeat(256), ...CREATE, '--name', 'demo'], parent);
    expectOneLineError(tooLong, 2, /256 bytes long; file systems allow 255/);
  });

  it('a missing nested target on a read-only mount', async () => {
    const parent = tmpDir('livrable-ro-');
    const run = await cli(['a/b/proj', ...CREATE, '--name', 'demo'], parent, { fault: { erofsUnder: parent } });
    expectOneLineError(run, 1, /EROFS: read-only file system, mkdir/);
    expect(readdirSync(parent)).toEqual([]);
  });
});
