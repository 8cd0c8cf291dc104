import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseDataset, schemaSummary } from '../generators/cli/dataset.js';
import { helpText } from '../generators/cli/help.js';
import { main } from '../generators/cli/main.js';
import { loadPreset } from '../generators/core/preset.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { cleanTmpDirs, collector, FakeTerminalInput, spawnBin, stripAnsi, TEMPLATES, TerminalOutput, tmpDir } from './helpers.js';

// --dataset FILE --target COL from the command line: the built bin, presets, --help, and the
// interactive review in a mock terminal.

afterAll(cleanTmpDirs);

const ENV = { PATH: process.env.PATH, HOME: '/nonexistent', GIT_AUTHOR_NAME: 'T' };

/** 30 rows: a 0/1 target, a number, a text category. */
function writeTable(dir: string, name = 'people.csv'): string {
  const lines = ['y;x;colour'];
  for (let i = 0; i < 30; i++) lines.push(`${i % 2};${i * 1.5};${['red', 'green', 'blue'][i % 3]}`);
  writeFileSync(path.join(dir, name), `${lines.join('\r\n')}\r\n`);
  return name;
}

/** The JSON document a --dry-run --json run printed (after any prompt output). */
function planJson(stdout: string): Record<string, any> {
  return JSON.parse(stdout.slice(stdout.lastIndexOf('{\n  "target"')));
}

describe('the built bin', () => {
  it('--dataset x.csv --target y --dry-run --json prints the inferred spec', async () => {
    const cwd = tmpDir();
    writeTable(cwd);
    const run = await spawnBin(['proj', '--dataset', 'people.csv', '--target', 'y', '--dry-run', '--json', '--yes', '--no-git', '--no-install'], cwd, ENV);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { dataset } = planJson(run.stdout);
    expect(dataset).toMatchObject({
      title: 'People',
      sampleFile: 'people.csv',
      rows: 30,
      target: { name: 'y', task: 'classification', labelType: 'integer', labels: [0, 1] },
      ignored: [],
      example: { x: 0, colour: 'red' },
    });
    expect(dataset.features.map((f: { name: string; kind: string }) => `${f.name}:${f.kind}`)).toEqual(['x:numeric', 'colour:categorical']);
  });

  it('the text dry run says what the dataset is in one line', async () => {
    const cwd = tmpDir();
    writeTable(cwd);
    const run = await spawnBin(['proj', '--dataset', 'people.csv', '--target', 'y', '--dry-run', '--yes', '--no-git', '--no-install'], cwd, ENV);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe('Dataset: People, target "y" (classification, 2 labels), 2 features, 30 rows in people.csv');
  });

  it('refuses one flag without the other, and a bad file, in one line with exit 2', async () => {
    const cwd = tmpDir();
    writeTable(cwd);
    const cases: [string[], string][] = [
      [['--target', 'y'], 'create-livrable: --target needs --dataset: the column to predict is a column of that file.\n'],
      [['--dataset', 'people.csv'], 'create-livrable: --dataset needs --target: name the column to predict.\n'],
      [['--dataset', 'people.csv', '--target', 'Y'], 'create-livrable: Cannot use the dataset "people.csv": the target "Y" is not a column. Did you mean "y"? Columns: "y", "x", "colour".\n'],
      [['--dataset', 'missing.csv', '--target', 'y'], 'create-livrable: Cannot use the dataset "missing.csv": no such file.\n'],
      [['--dataset', '', '--target', 'y'], 'create-livrable: --dataset is empty: give the path of a CSV or Parquet file.\n'],
    ];
    for (const [flags, message] of cases) {
      const run = await spawnBin(['proj', ...flags, '--yes', '--no-git', '--no-install'], cwd, ENV);
      expect(run.stderr, flags.join(' ')).toBe(message);
      expect(run.status).toBe(2);
    }
    expect(readFileSync(path.join(cwd, 'people.csv'), 'utf8')).toContain('y;x;colour');
  });

  it('takes every deliverable at production and maintenance: the file is read (here, found missing)', async () => {
    const cwd = tmpDir();
    for (const flags of [
      ['--phase', 'maintenance'],
      ['--deliverable', 'app', '--phase', 'production'],
      ['--deliverable', 'report', '--phase', 'production'],
      ['--deliverable', 'website', '--phase', 'maintenance'],
    ]) {
      const run = await spawnBin(['proj', '--dataset', 'missing.csv', '--target', 'y', ...flags, '--yes', '--no-git', '--no-install'], cwd, ENV);
      expect(run.stderr, flags.join(' ')).toBe('create-livrable: Cannot use the dataset "missing.csv": no such file.\n');
      expect(run.status).toBe(2);
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it('a real run repeats the dataset flags in the one-shot command', async () => {
    const cwd = tmpDir();
    writeTable(cwd);
    const run = await spawnBin(['proj', '--dataset', 'people.csv', '--target', 'y', '--yes', '--no-git', '--no-install'], cwd, ENV);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/--python 3\.11 --lang en --dataset people\.csv --target y --yes\n$/);
  });
});

describe('notes and the summary', () => {
  it('rows left out are said on stderr; the summary has one aligned line per column', async () => {
    const cwd = tmpDir();
    const lines = ['id,y,size,comment'];
    for (let i = 0; i < 30; i++) lines.push(`${i},${i < 4 ? '' : ['a', 'b'][i % 2]},${i * 2},note ${i}`);
    writeFileSync(path.join(cwd, 'gaps.csv'), `${lines.join('\n')}\n`);
    const err = collector();
    const { choice, line } = await chooseDataset('gaps.csv', 'y', { cwd, interactive: false, io: {}, stderr: err.stream });
    expect(err.text()).toBe('note: 4 rows without a value for "y" were left out\n');
    expect(line).toBe('Dataset: Gaps, target "y" (classification, 2 labels), 1 features, 26 rows in gaps.csv');
    expect(choice.spec.idColumn).toBe('id');
    const { readDatasetDraft, inferDraftChoices } = await import('../generators/engine/dataset-choice.js');
    const draft = await readDatasetDraft('gaps.csv', 'y', cwd);
    expect(schemaSummary(draft, inferDraftChoices(draft, 'y')).split('\n')).toEqual([
      'Gaps: 26 rows in the sample (gaps.csv)',
      '"id"       id, unique per row                          4 … 29',
      '"y"        target: classification                      "a", "b"',
      '"size"     numeric, integers                           8 … 58',
      '"comment"  ignored, free text (every value different)  "note 10", "note 11", "note 12", "note 13", "note 14", … (26)',
    ]);
  });

  it('rows left unread and a sample smaller than the rows are said too', async () => {
    const cwd = tmpDir();
    const rows = Array.from({ length: 100_010 }, (_, i) => `${i % 2},${i % 97}`);
    writeFileSync(path.join(cwd, 'long.csv'), `y,x\n${rows.join('\n')}\n`);
    const err = collector();
    const { choice } = await chooseDataset('long.csv', 'y', { cwd, interactive: false, io: {}, stderr: err.stream });
    expect(err.text()).toBe(
      'note: only the first 100000 rows were read (the limit: 100000 rows or 64 MiB of CSV); the sample comes from them\n' +
        'note: the project ships a sample of 5000 of those 100000 rows, drawn at random (always the same for this file)\n',
    );
    expect(choice.spec.rows).toBe(5000);
  });
});

describe('presets and --help', () => {
  it('a preset names the dataset relative to its own folder; flags win', async () => {
    const cwd = tmpDir();
    mkdirSync(path.join(cwd, 'class', 'data'), { recursive: true });
    writeTable(path.join(cwd, 'class', 'data'), 'lab.csv');
    writeFileSync(path.join(cwd, 'class', 'lab.yaml'), 'deliverable: api\ndataset: data/lab.csv\ntarget: y\n');
    expect(await loadPreset(path.join(cwd, 'class', 'lab.yaml'))).toEqual({ deliverable: 'api', dataset: path.join(cwd, 'class', 'data', 'lab.csv'), target: 'y' });
    const run = await spawnBin(['proj', '--preset', 'class/lab.yaml', '--dry-run', '--json', '--yes', '--no-git', '--no-install'], cwd, ENV);
    expect(run.stderr).toBe('');
    expect(planJson(run.stdout).dataset).toMatchObject({ title: 'Lab', target: { name: 'y', task: 'classification' } });
    const flagWins = await spawnBin(['proj', '--preset', 'class/lab.yaml', '--target', 'x', '--dry-run', '--json', '--yes', '--no-git', '--no-install'], cwd, ENV);
    expect(planJson(flagWins.stdout).dataset.target).toEqual({ name: 'x', label: 'X', task: 'regression' });
  });

  it('a preset key of the wrong type is refused like any other', async () => {
    const cwd = tmpDir();
    writeFileSync(path.join(cwd, 'p.json'), JSON.stringify({ dataset: ['a.csv'] }));
    await expect(loadPreset(path.join(cwd, 'p.json'))).rejects.toThrow(`The key "dataset" of the preset "${path.join(cwd, 'p.json')}" must be text`);
    writeFileSync(path.join(cwd, 'e.json'), JSON.stringify({ dataset: '', target: 'y' }));
    expect(await loadPreset(path.join(cwd, 'e.json'))).toEqual({ dataset: '', target: 'y' });
    writeFileSync(path.join(cwd, 'q.json'), JSON.stringify({ datset: 'a.csv' }));
    await expect(loadPreset(path.join(cwd, 'q.json'))).rejects.toThrow('Did you mean "dataset"?');
  });

  it('--help lists both flags', () => {
    const help = helpText('1.0.0');
    expect(help).toContain('  --dataset <file>\n      CSV or Parquet file to use instead of the penguins (a sample of it ships)');
    expect(help).toContain('  --target <column>\n      the column of --dataset to predict');
  });
});



const DOWN = '\x1b[B';
const ENTER = '\r';

describe('the interactive review (mock terminal)', () => {
  it('shows the inferred schema; a refused correction is explained, an allowed one is kept, the task switched', async () => {
    const cwd = tmpDir();
    writeTable(cwd);
    const stdin = new FakeTerminalInput();
    const stdout = new TerminalOutput();
    const stderr = new TerminalOutput();
    const exit = main(['proj', '--deliverable', 'api', '--phase', 'development', '--ci', 'github', '--dataset', 'people.csv', '--target', 'y', '--dry-run', '--json', '--no-git', '--no-install'], {
      store: createFsStore(TEMPLATES),
      version: '0.0.0-test',
      cwd,
      env: { GIT_AUTHOR_NAME: 'T', HOME: cwd },
      stdin,
      stdout,
      stderr,
    });
    let seen = 0;
    const expectPrompt = async (text: string) => {
      const start = Date.now();
      for (;;) {
        const at = stripAnsi(stdout.text).indexOf(text, seen);
        if (at >= 0) {
          seen = at + text.length;
          await new Promise((r) => setTimeout(r, 30));
          return;
        }
        if (Date.now() - start > 5000) throw new Error(`no "${text}":\n${stripAnsi(stdout.text)}\n${stderr.text}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const press = async (...keys: string[]) => {
      for (const key of keys) {
        stdin.write(key);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await expectPrompt('"x"');
    expect(stripAnsi(stdout.text)).toMatch(/"y" +target: classification +"0", "1"/);
    expect(stripAnsi(stdout.text)).toMatch(/"colour" +categorical, 3 values +"blue", "green", "red"/);
    await expectPrompt('Use this schema?');
    await press(DOWN, ENTER);
    await expectPrompt('Which column?');
    await press(ENTER);
    await expectPrompt('x is');
    await press(DOWN, DOWN, ENTER);
    await expectPrompt('"x" cannot be boolean: its values are not only true/false or 0/1');
    await expectPrompt('Use this schema?');
    await press(DOWN, ENTER);
    await expectPrompt('Which column?');
    await press(ENTER);
    await expectPrompt('x is');
    await press(DOWN, DOWN, DOWN, DOWN, ENTER);
    await expectPrompt('Use this schema?');
    await press(DOWN, DOWN, ENTER);
    await expectPrompt('target: regression');
    await expectPrompt('Use this schema?');
    await press(ENTER);
    expect(await exit).toBe(0);
    const { dataset } = planJson(stdout.text);
    expect(dataset.target).toEqual({ name: 'y', label: 'Y', task: 'regression' });
    expect(dataset.ignored).toEqual(['x']);
    expect(dataset.features.map((f: { name: string }) => f.name)).toEqual(['colour']);
  });
});
