import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../generators/core/errors.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { LAYERS, type Layer } from '../generators/engine/layers.js';
import { DOTFILE_RENAMES } from '../generators/engine/paths.js';
import { plan, type PlannedFile } from '../generators/engine/plan.js';
import { RECORD_PATH, sha256 } from '../generators/engine/record.js';
import type { TemplateStore } from '../generators/engine/store.js';
import { PYTHON_REQUIREMENTS } from '../generators/engine/versions.js';
import { targetState } from '../generators/engine/target-state.js';
import { writePlan } from '../generators/engine/write.js';
import { cleanTmpDirs, listFiles, makeAnswers, ROOT, tmpDir, treeSnapshot } from './helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'templates');
const BINARY = Buffer.from([...Array(256).keys(), 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0d, 0x0a]);

const layer = (id: string, extra: Partial<Layer> = {}): Layer => ({ id, dir: id, when: () => true, ...extra });
const ONE = layer('one', { dependencies: ['pandas'], gitignore: ['/from-one/', '/shared/'] });
const TWO = layer('two', { gitignore: ['/shared/', '/from-two/'] });
const NEVER = layer('clash', { when: () => false });
const CLASH = layer('clash');
const OVERRIDE = layer('override', { overrides: ['verbatim.txt'] });
const STRICT = layer('strict');

const answers = makeAnswers({
  deliverable: 'api',
  phase: 'development',
  name: 'Fixture & "Co"',
  package: 'fixpkg',
  description: `Say "hi" & <bye>: C:\\tmp #1`,
});

let root: string;
let store: TemplateStore;

function planWith(layers: Layer[]): PlannedFile[] {
  return plan(answers, { store, generatorVersion: '1.2.3', year: 2026, layers });
}

function byPath(files: PlannedFile[], p: string): PlannedFile {
  const file = files.find((f) => f.path === p);
  if (!file) throw new Error(`${p} not planned; planned: ${files.map((f) => f.path).join(', ')}`);
  return file;
}

const text = (files: PlannedFile[], p: string) => byPath(files, p).content.toString('utf8');

beforeAll(() => {
  // Copy the fixtures to a temp dir, then add what git would not keep reliably:
  // an executable bit and a binary file.
  root = path.join(tmpDir('livrable-fixtures-'), 'templates');
  cpSync(FIXTURES, root, { recursive: true });
  chmodSync(path.join(root, 'one', 'run.sh'), 0o755);
  chmodSync(path.join(root, 'one', 'verbatim.txt'), 0o644);
  writeFileSync(path.join(root, 'one', 'data.bin'), BINARY);
  store = createFsStore(root);
});

afterAll(cleanTmpDirs);

describe('plan on fixture layers', () => {
  it('copies a file without .hbs byte for byte, tags and all', () => {
    const files = planWith([ONE]);
    expect(byPath(files, 'verbatim.txt').content.equals(readFileSync(path.join(root, 'one', 'verbatim.txt')))).toBe(true);
    expect(text(files, 'verbatim.txt')).toContain('{{x}}');
  });

  it('copies a binary file byte for byte', () => {
    expect(byPath(planWith([ONE]), 'data.bin').content.equals(BINARY)).toBe(true);
  });

  it('renders .hbs with noEscape: & " < stay as typed; the suffix is dropped', () => {
    const files = planWith([ONE]);
    const out = text(files, 'rendered.txt');
    expect(out).toContain(`name=${answers.name}\n`);
    expect(out).toContain(`desc=${answers.description}\n`);
    expect(out).not.toMatch(/&amp;|&quot;|&lt;|&#x/);
    expect(files.some((f) => f.path.endsWith('.hbs'))).toBe(false);
    expect(byPath(files, 'rendered.txt').template).toBe('one/rendered.txt.hbs');
  });

  it('writes \\{{ as a literal {{', () => {
    const files = planWith([ONE]);
    expect(text(files, 'rendered.txt')).toContain('literal={{not rendered}}\n');
    expect(text(files, '.github/workflows/ci.yml')).toContain('echo "${{ github.ref }}" fixpkg');
  });

  it('format helpers are available to templates', () => {
    expect(text(planWith([ONE]), 'rendered.txt')).toContain(`toml = "Say \\"hi\\" & <bye>: C:\\\\tmp #1"\n`);
  });

  it('strict: a missing variable is an error, not an empty string', () => {
    expect(() => planWith([ONE, STRICT])).toThrow(/doesNotExist/);
  });

  it('renames dotfiles by the explicit map only', () => {
    const paths = planWith([ONE]).map((f) => f.path);
    expect(paths).toContain('.gitignore');
    expect(paths).toContain('.github/workflows/ci.yml');
    expect(paths).toContain('_quarto.yml');
    expect(paths).toContain('src/fixpkg/__init__.py');
    expect(paths).toContain('src/fixpkg/_helpers.py');
    expect(paths.some((p) => p.includes('_gitignore') || p.includes('_github'))).toBe(false);
  });

  it('replaces the __package__ segment with the import name', () => {
    const paths = planWith([ONE]).map((f) => f.path);
    expect(paths.filter((p) => p.startsWith('src/'))).toEqual(['src/fixpkg/__init__.py', 'src/fixpkg/_helpers.py', 'src/fixpkg/dataset.json']);
    expect(paths.some((p) => p.includes('__package__'))).toBe(false);
  });

  it('feeds _fragments into the shared file, in layer order, and never writes them', () => {
    const files = planWith([ONE, TWO]);
    const readme = text(files, 'README.md');
    expect(readme).toContain(`# ${answers.name}`);
    // .hbs fragment rendered, plain fragment copied as is
    expect(readme).toContain('One says fixpkg.');
    expect(readme).toContain('Two says {{verbatim}}.');
    expect(readme.indexOf('One says')).toBeLessThan(readme.indexOf('Two says'));
    expect(files.some((f) => f.path.includes('_fragments') || f.path.startsWith('readme'))).toBe(false);
    // a layer order change shows in the output
    const reversed = text(plan(answers, { store, generatorVersion: '1.2.3', year: 2026, layers: [TWO, ONE] }), 'README.md');
    expect(reversed.indexOf('Two says')).toBeLessThan(reversed.indexOf('One says'));
  });

  it('merges layer data into shared files (gitignore lines deduplicated, in layer order)', () => {
    const lines = text(planWith([ONE, TWO]), '.gitignore').split('\n');
    expect(lines.filter((l) => l === '/shared/')).toHaveLength(1);
    expect(lines.indexOf('/from-one/')).toBeLessThan(lines.indexOf('/from-two/'));
    expect(lines).toContain('/one-only/');
  });

  it('two layers writing one path is an error naming both', () => {
    expect(() => planWith([ONE, CLASH])).toThrow(/"one".*"clash".*verbatim\.txt|verbatim\.txt.*overrides/);
  });

  it('unless the later layer declares the path in overrides', () => {
    const files = planWith([ONE, OVERRIDE]);
    const file = byPath(files, 'verbatim.txt');
    expect(file.layer).toBe('override');
    expect(file.content.toString('utf8')).toBe('override\n');
    expect(files.filter((f) => f.path === 'verbatim.txt')).toHaveLength(1);
  });

  it('skips layers whose when() is false', () => {
    const files = planWith([ONE, NEVER]);
    expect(text(files, 'verbatim.txt')).toContain('{{x}}');
    const record = JSON.parse(text(files, RECORD_PATH));
    expect(record.layers).toEqual(['one']);
  });

  it('marks executable templates executable, others not', () => {
    const files = planWith([ONE]);
    expect(byPath(files, 'run.sh').executable).toBe(true);
    expect(byPath(files, 'verbatim.txt').executable).toBe(false);
  });

  it('ends with .livrable.json hashing every other file', () => {
    const files = planWith([ONE, TWO]);
    expect(files.at(-1)?.path).toBe(RECORD_PATH);
    const record = JSON.parse(text(files, RECORD_PATH));
    expect(record.generator).toEqual({ name: 'create-livrable', version: '1.2.3' });
    expect(record.answers).toEqual(answers);
    expect(Object.keys(record.files).sort()).toEqual(files.slice(0, -1).map((f) => f.path).sort());
    for (const f of files.slice(0, -1)) expect(record.files[f.path]).toBe(`sha256:${sha256(f.content)}`);
  });

  it('refuses a layer that writes .livrable.json itself', () => {
    const dir = path.join(root, 'recorder');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '_livrable.json'), '{}');
    writeFileSync(path.join(dir, '.livrable.json'), '{}');
    expect(() => planWith([layer('recorder')])).toThrow(/\.livrable\.json/);
  });

  it('is pure: planning writes nothing', () => {
    const before = treeSnapshot(root);
    planWith([ONE, TWO]);
    expect(treeSnapshot(root)).toEqual(before);
  });
});

const planned = (p: string, content: string | Buffer, executable = false): PlannedFile => ({
  path: p,
  layer: 'test',
  template: '',
  content: Buffer.isBuffer(content) ? content : Buffer.from(content),
  executable,
});

describe('writePlan', () => {
  it('creates a new target whole, exactly the planned files, nothing left beside it', async () => {
    const parent = tmpDir();
    const target = path.join(parent, 'project');
    const files = planWith([ONE, TWO]);
    await writePlan(files, target, { overwrite: false });
    expect(listFiles(target)).toEqual(files.map((f) => f.path).sort());
    for (const f of files) expect(readFileSync(path.join(target, f.path)).equals(f.content), f.path).toBe(true);
    expect(readdirSync(parent)).toEqual(['project']);
  });

  it('gives the new project folder the mode mkdir would (not the 0700 of a temp folder)', async () => {
    const parent = tmpDir();
    const target = path.join(parent, 'project');
    await writePlan([planned('x.txt', 'x')], target, { overwrite: false });
    mkdirSync(path.join(parent, 'reference'));
    expect((statSync(target).mode & 0o777).toString(8)).toBe((statSync(path.join(parent, 'reference')).mode & 0o777).toString(8));
  });

  it('creates missing parent folders', async () => {
    const parent = tmpDir();
    const target = path.join(parent, 'a', 'b', 'project');
    await writePlan([planned('x.txt', 'x')], target, { overwrite: false });
    expect(readFileSync(path.join(target, 'x.txt'), 'utf8')).toBe('x');
    expect(readdirSync(path.join(parent, 'a', 'b'))).toEqual(['project']);
  });

  it('keeps the executable bit and binary bytes through the write', async () => {
    const target = path.join(tmpDir(), 'project');
    await writePlan(planWith([ONE]), target, { overwrite: false });
    expect(statSync(path.join(target, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(statSync(path.join(target, 'verbatim.txt')).mode & 0o111).toBe(0);
    expect(readFileSync(path.join(target, 'data.bin')).equals(BINARY)).toBe(true);
  });

  it('keeps the executable bit when merging into an existing target', async () => {
    const target = tmpDir();
    writeFileSync(path.join(target, 'mine.txt'), 'mine');
    await writePlan([planned('bin/tool', '#!/bin/sh\n', true)], target, { overwrite: true });
    expect(statSync(path.join(target, 'bin', 'tool')).mode & 0o111).not.toBe(0);
  });

  it('refuses a non-empty target with a UserError and leaves it untouched', async () => {
    const parent = tmpDir();
    const target = path.join(parent, 'project');
    mkdirSync(path.join(target, 'sub'), { recursive: true });
    writeFileSync(path.join(target, 'notes.txt'), 'mine');
    writeFileSync(path.join(target, 'sub', 'verbatim.txt'), 'mine too');
    const before = treeSnapshot(parent);
    expect(targetState(target)).toBe('non-empty');
    let error: unknown;
    try {
      await writePlan(planWith([ONE]), target, { overwrite: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/not empty/);
    expect((error as Error).message).toMatch(/--overwrite/);
    expect(treeSnapshot(parent)).toEqual(before);
  });

  it('refuses a target that is a file', async () => {
    const parent = tmpDir();
    const target = path.join(parent, 'project');
    writeFileSync(target, 'a file');
    await expect(writePlan([planned('x', 'x')], target, { overwrite: true })).rejects.toThrow(UserError);
    expect(readFileSync(target, 'utf8')).toBe('a file');
  });

  it('accepts a target holding only .git, and keeps .git', async () => {
    const parent = tmpDir();
    const target = path.join(parent, 'project');
    mkdirSync(path.join(target, '.git', 'refs'), { recursive: true });
    writeFileSync(path.join(target, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(targetState(target)).toBe('empty');
    const files = planWith([ONE]);
    await writePlan(files, target, { overwrite: false });
    expect(readFileSync(path.join(target, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(listFiles(target).filter((p) => !p.startsWith('.git/'))).toEqual(files.map((f) => f.path).sort());
    expect(readdirSync(parent)).toEqual(['project']);
  });

  it('an empty existing target is filled in place', async () => {
    const target = tmpDir();
    expect(targetState(target)).toBe('empty');
    await writePlan([planned('a/b.txt', 'b')], target, { overwrite: false });
    expect(listFiles(target)).toEqual(['a/b.txt']);
  });

  it('--overwrite keeps unrelated files and replaces same-name ones', async () => {
    const parent = tmpDir();
    const target = path.join(parent, 'project');
    mkdirSync(path.join(target, 'src', 'fixpkg'), { recursive: true });
    writeFileSync(path.join(target, 'verbatim.txt'), 'old');
    writeFileSync(path.join(target, 'unrelated.txt'), 'keep me');
    writeFileSync(path.join(target, 'src', 'fixpkg', 'mine.py'), 'x = 1\n');
    const files = planWith([ONE]);
    await writePlan(files, target, { overwrite: true });
    expect(readFileSync(path.join(target, 'verbatim.txt')).equals(byPath(files, 'verbatim.txt').content)).toBe(true);
    expect(readFileSync(path.join(target, 'unrelated.txt'), 'utf8')).toBe('keep me');
    expect(readFileSync(path.join(target, 'src', 'fixpkg', 'mine.py'), 'utf8')).toBe('x = 1\n');
    for (const f of files) expect(readFileSync(path.join(target, f.path)).equals(f.content), f.path).toBe(true);
    expect(readdirSync(parent)).toEqual(['project']);
  });

  it('a failure half-way through a merge leaves the target exactly as before', async () => {
    const parent = tmpDir();
    const target = path.join(parent, 'project');
    mkdirSync(path.join(target, 'b.txt'), { recursive: true });
    writeFileSync(path.join(target, 'b.txt', 'inside.txt'), 'inside');
    writeFileSync(path.join(target, 'a.txt'), 'original a');
    writeFileSync(path.join(target, 'unrelated.txt'), 'unrelated');
    mkdirSync(path.join(target, 'existing'));
    const before = treeSnapshot(parent);
    const files = [
      planned('a.txt', 'replaced a'), // replaced first, must come back
      planned('new/deep/x.txt', 'x'), // new folders, must go
      planned('new/other/y.txt', 'y'),
      planned('existing/z.txt', 'z'), // new file in an existing folder, must go
      planned('b.txt', 'cannot replace a directory'), // the failure
      planned('never.txt', 'never'),
    ];
    await expect(writePlan(files, target, { overwrite: true })).rejects.toThrow(/b\.txt/);
    expect(treeSnapshot(parent)).toEqual(before);
  });

  it('a failure while staging a new target leaves nothing behind, not even created parents', async () => {
    const parent = tmpDir();
    writeFileSync(path.join(parent, 'sibling.txt'), 'sibling');
    const before = treeSnapshot(parent);
    const target = path.join(parent, 'p1', 'p2', 'project');
    // "a" is a file, then a folder: staging fails on the second one
    await expect(writePlan([planned('a', 'file'), planned('a/b', 'nested')], target, { overwrite: false })).rejects.toThrow();
    expect(treeSnapshot(parent)).toEqual(before);
    expect(existsSync(path.join(parent, 'p1'))).toBe(false);
  });
});

describe('the manifest tables name nothing dead', () => {
  const TEMPLATE_NAMES = new Set(
    (readdirSync(path.join(ROOT, 'templates'), { recursive: true }) as string[]).map((p) => path.basename(p)),
  );

  it('every dotfile rename is the name of some template (or .hbs template)', () => {
    for (const stored of Object.keys(DOTFILE_RENAMES)) {
      expect(TEMPLATE_NAMES.has(stored) || TEMPLATE_NAMES.has(`${stored}.hbs`), stored).toBe(true);
    }
  });

  it('every Python requirement with a version is declared by some layer', () => {
    const declared = new Set(
      LAYERS.flatMap((l) => [
        ...(l.dependencies ?? []),
        ...Object.values(l.groups ?? {}).flat(),
        ...Object.values(l.extras ?? {}).flat(),
      ]),
    );
    for (const name of Object.keys(PYTHON_REQUIREMENTS)) expect(declared.has(name as never), name).toBe(true);
  });
});

describe('fragments', () => {
  it('a fragment of a slot no shared file takes is refused, not dropped', () => {
    const dir = tmpDir();
    mkdirSync(path.join(dir, 'lone', '_fragments'), { recursive: true });
    writeFileSync(path.join(dir, 'lone', 'README.md'), 'readme\n');
    // Every template tree holds the default data description (engine/plan.ts).
    cpSync(path.join(FIXTURES, 'datasets'), path.join(dir, 'datasets'), { recursive: true });
    writeFileSync(path.join(dir, 'lone', '_fragments', 'raedme.md'), 'a typo in the slot\n');
    expect(() => plan(answers, { store: createFsStore(dir), generatorVersion: '0.0.0', layers: [layer('lone')] })).toThrow(
      /lone\/_fragments\/raedme\.md: no shared file takes fragments "raedme"/,
    );
  });
});
