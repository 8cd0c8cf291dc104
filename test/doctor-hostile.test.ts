// doctor on repositories built to break it: hostile .gitignore lines, trees too deep or too
// large, symbolic links out of the repository or into .git, a repository configuration that
// runs commands, conflict markers, files the YAML and TOML parsers refuse.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type Runtime } from '../generators/cli/main.js';
import { isIgnored, MAX_GLOBSTARS, parseIgnore } from '../generators/doctor/gitignore.js';
import { Repo, SCAN_LIMITS } from '../generators/doctor/repo.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { cleanTmpDirs, collector, PACKAGE_VERSION, ROOT, TEMPLATES, tmpDir } from './helpers.js';

const store = createFsStore(TEMPLATES);
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'doctor');
const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Doctor Test',
  GIT_AUTHOR_EMAIL: 'doctor@example.invalid',
  GIT_COMMITTER_NAME: 'Doctor Test',
  GIT_COMMITTER_EMAIL: 'doctor@example.invalid',
};
/** A key id of AWS's documentation, assembled so that no scanner flags this file. */
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');

afterAll(cleanTmpDirs, 120_000);

interface JsonCheck {
  id: string;
  status: string;
  detail: string;
  fix: string;
}
interface JsonAudit {
  meets: boolean;
  scan: { source: string; files: number; complete: boolean; limits: { limit: string; max: number; at: string }[] };
  notes: string[];
  checks: JsonCheck[];
}


async function doctor(args: string[], env: NodeJS.ProcessEnv = GIT_ENV): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = collector();
  const stderr = collector();
  const stdin = new PassThrough();
  stdin.end();
  const rt: Runtime = { store, version: PACKAGE_VERSION, cwd: ROOT, env, stdin, stdout: stdout.stream, stderr: stderr.stream };
  const code = await main(['doctor', ...args], rt);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function doctorJson(dir: string, ...args: string[]): Promise<{ code: number; json: JsonAudit }> {
  const result = await doctor([dir, '--json', ...args]);
  expect(result.stderr).toBe('');
  return { code: result.code, json: JSON.parse(result.stdout) as JsonAudit };
}

const byId = (json: JsonAudit, id: string): JsonCheck => {
  const check = json.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check;
};

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });

const write = (dir: string, rel: string, content: string | Buffer) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), content);
};

/** The hand-written good repository (passes development), in a fresh folder; committed when asked. */
function goodRepo(change: (dir: string) => void = () => {}, { commit = false } = {}): string {
  const dir = path.join(tmpDir('livrable-hostile-'), 'repo');
  cpSync(path.join(FIXTURES, 'good'), dir, { recursive: true });
  for (const [stored, real] of [['_gitignore', '.gitignore'], ['_github', '.github'], ['_env.example', '.env.example']]) {
    renameSync(path.join(dir, stored as string), path.join(dir, real as string));
  }
  change(dir);
  if (commit) {
    git(dir, 'init', '--quiet', '--template=', '--initial-branch=main');
    git(dir, 'add', '--all');
    git(dir, 'commit', '--quiet', '--no-verify', '-m', 'snapshot');
  }
  return dir;
}

/** A folder `depth` levels deep under dir/rel, made level by level (no path gets near PATH_MAX at once). */
function deepFolder(dir: string, rel: string, depth: number): string {
  let current = path.join(dir, rel);
  mkdirSync(current, { recursive: true });
  const segments: string[] = [rel];
  for (let i = 0; i < depth; i++) {
    segments.push('d');
    current = path.join(current, 'd');
    mkdirSync(current);
  }
  return segments.join('/');
}

// ---------------------------------------------------------------------------------------------

describe('.gitignore lines doctor cannot trust', () => {
  it('an invalid range, an unclosed bracket, an unknown class: reported with the line, never thrown', () => {
    const file = parseIgnore(['/data/', '[z-a]', 'build[', 'x[[:nope:]]', '*.pkl'].join('\n'));
    expect(file.problems).toEqual([
      expect.stringMatching(/^\.gitignore:2: `\[z-a\]`: the range `z-a` is reversed/),
      expect.stringMatching(/^\.gitignore:3: `build\[`: an unclosed `\[`/),
      expect.stringMatching(/^\.gitignore:4: `x\[\[:nope:\]\]`: unknown character class/),
    ]);
    // applied as git applies them (a reversed range keeps its first member only), the other lines still work
    expect(isIgnored(file, 'y')).toBe(false);
    expect(isIgnored(file, 'z')).toBe(true);
    expect(isIgnored(file, 'build[')).toBe(false);
    expect(isIgnored(file, 'data/raw.csv')).toBe(true);
    expect(isIgnored(file, 'a/model.pkl')).toBe(true);
    // git's own semantics through the library: case-sensitive, last rule wins, no re-include inside an ignored folder
    expect(isIgnored(parseIgnore('*.PKL'), 'model.pkl')).toBe(false);
    expect(isIgnored(parseIgnore('/data/*\n!data/keep.csv'), 'data/keep.csv')).toBe(false);
    expect(isIgnored(parseIgnore('/data/\n!data/keep.csv'), 'data/keep.csv')).toBe(true);
  });

  it(`a line with more than ${MAX_GLOBSTARS} \`**\` is reported and not applied`, () => {
    const file = parseIgnore('**/a/**/a/**/a/**/a/b\nkeep/**/x\n');
    expect(file.rules).toBe(1);
    expect(file.problems).toEqual([expect.stringMatching(/^\.gitignore:1: .*too costly to match, not applied$/)]);
  });

  it('backtracking lines on a deep tree: a bounded time, a warning with the line, nothing else fails', async () => {
    const hostile = [
      '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b',
      '**/a/**/a/**/a/b',
      '?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*b',
      '*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*b',
      '[z-a]',
    ];
    const dir = goodRepo((d) => {
      writeFileSync(path.join(d, '.gitignore'), `${readFileSync(path.join(d, '.gitignore'), 'utf8')}${hostile.join('\n')}\n`);
      // folders named a/a/a/… (what the patterns almost match), and long names of a's
      let rel = 'a';
      for (let i = 0; i < 60; i++) {
        write(d, `${rel}/${'a'.repeat(200)}`, 'x\n');
        rel += '/a';
      }
    });
    const started = Date.now();
    const { code, json } = await doctorJson(dir);
    expect(Date.now() - started).toBeLessThan(5_000);
    const gitignore = byId(json, 'development.gitignore');
    expect(gitignore.status).toBe('warn');
    expect(gitignore.detail).toMatch(/\.gitignore:\d+: `\[z-a\]`: the range `z-a` is reversed/);
    expect(gitignore.fix).toContain('Correct or remove');
    // not a git repository (the walk is what is tested): the only development failure
    expect(json.checks.filter((c) => c.status === 'fail' && c.id.startsWith('development.')).map((c) => c.id)).toEqual(['development.git']);
    expect(code).toBe(3);
  });

  it('without git, the .gitignore files of sub-folders count too', async () => {
    const dir = goodRepo((d) => {
      write(d, 'notes/.gitignore', 'creds.txt\n');
      write(d, 'notes/creds.txt', `aws key ${AWS_KEY}\n`);
      write(d, 'scratch/.gitignore', '*\n!keep.txt\n');
      write(d, 'scratch/keep.txt', `aws key ${AWS_KEY}\n`);
      write(d, 'scratch/junk.txt', `aws key ${AWS_KEY}\n`);
    });
    const { json } = await doctorJson(dir);
    expect(json.scan.source).toBe('walk');
    const secrets = byId(json, 'development.no-secrets');
    expect(secrets.status).toBe('fail');
    expect(secrets.detail).toContain('scratch/keep.txt:1');
    expect(secrets.detail).not.toContain('notes/creds.txt');
    expect(secrets.detail).not.toContain('junk.txt');
  });
});

describe('scan limits', () => {
  it('a tree 2,000 folders deep: walked in a bounded time, the depth limit reported, "no secrets" not claimed', async () => {
    const dir = goodRepo((d) => {
      const deep = deepFolder(d, 'deep', 2_000);
      // a secret below the depth limit: doctor cannot see it, so it must not say there is none
      writeFileSync(path.join(d, ...deep.split('/'), 'creds.txt'), `aws key ${AWS_KEY}\n`);
    });
    const started = Date.now();
    const { code, json } = await doctorJson(dir);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(json.scan.complete).toBe(false);
    expect(json.scan.limits).toEqual([{ limit: 'depth', max: SCAN_LIMITS.maxDepth, at: expect.stringMatching(/^deep(\/d)+$/) }]);
    expect(json.scan.limits[0]?.at.split('/')).toHaveLength(SCAN_LIMITS.maxDepth + 1);
    const secrets = byId(json, 'development.no-secrets');
    expect(secrets.status).toBe('warn');
    expect(secrets.detail).toContain(`folders deeper than ${SCAN_LIMITS.maxDepth} levels were not scanned`);
    expect(byId(json, 'development.conflict-markers').status).toBe('warn');
    expect(json.notes.join('\n')).toContain('incomplete scan');
    // not a git repository (the walk is what is tested): that is the only development failure
    expect(json.checks.filter((c) => c.status === 'fail' && c.id.startsWith('development.')).map((c) => c.id)).toEqual(['development.git']);
    expect(code).toBe(3);
    const text = await doctor([dir]);
    expect(text.stdout).toMatch(/^files: \d+ \(found by scanning the working tree, incomplete\)$/m);
    expect(text.stdout).toMatch(/^note: incomplete scan: folders deeper than 64 levels/m);
    expect(text.stdout).toMatch(/^\s+! development\.no-secrets\b/m);
    // Node's recursive rmSync recurses once per level: 2,000 levels overflow its stack
    execFileSync('rm', ['-rf', path.join(dir, 'deep')]);
  }, 60_000);

  it('a file over 1 MiB is taken for data and not scanned: a note says so, in the text and in --json', async () => {
    const dir = goodRepo((d) => {
      // a secret in a large log: not read, so doctor must say it did not look there
      write(d, 'logs/run.log', `${'x'.repeat(1024 * 1024)}\naws key ${AWS_KEY}\n`);
    }, { commit: true });
    const { json } = await doctorJson(dir);
    expect(json.notes).toContain(
      '1 file over 1 MiB was taken for data and not scanned for secrets or conflict markers (first: logs/run.log)',
    );
    const text = await doctor([dir]);
    expect(text.stdout).toMatch(/^note: 1 file over 1 MiB was taken for data and not scanned .*logs\/run\.log\)$/m);
    // a small repository has no such note
    const small = await doctorJson(goodRepo(() => {}, { commit: true }));
    expect(small.json.notes.filter((n) => n.includes('MiB'))).toEqual([]);
  });

  it(`more than ${SCAN_LIMITS.maxFiles.toLocaleString('en-US')} files: the scan stops at the limit and says so`, async () => {
    const dir = goodRepo((d) => {
      for (let folder = 0; folder < 51; folder++) {
        const sub = path.join(d, 'generated', String(folder).padStart(2, '0'));
        mkdirSync(sub, { recursive: true });
        for (let i = 0; i < 1_000; i++) writeFileSync(path.join(sub, `f${i}.txt`), '');
      }
      // after every generated file in walk order: the file the limit leaves out
      write(d, 'zz/creds.txt', `aws key ${AWS_KEY}\n`);
    });
    const { json } = await doctorJson(dir);
    expect(json.scan.files).toBe(SCAN_LIMITS.maxFiles);
    expect(json.scan.limits).toEqual([{ limit: 'files', max: SCAN_LIMITS.maxFiles, at: expect.stringMatching(/^generated\/\d+\/f\d+\.txt$/) }]);
    const secrets = byId(json, 'development.no-secrets');
    expect(secrets.status).toBe('warn');
    expect(secrets.detail).toContain('the scan stopped at 50,000 files');
  }, 120_000);
});

describe('content crafted to make a scan quadratic or the parser explode', () => {
  it('blank lines, continued Dockerfile lines, runs of spaces, deep and huge YAML: a bounded time, right answers', async () => {
    const dir = goodRepo((d) => {
      // `^\s*import` with the m flag rescans every run of blank lines from each of its lines
      write(d, 'src/penguin_stats/blank.py', '\n'.repeat(500_000));
      // re-testing a growing instruction at each continued line is quadratic
      write(d, 'Dockerfile', `FROM python:3.12.8-slim\n${'RUN true \\\n'.repeat(80_000)}RUN true\nUSER 10001\n`);
      // `[ \t]+$` retries from each space of a run that does not end the line
      writeFileSync(path.join(d, '.gitignore'), `${readFileSync(path.join(d, '.gitignore'), 'utf8')}${' '.repeat(200_000)}x\n`);
      // `schedule:[\s\S]*cron:` rescans the rest of the file from every `schedule:`
      write(d, 'Jenkinsfile', 'schedule:\n'.repeat(80_000));
      // flow nesting that makes the YAML parser run out of memory (a process abort, not an exception)
      write(d, '.github/workflows/deep.yml', `on: push\njobs: ${'['.repeat(250_000)}\n`);
      write(d, '.github/workflows/huge.yml', `on: push\njobs: ${'['.repeat(600_000)}\n`);
    });
    const started = Date.now();
    const { json } = await doctorJson(dir, '--phase', 'maintenance');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(byId(json, 'production.docker-user').status).toBe('pass');
    expect(byId(json, 'maintenance.scheduled-checks').status).toBe('fail');
    expect(byId(json, 'development.gitignore').detail).toMatch(/\.gitignore:\d+: .*longer than 1024 characters: not applied/);
  }, 60_000);
});

describe('symbolic links and .git', () => {
  it('.github linked to a folder outside: not read, and the report says so', async () => {
    const outside = tmpDir('livrable-outside-');
    write(outside, 'workflows/ci.yml', `on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv run pytest # ${AWS_KEY}\n`);
    const dir = goodRepo((d) => {
      cpSync(path.join(d, '.github'), path.join(outside, 'copy'), { recursive: true });
      execFileSync('rm', ['-r', path.join(d, '.github')]);
      symlinkSync(outside, path.join(d, '.github'));
    });
    const { json } = await doctorJson(dir);
    const ci = byId(json, 'development.ci');
    expect(ci.status).toBe('fail');
    expect(ci.detail).toContain('.github is a symbolic link out of the repository: not read');
    expect(json.notes).toContain('.github is a symbolic link out of the repository: not read');
    expect(JSON.stringify(json)).not.toContain(AWS_KEY);
  });

  it('a file linked outside (pyproject.toml) is not read; a link inside the repository is', async () => {
    const outside = tmpDir('livrable-outside-');
    writeFileSync(path.join(outside, 'pyproject.toml'), '[project]\nname = "x"\ndependencies = ["pandas"]\n[tool.ruff]\n');
    const dir = goodRepo((d) => {
      execFileSync('rm', [path.join(d, 'pyproject.toml')]);
      symlinkSync(path.join(outside, 'pyproject.toml'), path.join(d, 'pyproject.toml'));
      renameSync(path.join(d, 'README.md'), path.join(d, 'docs-README.md'));
      symlinkSync('docs-README.md', path.join(d, 'README.md'));
    });
    const { json } = await doctorJson(dir);
    expect(byId(json, 'development.dependencies').detail).toBe('no pyproject.toml');
    expect(byId(json, 'development.readme')).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^README\.md, \d+ words$/) });
    expect(json.notes).toContain('pyproject.toml is a symbolic link out of the repository: not read');
  });

  it('links into .git are refused, and nothing inside .git is ever read', async () => {
    const dir = goodRepo(() => {}, { commit: true });
    // a crafted workflow hidden inside .git, reached through a link from .github
    write(dir, '.git/crafted/workflows/ci.yml', 'on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pytest\n');
    execFileSync('rm', ['-r', path.join(dir, '.github')]);
    symlinkSync(path.join(dir, '.git', 'crafted'), path.join(dir, '.github'));
    const { json } = await doctorJson(dir);
    expect(byId(json, 'development.ci').detail).toContain('.github is a symbolic link into .git: not read');
  });

  it('git runs with fsmonitor and hooks disabled: a repository configuration cannot run a command', async () => {
    const dir = goodRepo(() => {}, { commit: true });
    const marker = path.join(tmpDir('livrable-marker-'), 'ran');
    const script = path.join(dir, '..', 'hook.sh');
    writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    git(dir, 'config', 'core.fsmonitor', script);
    mkdirSync(path.join(dir, '.git', 'hooks'), { recursive: true });
    for (const hook of ['post-index-change', 'reference-transaction', 'post-checkout']) {
      writeFileSync(path.join(dir, '.git', 'hooks', hook), `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    }
    // the same git, left to the repository's configuration, does run it (the probe works)
    execFileSync('git', ['status', '--porcelain'], { cwd: dir, env: GIT_ENV });
    expect(existsSync(marker)).toBe(true);
    execFileSync('rm', [marker]);
    const { json } = await doctorJson(dir);
    expect(json.scan.source).toBe('git');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('a change create-livrable left half done', () => {
  /** A staging folder as a killed upgrade leaves it, without its .gitignore: backups of a .env and a file with markers. */
  const stage = (d: string) => {
    const staging = '.livrable-upgrade-999999999-abcdef';
    write(d, `${staging}/journal.json`, '{}');
    write(d, `${staging}/backup/.env`, `AWS_KEY=${AWS_KEY}\n`);
    write(d, `${staging}/new/src/x.py`, '<<<<<<< yours\na\n=======\nb\n>>>>>>> create-livrable\n');
    return staging;
  };

  it.for([
    ['without git', false],
    ['with git (the folder untracked)', true],
  ] as const)('%s: development.interrupted-change fails naming --resume and --rollback; nothing inside is read', async ([, commit]) => {
    let staging = '';
    const dir = goodRepo((d) => {
      if (!commit) staging = stage(d);
    }, { commit });
    if (commit) staging = stage(dir);
    const { code, json } = await doctorJson(dir);
    const check = byId(json, 'development.interrupted-change');
    expect(check.status).toBe('fail');
    expect(check.detail).toContain(staging);
    expect(check.fix).toMatch(/upgrade .*--resume.*upgrade .*--rollback/);
    expect(code).toBe(3);
    // the backups are not the project's files: no secret, no markers, not counted
    expect(byId(json, 'development.no-secrets').status).toBe('pass');
    expect(byId(json, 'development.conflict-markers').status).toBe('pass');
    const clean = await doctorJson(goodRepo(() => {}, { commit }));
    expect(json.scan.files).toBe(clean.json.scan.files);
    expect(byId(clean.json, 'development.interrupted-change').status).toBe('pass');
  });

  it('the lock of a change running now warns with its pid; a stale one warns as left behind', async () => {
    const dir = goodRepo();
    write(dir, '.livrable-upgrade-lock/pid', `${process.pid}\n`);
    const running = byId((await doctorJson(dir)).json, 'development.interrupted-change');
    expect(running).toMatchObject({ status: 'warn', detail: expect.stringContaining(`(pid ${process.pid}) is changing this folder right now`) });
    write(dir, '.livrable-upgrade-lock/pid', '999999999\n');
    const stale = byId((await doctorJson(dir)).json, 'development.interrupted-change');
    expect(stale).toMatchObject({ status: 'warn', detail: expect.stringContaining('left by a finished or never-begun change') });
  });

  it('a FIFO named journal.json does not hang it', async () => {
    const dir = goodRepo();
    mkdirSync(path.join(dir, '.livrable-upgrade-999999999-fifo000'));
    execFileSync('mkfifo', [path.join(dir, '.livrable-upgrade-999999999-fifo000', 'journal.json')]);
    const { json } = await doctorJson(dir);
    expect(byId(json, 'development.interrupted-change').status).toBe('fail');
  });
});

describe('special files', () => {
  it('FIFOs where doctor reads (.gitignore, pyproject.toml, a workflow): no hang, treated as unreadable', async () => {
    const dir = goodRepo((d) => {
      for (const rel of ['.gitignore', 'pyproject.toml', '.github/workflows/ci.yml']) {
        execFileSync('rm', [path.join(d, rel)]);
        execFileSync('mkfifo', [path.join(d, rel)]);
      }
      write(d, 'notes/fifo-dir/.keep', '');
      execFileSync('mkfifo', [path.join(d, 'notes', 'pipe.txt')]);
    });
    const started = Date.now();
    const { json } = await doctorJson(dir);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(byId(json, 'development.gitignore').detail).toBe('no .gitignore');
    expect(byId(json, 'development.dependencies').detail).toBe('no pyproject.toml');
  });
});

describe('a git that does not answer', () => {
  it('is killed at the timeout and the work tree is scanned instead, with the reason', () => {
    const dir = goodRepo(() => {}, { commit: true });
    const bin = tmpDir('livrable-slowgit-');
    writeFileSync(path.join(bin, 'git'), '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    const started = Date.now();
    const repo = new Repo(dir, { ...GIT_ENV, PATH: `${bin}:${process.env.PATH ?? ''}` }, { gitTimeoutMs: 500 });
    expect(repo.scan.source).toBe('walk');
    expect(repo.scan.note).toBe('git did not answer within 0.5 s: scanned the working tree instead');
    expect(repo.files().map((f) => f.path)).toContain('pyproject.toml');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('conflict markers', () => {
  const conflicted = (a: string, b: string) => `<<<<<<< yours\n${a}\n=======\n${b}\n>>>>>>> create-livrable\n`;

  it('a committed file with unresolved markers fails development.conflict-markers, with the file and line', async () => {
    const dir = goodRepo(
      (d) => write(d, 'src/penguin_stats/config.py', `"""Config."""\n\n${conflicted('A = 1', 'A = 2')}`),
      { commit: true },
    );
    const { code, json } = await doctorJson(dir);
    const check = byId(json, 'development.conflict-markers');
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('src/penguin_stats/config.py:3');
    expect(check.fix).toContain('<<<<<<<');
    expect(code).toBe(3);
  });

  it('markers alone, or out of order, are not a conflict', async () => {
    const dir = goodRepo((d) => {
      write(d, 'docs/git.md', 'A conflict looks like:\n\n    <<<<<<< ours\n\nand\n=======\nis a heading underline.\n');
      write(d, 'docs/order.txt', '>>>>>>> theirs\n=======\n<<<<<<< ours\n');
    });
    const { json } = await doctorJson(dir);
    expect(byId(json, 'development.conflict-markers').status).toBe('pass');
  });

  it('a Dockerfile full of markers passes neither USER nor HEALTHCHECK', async () => {
    const dockerfile = [
      'FROM python:3.12.8-slim',
      '<<<<<<< yours',
      'USER 10001',
      'HEALTHCHECK CMD curl -f http://localhost:8000/health',
      '=======',
      'USER 10002',
      'HEALTHCHECK CMD true',
      '>>>>>>> create-livrable',
      'CMD ["python"]',
      '',
    ].join('\n');
    const dir = goodRepo((d) => write(d, 'Dockerfile', dockerfile));
    const { json } = await doctorJson(dir, '--phase', 'production');
    for (const id of ['production.docker-user', 'production.docker-healthcheck', 'production.docker-base-tag']) {
      expect(byId(json, id)).toMatchObject({ status: 'fail', detail: 'Dockerfile: unresolved conflict markers (line 2)' });
    }
  });
});

describe('YAML and TOML read by parsers', () => {
  it('a workflow that is not valid YAML fails development.ci with the line; a trailing comment does not run pytest', async () => {
    const broken = goodRepo((d) => write(d, '.github/workflows/ci.yml', 'on: push\njobs:\n  t:\n    steps: [\n'));
    const ci = byId((await doctorJson(broken)).json, 'development.ci');
    expect(ci.status).toBe('fail');
    expect(ci.detail).toMatch(/^not valid YAML, so it never runs: \.github\/workflows\/ci\.yml \(line \d+, column \d+: /);
    expect(ci.fix).toContain('yamllint');
    const commented = goodRepo((d) =>
      write(d, '.github/workflows/ci.yml', 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv run ruff check  # then pytest\n'),
    );
    expect(byId((await doctorJson(commented)).json, 'development.ci-tests').status).toBe('fail');
  });

  it('a flow-style schedule counts as a scheduled run', async () => {
    const dir = goodRepo((d) =>
      write(d, '.github/workflows/weekly.yml', "on: {schedule: [{cron: '0 6 * * 1'}]}\njobs: {t: {runs-on: ubuntu-latest, steps: [{run: uv run pytest}]}}\n"),
    );
    expect(byId((await doctorJson(dir, '--phase', 'maintenance')).json, 'maintenance.scheduled-checks').status).toBe('pass');
  });

  it('a pyproject.toml that is not valid TOML fails development.dependencies with the line, no crash', async () => {
    const dir = goodRepo((d) => writeFileSync(path.join(d, 'pyproject.toml'), '[project]\nname = "x\ndependencies = ["pandas"]\n'));
    const { json } = await doctorJson(dir);
    expect(byId(json, 'development.dependencies').detail).toMatch(/^pyproject\.toml is not valid TOML \(line 2, column \d+: /);
  });

  it('a manifest that is not valid YAML is named when the Kubernetes checks fail; an alias bomb is refused', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      return `${next}: &${next} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
    }), 'kind: Deployment', 'apiVersion: apps/v1'].join('\n');
    const dir = goodRepo((d) => {
      write(d, 'deploy/broken.yaml', 'kind: Deployment\napiVersion: apps/v1\nmetadata: [\n');
      write(d, 'deploy/bomb.yaml', `${bomb}\n`);
    });
    const started = Date.now();
    const { json } = await doctorJson(dir, '--phase', 'production');
    expect(Date.now() - started).toBeLessThan(5_000);
    const k8s = byId(json, 'production.kubernetes');
    expect(k8s.status).toBe('fail');
    expect(k8s.detail).toContain('deploy/broken.yaml (line');
  });

  it('a file name with a newline stays on one line of the text report', async () => {
    const dir = goodRepo((d) => write(d, 'notes/evil\nname.txt', `aws key ${AWS_KEY}\n`));
    const { stdout } = await doctor([dir]);
    const line = stdout.split('\n').find((l) => l.includes('development.no-secrets') && l.includes('evil'));
    expect(line).toContain('notes/evil\\u000aname.txt:1');
  });
});
