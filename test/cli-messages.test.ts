import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RECORD_PATH } from '../generators/engine/record.js';
import { cleanTmpDirs, ROOT, tmpDir, treeSnapshot } from './helpers.js';

// What the built CLI says when something is off: one line a person can act on.
const BIN = path.join(ROOT, 'bin', 'create-livrable.cjs');
afterAll(cleanTmpDirs);

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: '', HOME: cwd, GIT_AUTHOR_NAME: 'Tester', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end();
  });
}

const answersOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, RECORD_PATH), 'utf8')).answers;
const oneLine = (text: string) => expect(text.trim().split('\n')).toHaveLength(1);

describe.concurrent('mistyped flags and values', () => {
  it('choices in another case are accepted and recorded canonically', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--deliverable', 'API', '--license', 'mit', '--phase', 'Development', '--yes', '--no-git', '--no-install'], cwd);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(answersOf(path.join(cwd, 'proj'))).toMatchObject({ deliverable: 'api', license: 'MIT', phase: 'development' });
    // the one-shot command repeats the canonical spelling
    expect(result.stdout).toContain('--deliverable api ');
  });

  it('--deliverable apu: did you mean api? (2, one line, nothing written)', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--deliverable', 'apu', '--yes', '--no-git', '--no-install'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Invalid --deliverable "apu"\. Did you mean api\?/);
    oneLine(result.stderr);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--deliverabl: did you mean --deliverable?', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--deliverabl', 'api', '--yes'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown option --deliverabl\. Did you mean --deliverable\?/);
    oneLine(result.stderr);
  });

  it('--deliverable --yes: the missing value in one line, not the parser text', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--deliverable', '--yes'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--deliverable needs a value \(one of api, app, report, website\)/);
    expect(result.stderr).not.toMatch(/ambiguous|Did you forget/);
    oneLine(result.stderr);
  });

  it('npm create without --: the options npm kept are named, with the command that passes them', async () => {
    const cwd = tmpDir();
    // `npm create livrable proj --deliverable api --phase production`: npm keeps both
    const result = await run(['proj'], cwd, { npm_config_deliverable: 'api', npm_config_phase: 'production', npm_command: 'exec' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm create livrable@latest proj -- --deliverable api --phase production');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe.concurrent('--dry-run into a folder the real run would refuse', () => {
  function nonEmpty(): string {
    const cwd = tmpDir();
    mkdirSync(path.join(cwd, 'proj'));
    writeFileSync(path.join(cwd, 'proj', 'mine.txt'), 'mine');
    return cwd;
  }

  it.each([[[]], [['--json']]])('non-empty %j: the plan, then a note that the real run exits 2; nothing touched', async (extra) => {
    const cwd = nonEmpty();
    const before = treeSnapshot(cwd);
    const result = await run(['proj', '--yes', '--dry-run', ...extra], cwd);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^note: .*proj is not empty: without --dry-run this run would be refused \(exit 2\)\. Pass --overwrite/);
    oneLine(result.stderr);
    if (extra.length) expect(JSON.parse(result.stdout).files.length).toBeGreaterThan(0);
    expect(treeSnapshot(cwd)).toEqual(before);
  });

  it('with --overwrite: no note', async () => {
    const result = await run(['proj', '--yes', '--dry-run', '--overwrite'], nonEmpty());
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('a file where the folder would go: the refusal the real run would give', async () => {
    const cwd = tmpDir();
    writeFileSync(path.join(cwd, 'proj'), 'a file');
    const result = await run(['proj', '--yes', '--dry-run'], cwd);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^note: without --dry-run this run would be refused \(exit 2\): .*not a directory/);
  });
});

describe.concurrent('presets', () => {
  async function withPreset(name: string, content: string, extra: string[] = []): Promise<Result & { cwd: string }> {
    const cwd = tmpDir();
    writeFileSync(path.join(cwd, name), content);
    return { cwd, ...(await run(['proj', '--preset', name, '--yes', '--no-git', '--no-install', ...extra], cwd)) };
  }

  it('an unquoted python: 3.10 is explained: YAML read it as 3.1', async () => {
    const result = await withPreset('class.yaml', 'deliverable: api\npython: 3.10\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Invalid --python "3.10" (key "python" of the preset');
    expect(result.stderr).toContain('class.yaml');
    expect(result.stderr).toMatch(/YAML reads an unquoted 3\.10 as the number 3\.1: write versions in quotes/);
    oneLine(result.stderr);
  });

  it('an unquoted number is taken as written (1.10 stays 1.10, not 1.1); 3.12 unquoted is fine', async () => {
    const result = await withPreset('class.yaml', 'description: 1.10\npython: 3.12\ndeliverable: Report\n');
    expect(result.stderr).toBe('');
    expect(answersOf(path.join(result.cwd, 'proj'))).toMatchObject({ description: '1.10', python: '3.12', deliverable: 'report' });
  });

  it('a bad value names the file and the key, and suggests', async () => {
    const result = await withPreset('class.json', '{"deliverable": "webiste"}');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/key "deliverable" of the preset ".*class\.json"\)\. Did you mean website\?/);
    oneLine(result.stderr);
  });

  it('a value that is not text names the file and the key', async () => {
    const result = await withPreset('class.yaml', 'deliverable: api\nauthor:\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/key "author" of the preset ".*class\.yaml" must be text/);
  });

  it('an unknown key suggests the one meant', async () => {
    const result = await withPreset('class.yaml', 'deliverabel: api\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown key "deliverabel" in the preset ".*class\.yaml"\. Did you mean "deliverable"\?/);
  });

  it('invalid YAML: one line with the position, then the code frame', async () => {
    const result = await withPreset('class.yaml', 'deliverable: api\n  phase: development\n');
    expect(result.status).toBe(2);
    const [first, ...frame] = result.stderr.trimEnd().split('\n');
    expect(first).toMatch(/preset ".*class\.yaml" is not valid YAML: .* at line 1, column 14:$/);
    expect(frame).toContain('deliverable: api');
    expect(frame.at(-1)).toMatch(/^ {13}\^$/);
    expect(existsSync(path.join(result.cwd, 'proj'))).toBe(false);
  });
});

describe.concurrent('--help', () => {
  it('shows the keys --dry-run --json really prints', async () => {
    const cwd = tmpDir();
    const [help, dry] = await Promise.all([run(['--help'], cwd), run(['proj', '--yes', '--dry-run', '--json'], cwd)]);
    const keys = new Set<string>();
    const collect = (value: unknown, parent: string) => {
      if (Array.isArray(value)) {
        for (const v of value) collect(v, parent);
        return;
      }
      if (value === null || typeof value !== 'object' || parent === 'answers') return;
      for (const [key, child] of Object.entries(value)) {
        keys.add(key);
        collect(child, key);
      }
    };
    collect(JSON.parse(dry.stdout), '');
    expect(keys.size).toBeGreaterThan(4);
    for (const key of keys) expect(help.stdout, key).toContain(`"${key}"`);
  });
});

describe('README command 1', () => {
  it('writes its example project where the clone ignores it (no nested repository to commit)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const command = readme.split('\n').find((line) => line.includes('node bin/create-livrable.cjs'));
    const dir = command?.match(/node bin\/create-livrable\.cjs (\S+)/)?.[1];
    expect(dir).toBeTruthy();
    const ignored = readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toContain(`/${dir}/`);
  });
});
