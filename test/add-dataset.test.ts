import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTmpDirs, ROOT, tmpDir, treeSnapshot } from './helpers.js';

// `create-livrable add dataset FILE --target COL`: its refusals and a dry run on a generated
// project (the built bin), which reads the file, infers the spec and writes nothing.

const BIN = path.join(ROOT, 'bin', 'create-livrable.cjs');
const ENV = { PATH: process.env.PATH, HOME: '/nonexistent', GIT_AUTHOR_NAME: 't', CI: '1' };

afterAll(cleanTmpDirs);

function cli(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, env: ENV, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function project(): string {
  const parent = tmpDir('livrable-add-dataset-');
  const made = cli(parent, 'demo', '--deliverable', 'api', '--phase', 'development', '--no-git', '--no-install', '--yes');
  expect(made.code, made.stderr).toBe(0);
  const lines = ['price,rooms,city'];
  for (let i = 0; i < 40; i++) lines.push(`${100 + i * 7.5},${1 + (i % 5)},${['Lyon', 'Paris', 'Nice'][i % 3]}`);
  writeFileSync(path.join(parent, 'homes.csv'), `${lines.join('\n')}\n`);
  return parent;
}

describe('add dataset', () => {
  it('a dry run reads the file, prints the inferred spec and writes nothing', () => {
    const parent = project();
    const before = treeSnapshot(parent);
    const run = cli(parent, 'add', 'dataset', 'homes.csv', '--target', 'price', 'demo', '--dry-run', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.target).toBe(path.join(parent, 'demo'));
    expect(json.dataset).toMatchObject({ title: 'Homes', sampleFile: 'homes.csv', rows: 40, target: { name: 'price', task: 'regression' } });
    expect(json.dataset.features.map((f: { name: string; kind: string }) => `${f.name}:${f.kind}`)).toEqual(['rooms:categorical', 'city:categorical']);
    expect(Object.keys(json)).toEqual(['target', 'dataset', 'actions', 'counts', 'conflicts']);
    const text = cli(parent, 'add', 'dataset', 'homes.csv', '--target', 'price', 'demo', '--dry-run');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([
      'Dry run: add dataset homes.csv would do:',
      'Dataset: Homes, target "price" (regression), 2 features, 40 rows in homes.csv',
    ]);
    expect(treeSnapshot(parent)).toEqual(before);
  });

  it('refuses, in one line with exit 2: no file, no --target, --target elsewhere, not a project, a bad file', () => {
    const parent = project();
    mkdirSync(path.join(parent, 'empty'));
    const cases: [string[], string][] = [
      [['add', 'dataset'], 'Missing <file>: create-livrable add dataset <file> --target <column> [directory].'],
      [['add', 'dataset', 'homes.csv', 'demo'], '`add dataset` needs --target: name the column to predict.'],
      [['add', 'step', 'clean', 'demo', '--target', 'x'], '--target goes with `add dataset`.'],
      [['add', 'dataset', 'homes.csv', '--target', 'price', 'empty'], ''],
      [['add', 'dataset', 'homes.csv', '--target', 'prise', 'demo'], 'Cannot use the dataset "homes.csv": the target "prise" is not a column. Did you mean "price"? Columns: "price", "rooms", "city".'],
    ];
    const before = treeSnapshot(parent);
    for (const [args, message] of cases) {
      const run = cli(parent, ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      if (message) expect(run.stderr).toBe(`create-livrable: ${message}\n`);
      else expect(run.stderr).toMatch(/^create-livrable: .*\.livrable\.json/);
    }
    expect(treeSnapshot(parent)).toEqual(before);
  });

  it('--help documents it', () => {
    const run = cli(ROOT, 'add', '--help');
    expect(run.stdout).toContain('create-livrable add dataset <file> --target <column> [options] [directory]');
    expect(run.stdout).toContain('--target <column>     with `add dataset`: the column of the file to predict');
  });
});
