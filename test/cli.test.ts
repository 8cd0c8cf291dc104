import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_OPTIONS, DELIVERABLES, PHASES } from '../generators/core/domain.js';
import { resolveAnswers, type RawAnswers } from '../generators/core/answers.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { plan, type PlannedFile } from '../generators/engine/plan.js';
import { RECORD_PATH } from '../generators/engine/record.js';
import { cleanTmpDirs, listFiles, PACKAGE_VERSION, ROOT, TEMPLATES, tmpDir, treeSnapshot } from './helpers.js';

const BIN = path.join(ROOT, 'bin', 'create-livrable.cjs');
const AUTHOR = 'CLI Tester';
const store = createFsStore(TEMPLATES);

/** A bin folder with nothing in it: by default the CLI cannot find (and so cannot run) git or uv. */
let emptyBin: string;
let home: string;

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'create-livrable.cjs'))) {
    throw new Error('dist/create-livrable.cjs is missing: run `npm test` (it builds first) or `npm run build`.');
  }
  emptyBin = tmpDir('livrable-emptybin-');
  home = tmpDir('livrable-home-');
});

afterAll(cleanTmpDirs);

interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the built bin; async so that the tests of a file can overlap (each spawn is mostly waiting). */
async function run(args: string[], { cwd, env = {} }: RunOptions): Promise<RunResult> {
  const result = await new Promise<RunResult & { timedOut: boolean }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      // no CI, no TTY (stdin is a pipe, closed at once): the CLI must decide without prompting
      env: { PATH: emptyBin, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), GIT_AUTHOR_NAME: AUTHOR, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, 15_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut });
    });
    child.stdin.end();
  });
  // never hangs, never killed
  expect(result.timedOut).toBe(false);
  expect(result.signal).toBeNull();
  return result;
}

function expectNoStackTrace(result: RunResult): void {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/unexpected error/);
}

/** The plan the source (fs store) makes for what the CLI was told; the bundle must agree with it. */
function expectedPlan(raw: RawAnswers, directoryName: string): PlannedFile[] {
  const answers = resolveAnswers(raw, { directoryName, defaultAuthor: AUTHOR });
  return plan(answers, { store, generatorVersion: PACKAGE_VERSION });
}

function record(target: string): { answers: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(target, RECORD_PATH), 'utf8'));
}

describe.concurrent('--help and --version', () => {
  it('--help exits 0 and lists every option, its choices and the exit codes', async () => {
    const cwd = tmpDir();
    const result = await run(['--help'], { cwd });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    for (const option of ANSWER_OPTIONS) {
      expect(result.stdout).toContain(`--${option.key}`);
      for (const choice of option.choices ?? []) expect(result.stdout).toContain(choice.value);
    }
    for (const flag of ['--preset', '--yes', '--dry-run', '--json', '--overwrite', '--no-git', '--no-install', '--no-interactive']) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).toMatch(/Exit codes/i);
    for (const code of [0, 1, 2]) expect(result.stdout).toMatch(new RegExp(`^\\s+${code}\\s+\\S`, 'm'));
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('-h is --help', async () => {
    const result = await run(['-h'], { cwd: tmpDir() });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Exit codes/i);
  });

  it.each([['--version'], ['-v']])('%s prints the package.json version', async (flag) => {
    const result = await run([flag], { cwd: tmpDir() });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(PACKAGE_VERSION);
  });
});

describe.concurrent('creating a project', () => {
  it.each(DELIVERABLES)('--deliverable %s --yes writes exactly the planned files', async (deliverable) => {
    const cwd = tmpDir();
    const dir = `proj-${deliverable}`;
    const result = await run([dir, '--deliverable', deliverable, '--yes', '--no-git', '--no-install'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const target = path.join(cwd, dir);
    const files = expectedPlan({ deliverable }, dir);
    expect(listFiles(target)).toEqual(files.map((f) => f.path).sort());
    for (const file of files) {
      const written = path.join(target, file.path);
      expect(readFileSync(written).equals(file.content), file.path).toBe(true);
      expect((statSync(written).mode & 0o111) !== 0, `${file.path} executable`).toBe(file.executable);
    }
    expect(record(target).answers).toMatchObject({ deliverable, author: AUTHOR, package: `proj_${deliverable}` });
    // nothing beside the project (no staging folder)
    expect(readdirSync(cwd)).toEqual([dir]);
    // the summary names the project and a command that reproduces it
    expect(result.stdout).toContain(target);
    expect(result.stdout).toContain(`--deliverable ${deliverable}`);
  });

  it('without --yes, a non-interactive run with every required answer given needs no prompt', async () => {
    const cwd = tmpDir();
    const args = ['proj', '--deliverable', 'app', '--phase', PHASES[0]!, '--no-git', '--no-install'];
    const result = await run(args, { cwd });
    expect(result.status).toBe(0);
    expect(record(path.join(cwd, 'proj')).answers.deliverable).toBe('app');
  });

  it('takes every project option from flags', async () => {
    const cwd = tmpDir();
    const result = await run(
      [
        'some dir',
        '--yes',
        '--no-git',
        '--no-install',
        '--deliverable=report',
        '--name',
        'Churn "Study" & Co',
        '--package',
        'churn',
        '--description',
        `It's #1: "quoted" \\ text`,
        '--author',
        'Ada',
        '--license',
        'none',
        '--python',
        '3.13',
      ],
      { cwd },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const target = path.join(cwd, 'some dir');
    expect(record(target).answers).toMatchObject({
      deliverable: 'report',
      name: 'Churn "Study" & Co',
      distribution: 'churn-study-co',
      package: 'churn',
      description: `It's #1: "quoted" \\ text`,
      author: 'Ada',
      license: 'none',
      python: '3.13',
    });
    expect(existsSync(path.join(target, 'src', 'churn', '__init__.py'))).toBe(true);
    expect(existsSync(path.join(target, 'LICENSE'))).toBe(false);
  });

  it('a directory whose name makes a bad import name is refused (2) with a --package hint; --package fixes it', async () => {
    const cwd = tmpDir();
    const bad = await run(['2024-report', '--yes', '--no-git', '--no-install'], { cwd });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--package/);
    expectNoStackTrace(bad);
    expect(readdirSync(cwd)).toEqual([]);
    const good = await run(['2024-report', '--yes', '--no-git', '--no-install', '--package', 'report_2024'], { cwd });
    expect(good.status).toBe(0);
    expect(existsSync(path.join(cwd, '2024-report', 'src', 'report_2024'))).toBe(true);
  });

  it('a Windows reserved directory name is refused (2)', async () => {
    const cwd = tmpDir();
    const result = await run(['CON', '--yes', '--no-git', '--no-install'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/reserved/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe.concurrent('--dry-run', () => {
  it('prints every planned path with its template (and fragments) and writes nothing', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--deliverable', 'website', '--phase', 'maintenance', '--yes', '--dry-run'], { cwd });
    expect(result.status).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    const files = expectedPlan({ deliverable: 'website', phase: 'maintenance' }, 'proj');
    const lines = result.stdout.split('\n');
    for (const file of files) {
      const source = file.template ? `← templates/${file.template}` : `← (${file.layer}: computed)`;
      const at = lines.findIndex((line) => line.trim().startsWith(`${file.path} `));
      expect(lines[at], file.path).toContain(source);
      // The fragments composed into it, one per line right below, in order.
      const below = lines.slice(at + 1, at + 1 + (file.fragments?.length ?? 0)).map((l) => l.trim());
      expect(below, file.path).toEqual((file.fragments ?? []).map((f) => `+ templates/${f}`));
    }
    expect(files.find((f) => f.path === 'README.md')?.fragments?.length).toBeGreaterThan(2);
    expect(result.stdout).toContain(String(files.length));
  });

  it('every template path it prints is a file of the package: one hop to the source', async () => {
    const result = await run(['proj', '--deliverable', 'api', '--phase', 'maintenance', '--yes', '--dry-run', '--json'], { cwd: tmpDir() });
    const json = JSON.parse(result.stdout) as { files: { template: string | null; fragments?: string[] }[] };
    const paths = json.files.flatMap((f) => [...(f.template ? [f.template] : []), ...(f.fragments ?? [])]);
    expect(paths.length).toBeGreaterThan(json.files.length);
    for (const p of paths) expect(existsSync(path.join(ROOT, p)), p).toBe(true);
  });

  it('--json prints {target, answers, layers, files[{path, layer, template, fragments?}]} and writes nothing', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--deliverable', 'report', '--yes', '--dry-run', '--json'], { cwd });
    expect(result.status).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    const json = JSON.parse(result.stdout);
    expect(json.target).toBe(path.join(cwd, 'proj'));
    const files = expectedPlan({ deliverable: 'report' }, 'proj');
    expect(json.files).toEqual(
      files.map((f) => ({
        path: f.path,
        layer: f.layer,
        template: f.template ? `templates/${f.template}` : null,
        ...(f.fragments ? { fragments: f.fragments.map((x) => `templates/${x}`) } : {}),
      })),
    );
    if (json.answers !== undefined) {
      expect(json.answers).toEqual(resolveAnswers({ deliverable: 'report' }, { directoryName: 'proj', defaultAuthor: AUTHOR }));
    }
    if (json.layers !== undefined) {
      const ids = (json.layers as { id: string }[]).map((l) => l.id);
      for (const file of files.slice(0, -1)) expect(ids, file.path).toContain(file.layer);
    }
  });

  it('--dry-run on a non-empty target still prints the plan and touches nothing', async () => {
    const cwd = tmpDir();
    mkdirSync(path.join(cwd, 'proj'));
    writeFileSync(path.join(cwd, 'proj', 'mine.txt'), 'mine');
    const before = treeSnapshot(cwd);
    const result = await run(['proj', '--yes', '--dry-run', '--json'], { cwd });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).files.length).toBeGreaterThan(0);
    expect(treeSnapshot(cwd)).toEqual(before);
  });

  it('--json without --dry-run is a usage error (2)', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--yes', '--json', '--no-git', '--no-install'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--dry-run/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe.concurrent('usage and validation errors exit 2 and write nothing', () => {
  it('an unknown --deliverable lists the choices, without a stack trace', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--deliverable', 'foo', '--yes', '--no-git', '--no-install'], { cwd });
    expect(result.status).toBe(2);
    for (const d of DELIVERABLES) expect(result.stderr).toContain(d);
    expect(result.stderr).toContain('foo');
    expectNoStackTrace(result);
    expect(result.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('an unknown flag points at --help', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--frobnicate', '--yes'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--frobnicate/);
    expect(result.stderr).toMatch(/--help/);
    expectNoStackTrace(result);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('two positionals are refused', async () => {
    const cwd = tmpDir();
    const result = await run(['my', 'project', '--yes'], { cwd });
    expect(result.status).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a non-empty target is refused and left untouched', async () => {
    const cwd = tmpDir();
    mkdirSync(path.join(cwd, 'proj', 'src'), { recursive: true });
    writeFileSync(path.join(cwd, 'proj', 'README.md'), 'my own readme');
    writeFileSync(path.join(cwd, 'proj', 'src', 'notes.txt'), 'notes');
    const before = treeSnapshot(cwd);
    const result = await run(['proj', '--deliverable', 'api', '--yes', '--no-git', '--no-install'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/not empty/);
    expect(result.stderr).toMatch(/--overwrite/);
    expectNoStackTrace(result);
    expect(treeSnapshot(cwd)).toEqual(before);
  });

  it('--overwrite writes into a non-empty target and keeps unrelated files', async () => {
    const cwd = tmpDir();
    mkdirSync(path.join(cwd, 'proj'));
    writeFileSync(path.join(cwd, 'proj', 'mine.txt'), 'mine');
    writeFileSync(path.join(cwd, 'proj', 'README.md'), 'old readme');
    const result = await run(['proj', '--yes', '--overwrite', '--no-git', '--no-install'], { cwd });
    expect(result.status).toBe(0);
    expect(readFileSync(path.join(cwd, 'proj', 'mine.txt'), 'utf8')).toBe('mine');
    const readme = expectedPlan({}, 'proj').find((f) => f.path === 'README.md')!;
    expect(readFileSync(path.join(cwd, 'proj', 'README.md')).equals(readme.content)).toBe(true);
  });

  it('no TTY and no answers: exits 2 naming every missing answer, without waiting for input', async () => {
    const cwd = tmpDir();
    const result = await run([], { cwd });
    expect(result.status).toBe(2);
    for (const name of ['[directory]', '--deliverable', '--phase']) expect(result.stderr).toContain(name);
    expect(result.stderr).toMatch(/--yes/);
    expectNoStackTrace(result);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('no TTY with a directory but no choices: names only the missing flags', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--deliverable', 'api'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--phase');
    expect(result.stderr).not.toContain('[directory]');
    expect(result.stderr).not.toContain('--deliverable');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--no-interactive behaves the same', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--no-interactive'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--deliverable');
  });


  it('a parent that cannot be written: fails, says why, leaves nothing behind', async () => {
    const cwd = tmpDir();
    writeFileSync(path.join(cwd, 'a-file'), 'not a folder');
    const before = treeSnapshot(cwd);
    const result = await run(['a-file/sub/proj', '--yes', '--no-git', '--no-install'], { cwd });
    expect(result.status).not.toBe(0);
    expect([1, 2]).toContain(result.status);
    expect(result.stderr).toMatch(/ENOTDIR|not a directory/i);
    expect(treeSnapshot(cwd)).toEqual(before);
  });

});

describe.concurrent('--preset', () => {
  it('reads a JSON preset; flags override it', async () => {
    const cwd = tmpDir();
    writeFileSync(
      path.join(cwd, 'class.json'),
      JSON.stringify({ deliverable: 'app', phase: PHASES[0], license: 'none', description: 'From the preset' }),
    );
    const result = await run(['proj', '--preset', 'class.json', '--description', 'From the flag', '--no-git', '--no-install'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(record(path.join(cwd, 'proj')).answers).toMatchObject({
      deliverable: 'app',
      license: 'none',
      description: 'From the flag',
    });
  });

  it('reads a YAML preset; flags override it', async () => {
    const cwd = tmpDir();
    writeFileSync(
      path.join(cwd, 'class.yaml'),
      `# handed out to a class\ndeliverable: report\nphase: ${PHASES[0]}\nauthor: "Preset Author"\npython: "3.12"\n`,
    );
    const result = await run(['proj', '--preset', 'class.yaml', '--deliverable', 'website', '--no-git', '--no-install'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(record(path.join(cwd, 'proj')).answers).toMatchObject({
      deliverable: 'website',
      author: 'Preset Author',
      python: '3.12',
    });
  });

  it.each([
    ['an unknown key', 'bad.yaml', 'deliverable: api\ncolour: blue\n', /colour/],
    ['an invalid value', 'bad.json', '{"deliverable": "cli"}', /cli/],
    ['invalid YAML', 'bad.yaml', 'deliverable: [api\n', /YAML/],
    ['invalid JSON', 'bad.json', '{deliverable: api', /JSON/],
    ['not a mapping', 'bad.yaml', '- api\n- app\n', /mapping/],
  ])('%s is refused (2)', async (_label, file, content, message) => {
    const cwd = tmpDir();
    writeFileSync(path.join(cwd, file), content);
    const before = treeSnapshot(cwd);
    const result = await run(['proj', '--preset', file, '--yes', '--no-git', '--no-install'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expectNoStackTrace(result);
    expect(treeSnapshot(cwd)).toEqual(before);
  });

  it('a missing preset file is refused (2)', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--preset', 'nowhere.yaml', '--yes', '--no-git', '--no-install'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('nowhere.yaml');
    expectNoStackTrace(result);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe.concurrent('git and uv', () => {
  /** A bin folder whose git and uv only log their arguments and working directory. */
  function fakeTools(uvExit = 0): { bin: string; markers: string } {
    const bin = tmpDir('livrable-fakebin-');
    const markers = tmpDir('livrable-markers-');
    for (const [tool, exit] of [
      ['git', 0],
      ['uv', uvExit],
    ] as const) {
      const script = path.join(bin, tool);
      writeFileSync(script, `#!/bin/sh\necho "$(pwd) ${tool} $*" >> "$MARKERS/${tool}.log"\nexit ${exit}\n`);
      chmodSync(script, 0o755);
    }
    return { bin, markers };
  }

  const log = (markers: string, tool: string) =>
    existsSync(path.join(markers, `${tool}.log`)) ? readFileSync(path.join(markers, `${tool}.log`), 'utf8') : '';

  it('--no-git --no-install spawns nothing, even with git and uv on PATH', async () => {
    const { bin, markers } = fakeTools();
    const cwd = tmpDir();
    const result = await run(['proj', '--yes', '--no-git', '--no-install'], { cwd, env: { PATH: bin, MARKERS: markers } });
    expect(result.status).toBe(0);
    expect(readdirSync(markers)).toEqual([]);
  });

  it('--git --install runs uv lock, uv sync, git init/add/commit in the project', async () => {
    const { bin, markers } = fakeTools();
    const cwd = tmpDir();
    const result = await run(['proj', '--yes', '--git', '--install'], { cwd, env: { PATH: bin, MARKERS: markers } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const target = path.join(cwd, 'proj');
    const uv = log(markers, 'uv').trim().split('\n');
    expect(uv).toEqual([`${target} uv lock`, `${target} uv sync`]);
    // every git call with the repository's hooks, fsmonitor and signing off (a target may hold a .git)
    const safe = 'git -c core.fsmonitor=false -c core.hooksPath=/dev/null -c commit.gpgSign=false';
    const git = log(markers, 'git');
    expect(git).toContain(`${target} ${safe} init`);
    expect(git).toContain(`${target} ${safe} add`);
    expect(git).toContain(`${target} ${safe} commit`);
    expect(git.trim().split('\n').every((line) => line.startsWith(`${target} ${safe} `))).toBe(true);
    expect(git.indexOf(' init --quiet')).toBeLessThan(git.indexOf(' commit --quiet'));
  });

  it('by default, runs git and uv when they are on PATH', async () => {
    const { bin, markers } = fakeTools();
    const cwd = tmpDir();
    const result = await run(['proj', '--yes'], { cwd, env: { PATH: bin, MARKERS: markers } });
    expect(result.status).toBe(0);
    expect(log(markers, 'uv')).toContain('uv lock');
    expect(log(markers, 'git')).toMatch(/ git .* init/);
  });

  it('by default, without git and uv on PATH, still creates the project', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--yes'], { cwd });
    expect(result.status).toBe(0);
    // not even tried: no "failed" warning
    expect(result.stderr).toBe('');
    expect(existsSync(path.join(cwd, 'proj', RECORD_PATH))).toBe(true);
    expect(result.stdout).toMatch(/uv sync/);
  });

  it('a failing uv is a warning: the project stays, exit 0', async () => {
    const { bin, markers } = fakeTools(1);
    const cwd = tmpDir();
    const result = await run(['proj', '--yes', '--install', '--no-git'], { cwd, env: { PATH: bin, MARKERS: markers } });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/warning/);
    expect(result.stderr).toMatch(/uv lock/);
    expect(log(markers, 'uv')).not.toContain('uv sync');
    expect(existsSync(path.join(cwd, 'proj', RECORD_PATH))).toBe(true);
  });
});
