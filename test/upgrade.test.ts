import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERABLES, PHASES, type Deliverable, type Phase } from '../generators/core/domain.js';
import type { Answers } from '../generators/core/answers.js';
import { UserError } from '../generators/core/errors.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import type { Layer } from '../generators/engine/layers.js';
import { MARKERS, conflictMarkerLine, isText, lineEnding, merge3, splitLines } from '../generators/engine/merge.js';
import { plan, type PlannedFile } from '../generators/engine/plan.js';
import { RECORD_PATH, sha256, type ProjectRecord } from '../generators/engine/record.js';
import {
  ACTION_KINDS,
  upgradeProject,
  type ActionKind,
  type UpgradeProjectOptions,
  type UpgradeResult,
} from '../generators/engine/upgrade.js';
import { applyChanges } from '../generators/engine/apply.js';
import { parseUpgradeArgs } from '../generators/cli/upgrade.js';
import { writePlan } from '../generators/engine/write.js';
import { cleanTmpDirs, makeAnswers, PACKAGE_VERSION, ROOT, TEMPLATES, tmpDir, treeSnapshot } from './helpers.js';

const store = createFsStore(TEMPLATES);
const YEAR = 2025;
const OPTIONS: UpgradeProjectOptions = { store, generatorVersion: PACKAGE_VERSION, year: YEAR };
const BIN = path.join(ROOT, 'bin', 'create-livrable.cjs');
/** The phases in order: each upgrade test walks this chain. */
const CHAIN = PHASES;

afterAll(cleanTmpDirs);

function answersFor(deliverable: Deliverable, phase: Phase): Answers {
  return makeAnswers({ deliverable, phase }, 'Demo Project');
}

function planFor(answers: Answers): PlannedFile[] {
  return plan(answers, { store, generatorVersion: PACKAGE_VERSION, year: YEAR });
}

/** A freshly generated project, as `create-livrable` writes it. */
async function generate(answers: Answers): Promise<string> {
  const dir = path.join(tmpDir('livrable-upgrade-'), 'project');
  await writePlan(planFor(answers), dir, { overwrite: false });
  return dir;
}

const read = (dir: string, p: string) => readFileSync(path.join(dir, p), 'utf8');
const write = (dir: string, p: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
  writeFileSync(path.join(dir, p), text);
};
const recordOf = (dir: string): ProjectRecord => JSON.parse(read(dir, RECORD_PATH));
const actionOf = (result: UpgradeResult, p: string): ActionKind | undefined =>
  result.actions.find((a) => a.path === p)?.action;
const fileIn = (files: PlannedFile[], p: string): PlannedFile => {
  const file = files.find((f) => f.path === p);
  if (!file) throw new Error(`${p} is not planned`);
  return file;
};

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.org', ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
}

/** Expect a refusal (UserError, exit 2) matching `message`, with the tree left exactly as it was. */
function expectRefused(dir: string, run: () => unknown, message: RegExp): void {
  const before = treeSnapshot(dir);
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toMatch(message);
  expect(treeSnapshot(dir)).toEqual(before);
}

// ── the 3-way merge ─────────────────────────────────────────────────────────────────────────────

describe('merge3', () => {
  const base = 'a\nb\nc\nd\ne\nf\ng\n';

  it('takes changes from both sides when they touch different lines', () => {
    const ours = 'a\nB (mine)\nc\nd\ne\nf\ng\n';
    const theirs = 'a\nb\nc\nd\ne\nF (new)\ng\nh\n';
    expect(merge3(ours, base, theirs)).toEqual({ text: 'a\nB (mine)\nc\nd\ne\nF (new)\ng\nh\n', conflicts: 0 });
  });

  it('marks the same line changed differently, git-style, keeping both sides', () => {
    const ours = 'a\nb\nc\nmine\ne\nf\ng\n';
    const theirs = 'a\nb\nc\ntheirs\ne\nf\ng\n';
    const merged = merge3(ours, base, theirs);
    expect(merged.conflicts).toBe(1);
    expect(merged.text).toBe(
      `a\nb\nc\n${MARKERS.ours}\nmine\n${MARKERS.separator}\ntheirs\n${MARKERS.theirs}\ne\nf\ng\n`,
    );
    expect(MARKERS).toEqual({ ours: '<<<<<<< yours', separator: '=======', theirs: '>>>>>>> create-livrable' });
  });

  it('the same change on both sides is no conflict', () => {
    const both = 'a\nb\nc\nsame\ne\nf\ng\n';
    expect(merge3(both, base, both)).toEqual({ text: both, conflicts: 0 });
  });

  it('keeps a last line without newline, and never glues a marker onto it', () => {
    expect(merge3('x\ny', 'x\ny', 'x\ny\nz\n').text).toBe('x\ny\nz\n');
    const merged = merge3('mine', '', 'theirs');
    expect(merged.text).toBe(`${MARKERS.ours}\nmine\n${MARKERS.separator}\ntheirs\n${MARKERS.theirs}\n`);
  });

  it('keeps CRLF line endings', () => {
    const merged = merge3('a\r\nB\r\nc\r\nd\r\ne\r\n', 'a\r\nb\r\nc\r\nd\r\ne\r\n', 'a\r\nb\r\nc\r\nd\r\nE\r\n');
    expect(merged).toEqual({ text: 'a\r\nB\r\nc\r\nd\r\nE\r\n', conflicts: 0 });
  });

  it('merges a file converted to CRLF with LF versions line by line, and keeps it all CRLF', () => {
    const base = 'a\nb\nc\nd\ne\n';
    const ours = 'a\r\nB (mine)\r\nc\r\nd\r\ne\r\n';
    const theirs = 'a\nb\nc\nd\nE (new)\n';
    expect(merge3(ours, base, theirs)).toEqual({ text: 'a\r\nB (mine)\r\nc\r\nd\r\nE (new)\r\n', conflicts: 0 });
    const conflict = merge3('a\r\nmine\r\n', 'a\nb\n', 'a\ntheirs\n');
    expect(conflict.conflicts).toBe(1);
    expect(conflict.text).toBe(`a\r\n${MARKERS.ours}\r\nmine\r\n${MARKERS.separator}\r\ntheirs\r\n${MARKERS.theirs}\r\n`);
    expect(lineEnding('a\r\nb\n')).toBeUndefined();
    expect(lineEnding('a\nb\n')).toBe('\n');
  });

  it('finds unresolved conflict blocks, not a Markdown heading underlined with =======', () => {
    expect(conflictMarkerLine(`x\n${MARKERS.ours}\nmine\n${MARKERS.separator}\ntheirs\n${MARKERS.theirs}\n`)).toBe(2);
    expect(conflictMarkerLine('<<<<<<< HEAD\r\na\r\n=======\r\nb\r\n>>>>>>> main\r\n')).toBe(1);
    expect(conflictMarkerLine('Title\n=======\n\ntext\n')).toBe(0);
    expect(conflictMarkerLine('<<<<<<< only an opening\ntext\n')).toBe(0);
    expect(conflictMarkerLine('a <<<<<<< inside a line\n=======\n>>>>>>> x\n')).toBe(0);
  });

  it('splits lines without losing a byte', () => {
    for (const text of ['', 'a', 'a\n', 'a\r\nb', '\n\n', 'a\nb\n\nc']) expect(splitLines(text).join('')).toBe(text);
  });

  it('tells text from binary', () => {
    expect(isText(Buffer.from('héllo\n'))).toBe(true);
    expect(isText(Buffer.from([0x61, 0x00, 0x62]))).toBe(false);
    expect(isText(Buffer.from([0xc3, 0x28]))).toBe(false);
  });
});

// ── upgrading real projects ─────────────────────────────────────────────────────────────────────

describe.concurrent.each(DELIVERABLES)('upgrade, %s', (deliverable) => {
  const dev = answersFor(deliverable, 'development');
  const pkg = dev.package;

  it('an untouched project upgraded phase by phase equals one generated at that phase', async () => {
    const dir = await generate(dev);
    for (const phase of CHAIN.slice(1)) {
      const result = upgradeProject(dir, { phase }, OPTIONS);
      expect(result.written).toBe(true);
      expect(result.conflicts).toEqual([]);
      expect(result.counts.merge).toBe(0);
      expect(result.counts.create).toBeGreaterThan(0);
      const fresh = await generate(answersFor(deliverable, phase));
      // same files, same bytes, same modes, same record: nothing of the old phase lingers
      expect(treeSnapshot(dir)).toEqual(treeSnapshot(fresh));
    }
  });

  it('keeps every user edit, deletion and file through each phase, and records the new plan', async () => {
    const dir = await generate(dev);
    const paragraph = 'Our team notes: the model is retrained every Monday.\n\n';
    const readme = read(dir, 'README.md').replace('## Quick start', `${paragraph}## Quick start`);
    expect(readme).toContain(paragraph);
    write(dir, 'README.md', readme);
    const modelPath = `src/${pkg}/model.py`;
    const modelLines = read(dir, modelPath).split('\n');
    const importLine = modelLines.findIndex((l) => l.startsWith('from __future__') || l.startsWith('import '));
    expect(importLine).toBeGreaterThanOrEqual(0);
    modelLines.splice(importLine, 0, '# tuned by hand: see notes/decisions.md');
    const model = modelLines.join('\n');
    write(dir, modelPath, model);
    const ci = read(dir, '.github/workflows/ci.yml').replace(/^(on:)/m, '# also run on our self-hosted runner\n$1');
    expect(ci).toContain('# also run on our self-hosted runner');
    write(dir, '.github/workflows/ci.yml', ci);
    write(dir, 'pyproject.toml', `${read(dir, 'pyproject.toml')}\n[tool.mypy]\nstrict = true\n`);
    const deleted = 'notebooks/01-exploration.ipynb';
    rmSync(path.join(dir, deleted));
    write(dir, 'notes/decisions.md', '# Decisions\n');
    write(dir, `src/${pkg}/features.py`, '"""Ours."""\n');

    for (const phase of CHAIN.slice(1)) {
      const answers = answersFor(deliverable, phase);
      const next = planFor(answers);
      const previous = planFor(answersFor(deliverable, recordOf(dir).answers.phase));
      const result = upgradeProject(dir, { phase }, OPTIONS);
      expect(result.written).toBe(true);
      expect(result.conflicts).toEqual([]);

      const changed = (p: string) => !fileIn(previous, p).content.equals(fileIn(next, p).content);
      /** An edited file: merged when the upgrade changes it, left alone when it does not. */
      const expectEditKept = (p: string, edited: string, mergedText: () => string) => {
        if (changed(p)) {
          expect(actionOf(result, p), p).toBe('merge');
          expect(read(dir, p)).toBe(mergedText());
        } else {
          expect(actionOf(result, p), p).toBe('keep');
          expect(read(dir, p)).toBe(edited);
        }
      };

      // README: the phase line always changes → merged, the user's paragraph kept
      expect(changed('README.md')).toBe(true);
      const merged = read(dir, 'README.md');
      expect(merged).toContain(paragraph);
      expect(merged).toContain(`currently in the **${phase}** phase`);
      expect(merged).not.toContain(MARKERS.ours);
      expectEditKept('README.md', '', () =>
        fileIn(next, 'README.md').content.toString('utf8').replace('## Quick start', `${paragraph}## Quick start`),
      );
      const userToml = '\n[tool.mypy]\nstrict = true\n';
      expectEditKept('pyproject.toml', `${fileIn(previous, 'pyproject.toml').content.toString('utf8')}${userToml}`, () =>
        `${fileIn(next, 'pyproject.toml').content.toString('utf8')}${userToml}`,
      );
      const toml = parseToml(read(dir, 'pyproject.toml')) as { tool: Record<string, unknown> };
      expect(toml.tool.mypy).toEqual({ strict: true });

      // a source file and a workflow (not changed by the production upgrade: kept as the user has them)
      expect(read(dir, modelPath)).toContain('# tuned by hand: see notes/decisions.md');
      expect(read(dir, '.github/workflows/ci.yml')).toContain('# also run on our self-hosted runner');
      if (!changed(modelPath)) expect(read(dir, modelPath)).toBe(model);
      if (!changed('.github/workflows/ci.yml')) expect(read(dir, '.github/workflows/ci.yml')).toBe(ci);
      expect(actionOf(result, modelPath)).toBe(changed(modelPath) ? 'merge' : 'keep');
      expect(actionOf(result, '.github/workflows/ci.yml')).toBe(changed('.github/workflows/ci.yml') ? 'merge' : 'keep');

      // deleted stays deleted; the user's own files are neither touched nor even listed
      expect(existsSync(path.join(dir, deleted))).toBe(false);
      expect(actionOf(result, deleted)).toBe('skip');
      expect(read(dir, 'notes/decisions.md')).toBe('# Decisions\n');
      expect(read(dir, `src/${pkg}/features.py`)).toBe('"""Ours."""\n');
      expect(result.actions.map((a) => a.path)).not.toContain('notes/decisions.md');

      // new files of the phase are created with the planned bytes
      const before = new Set(previous.map((f) => f.path));
      const added = next.filter((f) => !before.has(f.path));
      expect(added.length).toBeGreaterThan(0);
      for (const file of added) {
        expect(actionOf(result, file.path), file.path).toBe('create');
        expect(readFileSync(path.join(dir, file.path)).equals(file.content), file.path).toBe(true);
      }
      // untouched files: replaced when the upgrade changes them
      expect(actionOf(result, 'AGENTS.md')).toBe(changed('AGENTS.md') ? 'update' : 'keep');
      expect(read(dir, 'AGENTS.md')).toBe(fileIn(next, 'AGENTS.md').content.toString('utf8'));
      if (phase === 'production') {
        // what production changes in a development project, so that the merges above are exercised
        expect(changed('AGENTS.md')).toBe(true);
        expect(changed('pyproject.toml')).toBe(true);
      }

      // the record: new answers and the new plan's hashes, byte for byte what a fresh project gets
      expect(recordOf(dir).answers).toEqual(answers);
      expect(read(dir, RECORD_PATH)).toBe(fileIn(next, RECORD_PATH).content.toString('utf8'));
      // merged files are recorded with the generated hash, not the merged content's
      expect(recordOf(dir).files['README.md']).toBe(`sha256:${sha256(fileIn(next, 'README.md').content)}`);
      expect(recordOf(dir).files['README.md']).not.toBe(`sha256:${sha256(merged)}`);
      // the deleted file stays recorded, so the next upgrade still knows the user deleted it
      expect(recordOf(dir).files[deleted]).toBeDefined();
      // no staging folder left behind
      expect(readdirSync(dir).filter((n) => n.startsWith('.livrable-upgrade-'))).toEqual([]);
    }
  });
});

describe.concurrent('upgrade, one project', () => {
  const dev = answersFor('api', 'development');
  const target = CHAIN[1];

  it('has a phase to upgrade to', () => {
    expect(target).toBeDefined();
  });

  it('marks a conflicting edit, lists it, and records the generated hash', async () => {
    const dir = await generate(dev);
    const readme = read(dir, 'README.md');
    const line = 'currently in the **development** phase';
    expect(readme).toContain(line);
    write(dir, 'README.md', readme.replace(line, 'currently in the *early prototype* phase'));
    const result = upgradeProject(dir, { phase: target }, OPTIONS);
    expect(result.conflicts).toEqual(['README.md']);
    expect(actionOf(result, 'README.md')).toBe('conflict');
    const text = read(dir, 'README.md');
    expect(text).toContain(
      `${MARKERS.ours}\ncurrently in the *early prototype* phase. It was generated by\n${MARKERS.separator}\ncurrently in the **${target}** phase. It was generated by\n${MARKERS.theirs}\n`,
    );
    // outside the conflict the upgrade's changes are in
    expect(text).toContain('## Production');
    const next = planFor(answersFor('api', target!));
    expect(recordOf(dir).files['README.md']).toBe(`sha256:${sha256(fileIn(next, 'README.md').content)}`);
  });

  it('a user file where the upgrade puts one is kept whole, inside conflict markers', async () => {
    const dir = await generate(dev);
    write(dir, 'Dockerfile', 'FROM scratch\n');
    const result = upgradeProject(dir, { phase: target }, OPTIONS);
    expect(actionOf(result, 'Dockerfile')).toBe('conflict');
    const text = read(dir, 'Dockerfile');
    expect(text.startsWith(`${MARKERS.ours}\nFROM scratch\n${MARKERS.separator}\n`)).toBe(true);
    expect(text.endsWith(`${MARKERS.theirs}\n`)).toBe(true);
  });

  it('a dry run writes nothing and announces exactly what the real run does', async () => {
    const dir = await generate(dev);
    write(dir, 'README.md', read(dir, 'README.md').replace('## Quick start', 'Notes.\n\n## Quick start'));
    rmSync(path.join(dir, 'notebooks/README.md'));
    const before = treeSnapshot(dir);
    const dry = upgradeProject(dir, { phase: target }, { ...OPTIONS, dryRun: true });
    expect(treeSnapshot(dir)).toEqual(before);
    expect(dry.written).toBe(false);
    expect(dry.counts.create).toBeGreaterThan(0);
    const real = upgradeProject(dir, { phase: target }, OPTIONS);
    expect(real.actions).toEqual(dry.actions);
    expect(treeSnapshot(dir)).not.toEqual(before);
  });

  it('same answers: already up to date, nothing written', async () => {
    const dir = await generate(dev);
    const before = treeSnapshot(dir);
    const result = upgradeProject(dir, { phase: 'development' }, OPTIONS);
    expect(result.upToDate).toBe(true);
    expect(result.written).toBe(false);
    expect(treeSnapshot(dir)).toEqual(before);
  });

  it('refuses a downgrade', async () => {
    const dir = await generate(answersFor('api', target!));
    expectRefused(dir, () => upgradeProject(dir, { phase: 'development' }, OPTIONS), /downgrade from production to development/);
  });

  it('refuses a dirty git work tree unless forced; a clean one is fine', async () => {
    const dir = await generate(dev);
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'generated');
    write(dir, 'README.md', `${read(dir, 'README.md')}\nUncommitted.\n`);
    expectRefused(dir, () => upgradeProject(dir, { phase: target }, OPTIONS), /uncommitted changes[\s\S]*README\.md[\s\S]*--force/);
    // an untracked file counts too
    git(dir, 'commit', '-qam', 'edit');
    write(dir, 'scratch.txt', 'x\n');
    expectRefused(dir, () => upgradeProject(dir, { phase: target }, OPTIONS), /scratch\.txt/);
    // --force goes ahead
    const forced = upgradeProject(dir, { phase: target }, { ...OPTIONS, force: true });
    expect(forced.written).toBe(true);
    // a clean tree needs no --force, and the upgrade shows up in git status
    const clean = await generate(dev);
    git(clean, 'init', '-q');
    git(clean, 'add', '-A');
    git(clean, 'commit', '-qm', 'generated');
    expect(upgradeProject(clean, { phase: target }, OPTIONS).written).toBe(true);
    expect(git(clean, 'status', '--porcelain')).toMatch(/Dockerfile/);
  });

  it('refuses a folder without a record, a corrupt record, and a foreign one', async () => {
    const dir = await generate(dev);
    const good = read(dir, RECORD_PATH);
    const up = () => upgradeProject(dir, { phase: target }, OPTIONS);
    const cases: [string, RegExp][] = [
      ['{ not json', /not valid JSON/],
      ['[]', /corrupt/],
      [JSON.stringify({ ...JSON.parse(good), generator: { name: 'cookiecutter' } }), /not a livrable project/],
      [JSON.stringify({ ...JSON.parse(good), answers: undefined }), /no "answers"/],
      [JSON.stringify({ ...JSON.parse(good), files: { '../outside': 'sha256:00' } }), /not a path inside/],
      [JSON.stringify({ ...JSON.parse(good), files: { '.git/HEAD': 'sha256:00' } }), /inside \.git/],
      [JSON.stringify({ ...JSON.parse(good), files: { 'a/./b': 'sha256:00' } }), /not a normalised path/],
      [JSON.stringify({ ...JSON.parse(good), files: { 'a\u0000b': 'sha256:00' } }), /a\\u0000b.*NUL byte/],
      [JSON.stringify({ ...JSON.parse(good), files: 'x' }), /corrupt/],
    ];
    for (const [content, message] of cases) {
      write(dir, RECORD_PATH, content);
      expectRefused(dir, up, message);
    }
    rmSync(path.join(dir, RECORD_PATH));
    expectRefused(dir, up, /no \.livrable\.json/);
    expectRefused(dir, () => upgradeProject(path.join(dir, 'missing'), { phase: target }, OPTIONS), /does not exist/);
  });

  it('refuses recorded answers it cannot trust, naming the choices', async () => {
    const dir = await generate(dev);
    const good = JSON.parse(read(dir, RECORD_PATH)) as ProjectRecord;
    const withAnswers = (answers: Record<string, unknown>) =>
      write(dir, RECORD_PATH, JSON.stringify({ ...good, answers: { ...good.answers, ...answers } }));
    const up = () => upgradeProject(dir, { phase: target }, OPTIONS);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ deliverable: 'cli' }, /deliverable "cli".*Choices: api, app, report, website/],
      [{ phase: 'testing' }, /phase "testing".*Choices: development, production, maintenance/],
      [{ package: '../../evil' }, /package name/],
      [{ license: 42 }, /"license" is missing or not a string/],
      [{ colour: 'blue' }, /does not know \(colour\)/],
      [{ description: 'two\nlines' }, /one line/],
    ];
    for (const [answers, message] of cases) {
      withAnswers(answers);
      expectRefused(dir, up, message);
    }
  });

  it('a folder where the upgrade needs one is a clear refusal', async () => {
    const dir = await generate(dev);
    write(dir, 'deploy', 'a file of mine\n');
    expectRefused(dir, () => upgradeProject(dir, { phase: target }, OPTIONS), /deploy is a file where a folder is needed/);
  });
});

// ── removals, on fixture layers (no real phase removes a file yet) ──────────────────────────────

describe.concurrent('upgrade on GitLab, and from GitHub to GitLab', () => {
  const gitlab = (deliverable: Deliverable, phase: Phase) => makeAnswers({ deliverable, phase, ci: 'gitlab' }, 'Demo Project');

  // 'api,website': two deliverables in one repository (answers.extraDeliverables) move the same way.
  const withSet = [...DELIVERABLES, 'api,website' as Deliverable];
  it.each(withSet)('%s: phase by phase on GitLab equals one generated at that phase (the recorded ci stays)', async (deliverable) => {
    const dir = await generate(gitlab(deliverable, 'development'));
    for (const phase of CHAIN.slice(1)) {
      const result = upgradeProject(dir, { phase }, OPTIONS);
      expect(result.conflicts).toEqual([]);
      expect(recordOf(dir).answers.ci).toBe('gitlab');
      expect(treeSnapshot(dir)).toEqual(treeSnapshot(await generate(gitlab(deliverable, phase))));
    }
  });

  const everyCombination = withSet.flatMap((deliverable) => PHASES.map((phase) => [deliverable, phase] as const));
  it.each(everyCombination)('--ci gitlab on %s at %s: untouched GitHub files go, an edited one stays, the GitLab ones arrive', async (deliverable, phase) => {
    const dir = await generate(answersFor(deliverable, phase));
    const edited = '.github/workflows/ci.yml';
    write(dir, edited, `${read(dir, edited)}# our own step\n`);
    const githubFiles = Object.keys(recordOf(dir).files).filter((p) => p.startsWith('.github/'));
    const result = upgradeProject(dir, { ci: 'gitlab' }, OPTIONS);
    expect(result.conflicts).toEqual([]);
    expect(actionOf(result, edited)).toBe('keep');
    expect(read(dir, edited)).toMatch(/# our own step\n$/);
    for (const p of githubFiles.filter((p) => p !== edited)) {
      expect(actionOf(result, p), p).toBe('remove');
      expect(existsSync(path.join(dir, p)), p).toBe(false);
    }
    expect(actionOf(result, '.gitlab-ci.yml')).toBe('create');
    expect(recordOf(dir).answers.ci).toBe('gitlab');
    // apart from the edited file kept, the same as a project generated on GitLab
    rmSync(path.join(dir, edited));
    rmSync(path.join(dir, '.github'), { recursive: true });
    expect(treeSnapshot(dir)).toEqual(treeSnapshot(await generate(gitlab(deliverable, phase))));
  });
});

describe('upgrade, files no longer generated', () => {
  const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'templates');
  let fixtures: ReturnType<typeof createFsStore>;
  beforeAll(() => {
    const root = path.join(tmpDir('livrable-upgrade-fixtures-'), 'templates');
    cpSync(FIXTURES, root, { recursive: true });
    fixtures = createFsStore(root);
  });
  // "two" exists only in development: upgrading drops its extra.txt and its README fragment.
  const LAYERS: Layer[] = [
    { id: 'one', dir: 'one', when: () => true },
    { id: 'two', dir: 'two', when: (a) => a.phase === 'development' },
  ];
  const dev = makeAnswers({ deliverable: 'api', phase: 'development', package: 'fixpkg' }, 'fixture');
  const options = () => ({ store: fixtures, generatorVersion: '9.9.9', year: YEAR, layers: LAYERS });
  const make = async () => {
    const dir = path.join(tmpDir('livrable-upgrade-'), 'p');
    await writePlan(plan(dev, options()), dir, { overwrite: false });
    return dir;
  };

  it('removes an untouched one, keeps an edited one, leaves a deleted one deleted', async () => {
    const untouched = await make();
    let result = upgradeProject(untouched, { phase: 'production' }, options());
    expect(actionOf(result, 'extra.txt')).toBe('remove');
    expect(existsSync(path.join(untouched, 'extra.txt'))).toBe(false);
    expect(actionOf(result, 'README.md')).toBe('update');
    expect(recordOf(untouched).files['extra.txt']).toBeUndefined();

    const edited = await make();
    write(edited, 'extra.txt', 'mine now\n');
    result = upgradeProject(edited, { phase: 'production' }, options());
    expect(actionOf(result, 'extra.txt')).toBe('keep');
    expect(read(edited, 'extra.txt')).toBe('mine now\n');

    const deleted = await make();
    rmSync(path.join(deleted, 'extra.txt'));
    result = upgradeProject(deleted, { phase: 'production' }, options());
    expect(actionOf(result, 'extra.txt')).toBe('skip');
  });

  it('every action kind is named in the list the CLI documents', () => {
    expect([...ACTION_KINDS].sort()).toEqual(['conflict', 'create', 'keep', 'merge', 'remove', 'skip', 'update']);
  });
});

// ── all or nothing ──────────────────────────────────────────────────────────────────────────────

describe('applyChanges', () => {
  it('a failure half-way puts every file back and leaves nothing of ours', () => {
    const dir = tmpDir('livrable-apply-');
    write(dir, 'a.txt', 'old a\n');
    write(dir, 'gone.txt', 'to remove\n');
    write(dir, 'blocker', 'a file where a folder is needed\n');
    const before = treeSnapshot(dir);
    expect(() =>
      applyChanges(dir, [
        { path: 'a.txt', kind: 'write', content: Buffer.from('new a\n'), mode: 0o644 },
        { path: 'gone.txt', kind: 'remove' },
        { path: 'new/deep/b.txt', kind: 'write', content: Buffer.from('b\n'), mode: 0o644 },
        { path: 'blocker/c.txt', kind: 'write', content: Buffer.from('c\n'), mode: 0o644 },
      ]),
    ).toThrow();
    expect(treeSnapshot(dir)).toEqual(before);
  });

  it('applies writes and removals, pruning folders a removal empties', async () => {
    const dir = tmpDir('livrable-apply-');
    write(dir, 'a.txt', 'old a\n');
    write(dir, 'sub/gone.txt', 'to remove\n');
    applyChanges(dir, [
      { path: 'a.txt', kind: 'write', content: Buffer.from('new a\n'), mode: 0o600 },
      { path: 'sub/gone.txt', kind: 'remove' },
      { path: 'run.sh', kind: 'write', content: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
    ]);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'run.sh']);
    expect(read(dir, 'a.txt')).toBe('new a\n');
    expect(statSync(path.join(dir, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(dir, 'a.txt')).mode & 0o777).toBe(0o600);
  });
});

// ── the built CLI ───────────────────────────────────────────────────────────────────────────────

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    // git and uv out of reach (empty PATH): the CLI must not need them for a dry run or a plain folder
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe.concurrent('create-livrable upgrade (built bin)', () => {
  beforeAll(() => {
    if (!existsSync(path.join(ROOT, 'dist', 'create-livrable.cjs'))) {
      throw new Error('dist/create-livrable.cjs is missing: run `npm test` (it builds first) or `npm run build`.');
    }
  });
  const dev = answersFor('app', 'development');
  const target = CHAIN[1] ?? 'production';

  it('--dry-run --json lists every action and writes nothing', async () => {
    const dir = await generate(dev);
    const before = treeSnapshot(dir);
    const result = await cli(['upgrade', dir, '--phase', target, '--dry-run', '--json'], path.dirname(dir));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(treeSnapshot(dir)).toEqual(before);
    const json = JSON.parse(result.stdout) as {
      target: string;
      from: Answers;
      to: Answers;
      actions: { path: string; action: ActionKind }[];
      counts: Record<ActionKind, number>;
      conflicts: string[];
    };
    expect(json.target).toBe(dir);
    expect(json.from.phase).toBe('development');
    expect(json.to.phase).toBe(target);
    expect(json.actions).toContainEqual(expect.objectContaining({ path: 'Dockerfile', action: 'create' }));
    expect(json.actions).toContainEqual(expect.objectContaining({ path: 'README.md', action: 'update' }));
    expect(json.actions).toContainEqual(expect.objectContaining({ path: RECORD_PATH, action: 'update' }));
    // the bundle decides like the source: every file of both plans is listed
    const paths = new Set([...planFor(dev), ...planFor(answersFor('app', target))].map((f) => f.path));
    expect(new Set(json.actions.map((a) => a.path))).toEqual(paths);
    expect(json.conflicts).toEqual([]);
  });

  it('upgrades in place (default directory .), prints a summary and next steps; a conflict exits 3', async () => {
    const dir = await generate(dev);
    write(dir, 'README.md', read(dir, 'README.md').replace('currently in the **development** phase', 'in beta'));
    const result = await cli(['upgrade', '--phase', target], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/^ {2}conflict +README\.md/m);
    expect(result.stdout).toMatch(/Conflicts:[\s\S]*<<<<<<< yours[\s\S]*README\.md/);
    expect(result.stdout).toMatch(/git diff/);
    expect(result.stdout).toMatch(/uv lock/);
    expect(read(dir, 'README.md')).toContain(MARKERS.ours);
    expect(recordOf(dir).answers.phase).toBe(target);
    // again: already up to date
    const again = await cli(['upgrade', '--phase', target], dir);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already up to date/);
  });

  it('a clean upgrade exits 0; a record from another version gets a note on the merge base', async () => {
    const dir = await generate(dev);
    const result = await cli(['upgrade', dir, '--phase', target], tmpDir());
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Done: \d+ create, \d+ update/);
    expect(result.stdout).not.toMatch(/Note:/);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(true);

    const old = await generate(dev);
    write(old, RECORD_PATH, read(old, RECORD_PATH).replace(`"version": "${PACKAGE_VERSION}"`, '"version": "0.0.1"'));
    const noted = await cli(['upgrade', old, '--phase', target, '--dry-run'], tmpDir());
    expect(noted.status).toBe(0);
    expect(noted.stdout).toContain(`Note: the project was generated by create-livrable 0.0.1`);
  });

  it('--resume / --rollback with nothing interrupted: says so, exit 0, writes nothing', async () => {
    const dir = await generate(dev);
    const before = treeSnapshot(dir);
    for (const mode of ['--resume', '--rollback']) {
      const result = await cli(['upgrade', mode], dir);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Nothing to (resume|roll back) in this folder: no interrupted upgrade\.$/m);
    }
    expect(treeSnapshot(dir)).toEqual(before);
  });

  it('--help documents the actions, the flags and the exit codes', async () => {
    const result = await cli(['upgrade', '--help'], tmpDir());
    expect(result.status).toBe(0);
    for (const word of [...ACTION_KINDS, '--phase', '--dry-run', '--json', '--force', '<<<<<<< yours']) {
      expect(result.stdout).toContain(word);
    }
    for (const word of ['--resume', '--rollback']) expect(result.stdout).toContain(word);
    for (const code of [0, 1, 2, 3, 4]) expect(result.stdout).toMatch(new RegExp(`^\\s+${code}\\s+\\S`, 'm'));
  });

  it.each([
    [['upgrade'], /--phase/],
    [['upgrade', '--phase', 'staging'], /Invalid --phase "staging"/],
    [['upgrade', '--phase', 'production', '--json'], /--json goes with --dry-run/],
    [['upgrade', '--bogus'], /bogus/],
    [['upgrade', 'a', 'b', '--phase', 'production'], /one project directory/],
    [['upgrade', '--phase', 'production'], /no \.livrable\.json/],
    [['upgrade', '--resume', '--phase', 'production'], /--resume goes alone \(not with --phase\)/],
    [['upgrade', '--resume', '--rollback'], /--resume goes alone \(not with --rollback\)/],
    [['upgrade', 'missing', '--rollback'], /does not exist/],
  ])('%j exits 2 with a message, no stack', async (args, message) => {
    const cwd = tmpDir();
    const result = await cli(args, cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe.concurrent('upgrade and the documents’ language', () => {
  const fr = (deliverable: Deliverable, phase: Phase): Answers =>
    makeAnswers({ deliverable, phase, lang: 'fr' }, 'Demo Project');

  it('a record written before `lang` existed reads as English, and the upgrade records it', async () => {
    const dir = await generate(answersFor('report', 'development'));
    const record = recordOf(dir);
    const { lang, ...older } = record.answers;
    expect(lang).toBe('en');
    write(dir, RECORD_PATH, `${JSON.stringify({ ...record, answers: older }, null, 2)}\n`);
    const result = upgradeProject(dir, { phase: 'production' }, OPTIONS);
    expect(result.from.lang).toBe('en');
    expect(recordOf(dir).answers.lang).toBe('en');
    expect(read(dir, 'README.md')).toBe(fileIn(planFor(answersFor('report', 'production')), 'README.md').content.toString());
  });

  it('keeps the recorded language: a French project upgraded is the French project of the new phase', async () => {
    const dir = await generate(fr('api', 'development'));
    const result = upgradeProject(dir, { phase: 'production' }, OPTIONS);
    expect(result.to.lang).toBe('fr');
    const expected = planFor(fr('api', 'production'));
    for (const doc of ['README.md', 'AGENTS.md']) expect(read(dir, doc)).toBe(fileIn(expected, doc).content.toString());
    expect(read(dir, 'README.md')).toContain('## Production');
    expect(read(dir, 'README.md')).toContain('Démarrage rapide');
  });

  it('--lang fr switches untouched documents, 3-way merges an edited one, and leaves the code alone', async () => {
    const dir = await generate(answersFor('api', 'development'));
    const readme = read(dir, 'README.md');
    expect(readme.startsWith('# Demo Project\n')).toBe(true);
    write(dir, 'README.md', readme.replace('# Demo Project\n', '# Demo Project (our fork)\n'));
    const result = upgradeProject(dir, { lang: 'fr' }, OPTIONS);
    expect(result.conflicts).toEqual([]);
    expect(actionOf(result, 'README.md')).toBe('merge');
    expect(actionOf(result, 'AGENTS.md')).toBe('update');
    // The code stays; the texts it shows and the default data's words change language with it.
    expect(actionOf(result, 'src/demo_project/api.py')).toBe('keep');
    expect(actionOf(result, 'src/demo_project/api_text.py')).toBe('update');
    expect(actionOf(result, 'src/demo_project/dataset.json')).toBe('update');
    const french = planFor(makeAnswers({ deliverable: 'api', phase: 'development', lang: 'fr', description: dev().description }, 'Demo Project'));
    expect(read(dir, 'AGENTS.md')).toBe(fileIn(french, 'AGENTS.md').content.toString());
    expect(read(dir, 'README.md')).toBe(
      fileIn(french, 'README.md').content.toString().replace('# Demo Project\n', '# Demo Project (our fork)\n'),
    );
    expect(recordOf(dir).answers.lang).toBe('fr');
    // and back: English is one more switch away
    git(dir, 'init', '-q');
    const back = upgradeProject(dir, { lang: 'en' }, { ...OPTIONS, force: true });
    expect(actionOf(back, 'AGENTS.md')).toBe('update');
    expect(read(dir, 'AGENTS.md')).toBe(fileIn(planFor(answersFor('api', 'development')), 'AGENTS.md').content.toString());
  });

  it('upgrade --lang is a flag like --phase: canonical spelling, alone enough, refused when unknown', () => {
    expect(parseUpgradeArgs(['--lang', 'FR']).changes).toEqual({ lang: 'fr' });
    expect(parseUpgradeArgs(['proj', '--lang', 'fr', '--phase', 'production']).changes).toEqual({ phase: 'production', lang: 'fr' });
    expect(() => parseUpgradeArgs(['--lang', 'de'])).toThrow(/Invalid --lang "de"/);
    expect(() => parseUpgradeArgs(['--resume', '--lang', 'fr'])).toThrow(/--resume goes alone/);
  });

  it('refuses a language it does not know, naming the choices', async () => {
    const dir = await generate(answersFor('api', 'development'));
    expectRefused(dir, () => upgradeProject(dir, { lang: 'de' as Answers['lang'] }, OPTIONS), /Invalid --lang "de".*en, fr/);
  });
});

function dev(): Answers {
  return answersFor('api', 'development');
}
