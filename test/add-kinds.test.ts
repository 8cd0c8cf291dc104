import { execFileSync, } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../generators/core/errors.js';
import type { Addition } from '../generators/engine/addition-types.js';
import { checkAddition, planWithAdditions, planWithNewAddition, validateAdditions } from '../generators/engine/additions.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { plopRunner } from '../generators/engine/plop-generators.js';
import { RECORD_PATH } from '../generators/engine/record.js';
import { cli as faultCli, copyProject, countOps, dispose } from './fault/harness.js';
import { readTextModule } from './python-text.js';
import { BIN, binSync, cleanTmpDirs, commitAll, generatedDemo, makeAnswers, PACKAGE_VERSION, tmpDir, treeSnapshot } from './helpers.js';

// `add endpoint` (api), `add page` (app), `add section` (report): their plans on generated
// projects, their names (fuzzed), their refusals (exit 2, one line, nothing written), adding the
// same name twice, doctor's reading of "added", and a kill mid-way.
const store = createFsStore(path.join(path.dirname(BIN), '..', 'templates'));
afterAll(cleanTmpDirs);

const cli = binSync;

const generate = (deliverable: string, phase = 'development'): string => generatedDemo(deliverable, phase, 'livrable-add-kinds-');
const commit = commitAll;

const snapshot = (dir: string) => treeSnapshot(dir).filter((line) => !/^[dfl] \.git(\/| |$)/.test(line));
const read = (dir: string, p: string) => readFileSync(path.join(dir, p), 'utf8');
const added = (dir: string) => JSON.parse(read(dir, RECORD_PATH)).added;

/** A refusal: exit 2, one line on stderr matching `message`, the tree untouched. */
function expectRefused(dir: string, args: string[], message: RegExp): void {
  const before = snapshot(dir);
  const run = cli(dir, 'add', ...args);
  expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
  expect(snapshot(dir), args.join(' ')).toEqual(before);
}

// ── names, without a project: every refusal is a one-line UserError ─────────────────────────────

const answersFor = (deliverable: 'api' | 'app' | 'report' | 'website') => makeAnswers({ deliverable, package: 'demo' });

/** Hostile names every kind refuses: separators, dots, unicode, case, spaces, controls, length. */
const HOSTILE = ['', '../x', 'a/b', 'a\\b', '.', '..', '.hidden', 'a.b', 'é', 'caf\u00e9', 'Ω', 'Upper', 'a b', 'a\nb', 'a\0b', '-a', '1a', 'x'.repeat(41), '\u202ea'];

describe('add: names', () => {
  const cases: [Addition['kind'], 'api' | 'app' | 'report', string[], string[]][] = [
    ['step', 'api', ['features', 'v2'], ['ingest', 'pipeline', 'class', 'a_b', 'a-b']],
    ['endpoint', 'api', ['explain', 'score_v2', 'a1'], ['a-b', '_x', 'x_', 'a__b', 'class', 'None', 'health', 'predict', 'docs', 'metrics']],
    ['page', 'app', ['model-errors', 'about', 'v2'], ['a_b', 'a--b', 'a-', 'streamlit-app']],
    ['section', 'report', ['islands', 'error-analysis'], ['a_b', 'data', 'model', 'figures']],
  ];
  it.each(cases)('%s names (%s)', (kind, deliverable, valid, invalid) => {
    const answers = answersFor(deliverable);
    const addition = (name: string) => ({ kind, name, after: [] }) as Addition;
    for (const name of valid) expect(() => checkAddition(addition(name), answers, []), name).not.toThrow();
    for (const name of [...HOSTILE, ...invalid]) {
      let error: unknown;
      try {
        checkAddition(addition(name), answers, []);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(name)).toBeInstanceOf(UserError);
      expect((error as Error).message.split('\n').length, JSON.stringify(name)).toBe(1);
    }
    // The same name twice.
    const first = { kind, name: valid[0], after: [] } as Addition;
    expect(() => checkAddition(first, answers, [first])).toThrow(/already has/);
  });

  it('a hostile --after is named on one line', () => {
    for (const need of ['a\nb', '../x', 'ingest\r']) {
      expect(() => checkAddition({ kind: 'step', name: 'x', after: [need] }, answersFor('api'), [])).toThrow(/^--after [^\n]*: the pipeline has no step "[^\n]*" \(steps: [^\n]*\)\.$/);
    }
  });

  it('each kind is refused by the deliverables it does not belong to', () => {
    expect(() => checkAddition({ kind: 'endpoint', name: 'x' }, answersFor('app'), [])).toThrow(/adds a route to an API; this project delivers an app\./);
    expect(() => checkAddition({ kind: 'section', name: 'x' }, answersFor('website'), [])).toThrow(/adds a section to a report; this project delivers a website\./);
    expect(() => checkAddition({ kind: 'page', name: 'x' }, answersFor('report'), [])).toThrow(/adds a page to a website or an app; this project delivers a report\./);
  });

  it('a crafted "added" is refused with what is wrong', () => {
    const api = answersFor('api');
    expect(() => validateAdditions([{ kind: 'endpoint', name: '../../etc' }], api, RECORD_PATH)).toThrow(/"added" is corrupt: "..\/..\/etc" is not a valid endpoint name/);
    expect(() => validateAdditions([{ kind: 'endpoint', name: 'a' }, { kind: 'endpoint', name: 'a' }], api, RECORD_PATH)).toThrow(/already has an endpoint "a"/);
    expect(() => validateAdditions([{ kind: 'shell', name: 'a' }], api, RECORD_PATH)).toThrow(/"kind": "step" \| "page" \| "endpoint" \| "section"/);
    expect(validateAdditions([{ kind: 'section', name: 'x', extra: 1 }], answersFor('report'), RECORD_PATH)).toEqual([{ kind: 'section', name: 'x' }]);
  });
});

// ── plans: plop's generator and upgrade's replay agree ──────────────────────────────────────────

describe('add: plop and the replay produce the same bytes', () => {
  const chains: ['api' | 'app' | 'report', Addition[]][] = [
    ['api', [{ kind: 'endpoint', name: 'explain' }, { kind: 'step', name: 'features', after: ['validate'] }, { kind: 'endpoint', name: 'score_v2' }]],
    ['app', [{ kind: 'page', name: 'model-errors' }, { kind: 'page', name: 'about' }]],
    ['report', [{ kind: 'section', name: 'islands' }, { kind: 'section', name: 'error-analysis' }]],
  ];
  it.each(chains)('%s', async (deliverable, chain) => {
    const answers = answersFor(deliverable);
    const options = { store, generatorVersion: PACKAGE_VERSION };
    const last = chain.at(-1) as Addition;
    const viaPlop = await planWithNewAddition(answers, chain.slice(0, -1), last, options, await plopRunner(store, last.kind));
    const replayed = planWithAdditions(answers, chain, options);
    expect(viaPlop.map((f) => [f.path, f.content.toString('utf8')])).toEqual(replayed.map((f) => [f.path, f.content.toString('utf8')]));
  });
});

// The generated projects' ruff has a line length of 100 (E501, and ruff format): an addition of
// the longest allowed name must write only lines within it, wherever the name appears (docstrings,
// class names, the wrapped import in pipeline.py), and a short name beside it keeps isort's order.
describe('add: names of the longest allowed length stay within the line length', () => {
  const long = `e${'x1'.repeat(19)}z`;
  const short = 'ab';
  const chains: ['api' | 'app' | 'report' | 'website', 'production' | 'development', Addition[]][] = [
    ['api', 'production', [{ kind: 'step', name: long, after: ['validate'] }, { kind: 'step', name: short, after: [long] }, { kind: 'endpoint', name: long }]],
    ['api', 'production', [{ kind: 'step', name: short, after: ['validate'] }, { kind: 'step', name: long, after: [short] }]],
    ['app', 'development', [{ kind: 'page', name: long }]],
    ['website', 'development', [{ kind: 'page', name: long }]],
    ['report', 'development', [{ kind: 'section', name: long }]],
  ];
  it.each(chains)('%s at %s', (deliverable, phase, chain) => {
    expect(long).toHaveLength(40);
    const answers = makeAnswers({ deliverable, phase, package: 'demo' });
    const files = planWithAdditions(answers, chain, { store, generatorVersion: PACKAGE_VERSION });
    // The files the additions wrote or edited (the base templates are held to ruff by the generated tier).
    const base = new Map(planWithAdditions(answers, [], { store, generatorVersion: PACKAGE_VERSION }).map((f) => [f.path, f.content.toString('utf8')]));
    const tooLong = files
      .filter((f) => f.path.endsWith('.py') && base.get(f.path) !== f.content.toString('utf8'))
      .flatMap((f) => f.content.toString('utf8').split('\n').map((line, i) => ({ where: `${f.path}:${i + 1}`, line })))
      .filter(({ line }) => line.length > 100);
    expect(tooLong).toEqual([]);
    if (deliverable === 'api') {
      const pipeline = files.find((f) => f.path === 'src/demo/pipeline.py')?.content.toString('utf8') ?? '';
      const imports = pipeline.split('\n').filter((l) => l.startsWith('from .steps import') || l.startsWith(`    ${long} as`));
      expect(imports).toEqual([`from .steps import ${short} as ${short}_step`, 'from .steps import (', `    ${long} as ${long}_step,`]);
    }
  });
});

describe('add endpoint in a French project', () => {
  it('writes the texts module in French, and the same code and tests as in English', () => {
    const files = (lang: 'en' | 'fr') => {
      const answers = makeAnswers({ deliverable: 'api', package: 'demo', lang });
      const planned = planWithAdditions(answers, [{ kind: 'endpoint', name: 'explain' }], { store, generatorVersion: PACKAGE_VERSION });
      const text = (p: string) => planned.find((f) => f.path === p)?.content.toString('utf8') ?? '';
      return { code: text('src/demo/endpoints/explain.py'), test: text('tests/test_endpoint_explain.py'), texts: text('src/demo/endpoints/_text_explain.py') };
    };
    const en = files('en');
    const fr = files('fr');
    expect(fr.code).toContain('from ._text_explain import TEXT');
    expect(fr.code).toBe(en.code);
    expect(fr.test).toBe(en.test);
    expect(readTextModule(en.texts, 'en').get('summary')).toBe('Measure a text (stub)');
    expect(readTextModule(fr.texts, 'fr').get('summary')).toBe('Mesurer un texte (ébauche)');
    expect([...readTextModule(fr.texts, 'fr').keys()]).toEqual([...readTextModule(en.texts, 'en').keys()]);
  });
});

// ── on generated projects ───────────────────────────────────────────────────────────────────────

describe('add endpoint (api)', () => {
  let dir: string;
  beforeAll(() => {
    dir = generate('api');
  });

  it('--dry-run --json plans the module, MODULES and the test, in add’s own words, and writes nothing', () => {
    const before = snapshot(dir);
    const run = cli(dir, 'add', 'endpoint', 'explain', '--dry-run', '--json');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { actions: { path: string; action: string; reason: string }[] };
    expect(out.actions.filter((a) => a.action !== 'keep')).toEqual([
      { path: 'src/demo/endpoints/__init__.py', action: 'create', reason: 'new in endpoint explain' },
      { path: 'src/demo/endpoints/_text_explain.py', action: 'create', reason: 'new in endpoint explain' },
      { path: 'src/demo/endpoints/explain.py', action: 'create', reason: 'new in endpoint explain' },
      { path: 'tests/test_endpoint_explain.py', action: 'create', reason: 'new in endpoint explain' },
      { path: RECORD_PATH, action: 'update', reason: 'records the endpoint explain in "added"' },
    ]);
    expect(out.actions.some((a) => /upgrade/.test(a.reason))).toBe(false);
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes the endpoint, lists it in MODULES without touching api.py, records it; a second one is appended', () => {
    const api = read(dir, 'src/demo/api.py');
    expect(api).toContain('EXTENSIONS: tuple[str, ...] = ("monitoring_api", "endpoints", "cross_origin")');
    expect(cli(dir, 'add', 'endpoint', 'explain').code).toBe(0);
    expect(read(dir, 'src/demo/endpoints/explain.py')).toContain(
      '@router.post(\n    "/explain",\n    summary=TEXT["summary"],\n    description=TEXT["description"],\n)\ndef answer(\n    body: ExplainRequest,\n) -> ExplainResponse:',
    );
    expect(read(dir, 'src/demo/endpoints/_text_explain.py')).toContain('"summary": "Measure a text (stub)",');
    expect(read(dir, 'tests/test_endpoint_explain.py')).toContain('from demo.endpoints import explain as endpoint');
    commit(dir, 'explain');
    const second = cli(dir, 'add', 'endpoint', 'score_v2');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/update +src\/demo\/endpoints\/__init__\.py +untouched since generated: updated for the endpoint score_v2/);
    expect(read(dir, 'src/demo/endpoints/__init__.py')).toContain('MODULES: list[str] = [\n    "explain",\n    "score_v2",\n]\n');
    expect(read(dir, 'src/demo/endpoints/score_v2.py')).toContain('class ScoreV2Request(BaseModel):');
    expect(read(dir, 'src/demo/api.py')).toBe(api);
    expect(added(dir)).toEqual([
      { kind: 'endpoint', name: 'explain' },
      { kind: 'endpoint', name: 'score_v2' },
    ]);
    commit(dir, 'score_v2');
  });

  it('refuses the same name twice, bad names, an API path, a file in the way, other kinds: exit 2, nothing written', () => {
    expectRefused(dir, ['endpoint', 'explain'], /^create-livrable: The API already has an endpoint "explain": choose another name\.$/m);
    expectRefused(dir, ['endpoint', '../explain'], /"..\/explain" is not a valid endpoint name/);
    expectRefused(dir, ['endpoint', 'Explain.py'], /not a valid endpoint name/);
    expectRefused(dir, ['endpoint', 'import'], /is a Python keyword/);
    expectRefused(dir, ['endpoint', 'predict'], /already answers \/predict/);
    expectRefused(dir, ['page', 'about'], /this project delivers an API/);
    expectRefused(dir, ['section', 'about'], /this project delivers an API/);
    writeFileSync(path.join(dir, 'tests/test_endpoint_mine.py'), '# mine\n');
    commit(dir, 'mine');
    expectRefused(dir, ['endpoint', 'mine'], /tests\/test_endpoint_mine\.py already exists/);
  });

  it('doctor: the added files are expected; a missing one fails with a fix', () => {
    const ok = JSON.parse(cli(dir, 'doctor', '--json').stdout) as { checks: { id: string; status: string; detail: string; fix?: string }[] };
    expect(ok.checks.find((c) => c.id === 'development.added-files')).toMatchObject({ status: 'pass', detail: '8 file(s) of endpoint explain, endpoint score_v2' });
    rmSync(path.join(dir, 'src/demo/endpoints/explain.py'));
    const broken = JSON.parse(cli(dir, 'doctor', '--json').stdout) as typeof ok;
    const check = broken.checks.find((c) => c.id === 'development.added-files');
    expect(check?.status).toBe('fail');
    expect(check?.detail).toBe('missing: src/demo/endpoints/explain.py (added by `add endpoint explain`)');
    expect(check?.fix).toMatch(/git checkout HEAD -- src\/demo\/endpoints\/explain\.py/);
    execFileSync('git', ['checkout', '--', '.'], { cwd: dir });
  });

  it('upgrade keeps the endpoints', () => {
    const up = cli(dir, 'upgrade', '--phase', 'production');
    expect(up.code, up.stderr).toBe(0);
    expect(read(dir, 'src/demo/endpoints/__init__.py')).toContain('    "explain",\n    "score_v2",\n');
    expect(read(dir, 'src/demo/endpoints/explain.py')).toContain('def answer(');
  });
});

describe('add page (app) and add section (report)', () => {
  it('app: numbered Streamlit pages with their tests; the same name twice is refused', () => {
    const dir = generate('app');
    expect(cli(dir, 'add', 'page', 'model-errors').code).toBe(0);
    commit(dir, 'page');
    const second = cli(dir, 'add', 'page', 'about');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('edit app/pages/2_About.py   what the page shows');
    expect(read(dir, 'app/pages/1_Model_errors.py')).toContain('st.title("Model errors")');
    expect(read(dir, 'tests/test_page_model_errors.py')).toContain('PAGE_FILE = PAGES_DIR / "1_Model_errors.py"');
    expect(read(dir, 'tests/test_page_about.py')).toContain('"2_About.py"');
    expect(added(dir)).toEqual([
      { kind: 'page', name: 'model-errors' },
      { kind: 'page', name: 'about' },
    ]);
    commit(dir, 'about');
    expectRefused(dir, ['page', 'about'], /The app already has a page "about"/);
    expectRefused(dir, ['page', 'a/b'], /not a valid page name/);
    expectRefused(dir, ['endpoint', 'x'], /this project delivers an app/);
  });

  it('report: the section file and its include line at the end of report.qmd', () => {
    const dir = generate('report');
    const report = read(dir, 'report/report.qmd');
    expect(cli(dir, 'add', 'section', 'islands').code).toBe(0);
    commit(dir, 'islands');
    expect(cli(dir, 'add', 'section', 'error-analysis').code).toBe(0);
    expect(read(dir, 'report/report.qmd')).toBe(`${report}\n{{< include _islands.qmd >}}\n\n{{< include _error-analysis.qmd >}}\n`);
    expect(read(dir, 'report/_islands.qmd')).toMatch(/^## Islands\n[\s\S]*#\| label: tbl-section-islands\n/);
    commit(dir, 'error-analysis');
    expectRefused(dir, ['section', 'islands'], /already has a section "islands"/);
    expectRefused(dir, ['section', 'data'], /already has a section "Data"/);
    expectRefused(dir, ['section', '..'], /not a valid section name/);
  });
});

describe('add endpoint: a kill mid-way', () => {
  it('at every rename of a second endpoint (MODULES edited), --rollback restores the project', async () => {
    const parent = tmpDir('livrable-add-kinds-fault-');
    expect(cli(parent, 'demo', '--deliverable', 'api', '--no-install', '--no-git', '--yes').code).toBe(0);
    const project = path.join(parent, 'demo');
    expect(cli(project, 'add', 'endpoint', 'explain').code).toBe(0);
    const args = ['add', 'endpoint', 'score'];
    const clean = copyProject(project);
    const { run, rename } = await countOps(args, clean);
    expect(run.status, run.stderr).toBe(0);
    expect(rename).toBeGreaterThan(3);
    const before = snapshot(project);
    const after = snapshot(clean);
    for (let n = 1; n <= rename; n += 1) {
      const mode = n % 2 === 1 ? 'rollback' : 'resume';
      const copy = copyProject(project);
      const killed = await faultCli(args, copy, { fault: { killAtRename: n } });
      expect(killed.signal, `rename ${n}`).toBe('SIGKILL');
      const recovered = await faultCli(['upgrade', `--${mode}`], copy);
      expect(recovered.status, recovered.stderr).toBe(0);
      if (mode === 'rollback') expect(snapshot(copy), `rollback at rename ${n}`).toEqual(before);
      else expect([before, after], `resume at rename ${n}`).toContainEqual(snapshot(copy));
      dispose(copy);
    }
  }, 180_000);
});
