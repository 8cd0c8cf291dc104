import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../generators/cli/main.js';
import { gitUserName } from '../generators/core/git-config.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { onPath } from '../generators/engine/post.js';
import { cleanTmpDirs, TEMPLATES, tmpDir } from './helpers.js';

afterAll(cleanTmpDirs);

/** A HOME whose ~/.gitconfig holds `text`, plus other files given by name. */
function home(text: string, others: Record<string, string> = {}): string {
  const dir = tmpDir('livrable-home-');
  writeFileSync(path.join(dir, '.gitconfig'), text);
  for (const [name, body] of Object.entries(others)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), body);
  }
  return dir;
}

describe('the config reader (runs that do not run git)', () => {
  it('follows [include] in place: relative, ~/, nested; a later value wins', () => {
    const dir = home('[user]\n\tname = Global\n[include]\n\tpath = conf/extra.inc\n', {
      'conf/extra.inc': '[user]\n  name = "From Include"\n[include]\n  path = ~/deeper.inc\n',
      'deeper.inc': '[user]\n  name = Deepest\n',
    });
    expect(gitUserName({ HOME: dir })).toBe('Deepest');
    const after = home('[include]\n\tpath = extra.inc\n[user]\n\tname = Set After\n', { 'extra.inc': '[user]\nname = Included\n' });
    expect(gitUserName({ HOME: after })).toBe('Set After');
  });

  it('ignores [includeIf] (about a repository, which such a run does not create) and survives a cycle', () => {
    const dir = home('[user]\n\tname = Plain\n[includeIf "gitdir:/"]\n\tpath = other.inc\n[include]\n\tpath = .gitconfig\n', {
      'other.inc': '[user]\n\tname = Conditional\n',
    });
    expect(gitUserName({ HOME: dir })).toBe('Plain');
  });

  it('GIT_CONFIG_GLOBAL replaces the global files, as for git', () => {
    const dir = home('[user]\n\tname = Home\n', { 'custom.conf': '[user]\n\tname = Custom\n' });
    expect(gitUserName({ HOME: dir, GIT_CONFIG_GLOBAL: path.join(dir, 'custom.conf') })).toBe('Custom');
  });
});

async function plannedAuthor(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  let out = '';
  const sink = (write: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        write(String(chunk));
        done();
      },
    });
  const code = await main(['proj', '--yes', '--dry-run', '--json', ...args], {
    store: createFsStore(TEMPLATES),
    version: '0.0.0',
    cwd: tmpDir(),
    env,
    stdin: process.stdin,
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink(() => {}),
  });
  expect(code).toBe(0);
  return JSON.parse(out).answers.author;
}

describe.runIf(onPath('git'))('the default author', () => {
  // Set in git's environment only: git sees it, a reader of the config files cannot.
  const fromGitOnly = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'Asked Git' };

  it('is what git says when the run will run git (includes and all)', async () => {
    const dir = home('[user]\n\tname = Home\n');
    expect(await plannedAuthor([], { PATH: process.env.PATH, HOME: dir, ...fromGitOnly })).toBe('Asked Git');
  });

  it('is read from the config files, following [include], with --no-git (no process)', async () => {
    const dir = home('[include]\n\tpath = extra.inc\n', { 'extra.inc': '[user]\n\tname = Included\n' });
    expect(await plannedAuthor(['--no-git'], { PATH: process.env.PATH, HOME: dir, ...fromGitOnly })).toBe('Included');
  });

  it('--author and GIT_AUTHOR_NAME win', async () => {
    const env = { PATH: process.env.PATH, HOME: home(''), ...fromGitOnly };
    expect(await plannedAuthor(['--author', 'Given'], env)).toBe('Given');
    expect(await plannedAuthor([], { ...env, GIT_AUTHOR_NAME: 'From Env' })).toBe('From Env');
  });
});
