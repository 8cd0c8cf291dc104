import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetNotReady, validateDatasetSpec, type DatasetChoice, type DatasetSpec } from '../generators/core/dataset.js';
import { DELIVERABLES, PHASES } from '../generators/core/domain.js';
import { UserError } from '../generators/core/errors.js';
import { markdownText } from '../generators/engine/escape.js';
import { PENGUINS } from '../generators/core/penguins.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { plan, type PlannedFile } from '../generators/engine/plan.js';
import { RECORD_PATH } from '../generators/engine/record.js';
import { readRecord, upgradeProject } from '../generators/engine/upgrade.js';
import { writePlan } from '../generators/engine/write.js';
import { DATASETS } from './fixtures/datasets/make.js';
import { cleanTmpDirs, makeAnswers, PACKAGE_VERSION, TEMPLATES, tmpDir, userError } from './helpers.js';

const store = createFsStore(TEMPLATES);
const OPTIONS = { store, generatorVersion: PACKAGE_VERSION, year: 2025 };
afterAll(cleanTmpDirs);

const clone = <T>(value: T): T => structuredClone(value);
const file = (files: PlannedFile[], p: string) => files.find((f) => f.path === p);

/** Column names that break any raw interpolation into Python, JSON, TOML, Markdown or templates. */
const HOSTILE_NAMES = [
  'it\'s "quoted"',
  'back\\slash\\',
  'line\nbreak',
  '"""triple"""',
  "'''single'''",
  'été ñ 中文 😀',
  '{{package}}',
  '9 lives',
  'class',
  'None',
  '__import__("os").system("x")',
  '\t tab',
];

function hostileSpec(): DatasetSpec {
  const features = HOSTILE_NAMES.map((name, i) =>
    i % 2 === 0
      ? { name, kind: 'numeric' as const, integer: false, min: 0, max: 10, nullable: i % 3 === 0, label: `Feature ${i}` }
      : { name, kind: 'categorical' as const, codes: 'text' as const, values: [name, `${name}\\"`], nullable: false, label: `Feature ${i}` },
  );
  return {
    title: 'Hostile names',
    sampleFile: 'hostile.csv',
    rows: 2,
    target: { name: 'target "\n\\', task: 'classification', labelType: 'text', labels: ['a"', "b'\n"], label: 'Target' },
    features,
    ignored: ['ignored """'],
    example: Object.fromEntries(features.map((f) => [f.name, f.kind === 'numeric' ? 1.5 : f.name])),
  };
}

describe('validateDatasetSpec', () => {
  it('accepts the default and the fixture data sets unchanged', () => {
    for (const spec of [PENGUINS, DATASETS.loans().spec, DATASETS.fruit().spec, DATASETS.housing().spec, hostileSpec()]) {
      expect(validateDatasetSpec(clone(spec), 'test')).toEqual(spec);
    }
  });

  it('drops fields it does not know, so nothing unchecked reaches a file', () => {
    const spec = { ...clone(PENGUINS), extra: '<script>' } as unknown;
    expect(validateDatasetSpec(spec, 'test')).not.toHaveProperty('extra');
  });

  const broken: [string, (s: Record<string, any>) => void, RegExp][] = [
    ['a path as sample file', (s) => { s.sampleFile = '../../etc/passwd.csv'; }, /sampleFile/],
    ['a sample file that is not CSV', (s) => { s.sampleFile = 'data.py'; }, /sampleFile/],
    ['a sample file over dataset.json', (s) => { s.sampleFile = 'README.md'; }, /sampleFile/],
    ['a column named twice', (s) => { s.features[1].name = 'island'; }, /twice/],
    ['the target among the features', (s) => { s.features[0].name = 'species'; }, /twice/],
    ['an unknown kind', (s) => { s.features[0].kind = 'datetime'; }, /kind/],
    ['an unknown task', (s) => { s.target.task = 'ranking'; }, /task/],
    ['one label only', (s) => { s.target.labels = ['Adelie']; }, /labels/],
    ['a label twice', (s) => { s.target.labels = ['a', 'a']; }, /twice/],
    ['integer labels that are not integers', (s) => { s.target.labelType = 'integer'; }, /integer/],
    ['a non-finite bound', (s) => { s.features[1].max = Number.POSITIVE_INFINITY; }, /finite/],
    ['min above max', (s) => { s.features[1].min = 500; }, /min/],
    ['an example without a feature', (s) => { delete s.example.island; }, /lacks/],
    ['an example with a stranger', (s) => { s.example.year = 2007; }, /not a feature/],
    ['null for a feature that is not nullable', (s) => { s.example.island = null; }, /nullable/],
    ['an example out of bounds', (s) => { s.example.body_mass_g = 1e9; }, /bounds/],
    ['a title on two lines', (s) => { s.title = 'a\nb'; }, /one line/],
    ['a lone surrogate in a name', (s) => { s.features[0].name = 'x\ud800'; }, /not a character/],
    ['a NUL in a name', (s) => { s.ignored = ['a\u0000b']; }, /NUL/],
    ['no features', (s) => { s.features = []; }, /features/],
    ['rows that are not a count', (s) => { s.rows = -1; }, /rows/],
  ];
  it.each(broken)('refuses %s with a one-line message naming the field', (_what, mutate, pattern) => {
    const spec = clone(PENGUINS) as unknown as Record<string, any>;
    mutate(spec);
    const error = userError(() => validateDatasetSpec(spec, '/p/.livrable.json'));
    expect(error.message).toMatch(pattern);
    expect(error.message.startsWith('/p/.livrable.json: "dataset"')).toBe(true);
    expect(error.message).not.toContain('\n');
  });
});

describe('plan with a data set', () => {
  const answers = makeAnswers({ deliverable: 'api', phase: 'development' }, 'Demo Project');
  const pkg = answers.package;

  it('writes dataset.json for the penguins by default, and a record without "dataset"', () => {
    const files = plan(answers, OPTIONS);
    expect(JSON.parse(file(files, `src/${pkg}/dataset.json`)!.content.toString())).toEqual(PENGUINS);
    expect(file(files, `src/${pkg}/data/penguins.csv`)).toBeDefined();
    expect(JSON.parse(file(files, RECORD_PATH)!.content.toString())).not.toHaveProperty('dataset');
  });

  it('ships the chosen sample instead of the penguins, and records the spec', () => {
    const choice = DATASETS.loans();
    const files = plan(answers, { ...OPTIONS, dataset: choice });
    expect(file(files, `src/${pkg}/data/loans.csv`)!.content).toEqual(choice.sample);
    expect(file(files, `src/${pkg}/data/penguins.csv`)).toBeUndefined();
    expect(JSON.parse(file(files, `src/${pkg}/dataset.json`)!.content.toString())).toEqual(choice.spec);
    expect(JSON.parse(file(files, RECORD_PATH)!.content.toString()).dataset).toEqual(choice.spec);
  });

  it('renders tests that follow the schema (an id column changes the duplicate tests)', () => {
    const text = (choice: DatasetChoice | undefined) =>
      file(plan(answers, { ...OPTIONS, ...(choice ? { dataset: choice } : {}) }), 'tests/test_validation.py')!.content.toString();
    expect(text(DATASETS.loans())).toContain('def test_leakage_is_detected_by_id');
    expect(text(undefined)).toContain('def test_identical_rows_are_distinct_records');
  });

  it.each([
    ['api', 'production'],
    ['api', 'maintenance'],
    ['app', 'production'],
    ['app', 'maintenance'],
    ['report', 'production'],
    ['report', 'maintenance'],
    ['website', 'production'],
    ['website', 'maintenance'],
  ] as const)('a %s at %s on other data: its code, tests and cards name no penguin', (deliverable, phase) => {
    for (const [name, make] of Object.entries(DATASETS)) {
      const files = plan(makeAnswers({ deliverable, phase }, 'Demo Project'), { ...OPTIONS, dataset: make() });
      // What the production and maintenance phases bring, and the base files they build on.
      const phaseFiles = files.filter((f) => /^(phase|base)\//.test(f.template) && /^(src|tests|docs)\//.test(f.path));
      expect(phaseFiles.length).toBeGreaterThan(20);
      expect(files.some((f) => f.path.endsWith('/data/README.md')), name).toBe(false);
      for (const f of phaseFiles) {
        expect(f.content.toString('utf8'), `${name}: ${f.path}`).not.toMatch(/penguin(?!s[./])|Adelie|Gentoo|Chinstrap|Biscoe|Torgersen|flipper|bill_length|body_mass|\bisland\b/i);
      }
    }
  });

  it('renders the drift tests by the kinds the data has', () => {
    const drift = (choice: DatasetChoice | undefined, phase: 'maintenance' = 'maintenance') =>
      file(plan(makeAnswers({ deliverable: 'api', phase }, 'Demo Project'), { ...OPTIONS, ...(choice ? { dataset: choice } : {}) }), 'tests/test_drift.py')!.content.toString();
    expect(drift(DATASETS.housing())).toContain('def test_a_shifted_numeric_column_drifts');
    expect(drift(DATASETS.housing())).toContain('def test_cli_on_the_sample_compares_it_with_the_training_split');
    expect(drift(undefined)).toContain('def test_cli_on_the_sample_compares_its_latest_year_with_the_years_before');
    expect(drift(DATASETS.loans())).toContain('LOGGED_PREDICTION: Any = CLASS_LABELS[0]');
  });

  it('keeps fuzzed column names as data: every Python file parses and dataset.json round-trips them', () => {
    const choice: DatasetChoice = { spec: hostileSpec(), sample: Buffer.from('x\n') };
    for (const deliverable of ['api', 'app', 'report', 'website'] as const) {
      const files = plan(makeAnswers({ deliverable, phase: 'maintenance' }, 'Demo Project'), { ...OPTIONS, dataset: choice });
      const sources = files.filter((f) => f.path.endsWith('.py')).map((f) => ({ path: f.path, text: f.content.toString('utf8') }));
      const description = file(files, `src/${pkg}/dataset.json`)!.content.toString('utf8');
      const script = [
        'import ast, json, sys',
        'data = json.load(sys.stdin)',
        'for source in data["sources"]:',
        '    ast.parse(source["text"], source["path"])',
        'spec = json.loads(data["description"])',
        'print(json.dumps([spec["target"]["name"], *[f["name"] for f in spec["features"]], *spec["ignored"]]))',
      ].join('\n');
      const result = spawnSync('python3', ['-c', script], { input: JSON.stringify({ sources, description }), encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual([choice.spec.target.name, ...HOSTILE_NAMES, 'ignored """']);
      // No name reached any file but the data description (and the record): they are never code.
      for (const f of files) {
        if (f.path.endsWith('dataset.json') || f.path === RECORD_PATH) continue;
        if (f.path.startsWith('docs/') && f.path.endsWith('-card.md')) {
          // The cards list the columns, as Markdown: every row of a table keeps its cells.
          for (const line of f.content.toString('utf8').split('\n').filter((l) => l.startsWith('| '))) {
            expect(line.split(/(?<!\\)\|/).length, `${f.path}: ${line}`).toBe(5);
          }
          continue;
        }
        expect(f.content.toString('utf8').includes('__import__("os")'), f.path).toBe(false);
      }
    }
  });
});

describe('report and website on a data set (English and French)', () => {
  const COMBOS = (['loans', 'fruit', 'housing'] as const).flatMap((data) =>
    (['report', 'website'] as const).flatMap((deliverable) => (['en', 'fr'] as const).map((lang) => ({ data, deliverable, lang }))),
  );
  const DOCUMENTS = { report: ['report/report.qmd'], website: ['index', 'data-card', 'model-card', 'results'].map((p) => `website/${p}.qmd`) };

  it('is accepted at every phase; a deliverable or phase left out of the table is refused in one line', () => {
    for (const deliverable of DELIVERABLES) {
      for (const phase of PHASES) expect(datasetNotReady(deliverable, phase), `${deliverable} at ${phase}`).toBeUndefined();
    }
    // The gate a new deliverable goes through: refused, naming what is ready, until it is listed.
    const narrower = { api: [...PHASES], app: [...PHASES], report: ['development'], website: [] } as const;
    expect(datasetNotReady('report', 'production', narrower)).toBe(
      'Your own data (--dataset, add dataset) is available for api and app projects at development, production, maintenance; report projects at development so far, not for a report at production: some of its files still describe the penguins. Nothing was written.',
    );
    expect(datasetNotReady('website', 'development', narrower)).toMatch(/not for a website at development: .* Nothing was written\.$/);
    expect(datasetNotReady('report', 'development', narrower)).toBeUndefined();
  });

  it.each(COMBOS)('$data as $deliverable in $lang: documents about the data set, none about the penguins; every Python file parses', ({ data, deliverable, lang }) => {
    const choice = DATASETS[data]();
    const answers = makeAnswers({ deliverable, phase: 'development', lang }, 'Demo Project');
    const files = plan(answers, { ...OPTIONS, dataset: choice });
    const classification = choice.spec.target.task === 'classification';
    for (const document of DOCUMENTS[deliverable]) {
      const text = file(files, document)?.content.toString('utf8') ?? '';
      expect(text, document).not.toMatch(/penguin|manchot|species|espèce|Adelie|Gentoo|island/i);
      expect(text, document).not.toMatch(/\{\{|\}\}/);
      // Task-specific cells: a confusion matrix for classes, predicted against true for a regression.
      if (document.endsWith('results.qmd') || document.endsWith('report.qmd')) {
        expect(text.includes('confusion_matrix_figure'), document).toBe(classification);
        expect(text.includes('predicted_vs_true_figure'), document).toBe(!classification);
      }
    }
    const documents = DOCUMENTS[deliverable].map((d) => file(files, d)?.content.toString('utf8') ?? '').join('\n');
    expect(documents).toContain(markdownText(choice.spec.title));
    const wording = file(files, `src/${answers.package}/wording.py`)?.content.toString('utf8') ?? '';
    expect(wording).toContain(lang === 'fr' ? '"count": "effectif"' : '"count": "count"');
    const sources = files.filter((f) => f.path.endsWith('.py')).map((f) => ({ path: f.path, text: f.content.toString('utf8') }));
    const result = spawnSync('python3', ['-c', 'import ast, json, sys\nfor s in json.load(sys.stdin):\n    ast.parse(s["text"], s["path"])'], {
      input: JSON.stringify(sources),
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('every deliverable on a data set, at every phase', () => {
  const COMBOS = (['api', 'app', 'report', 'website'] as const).flatMap((deliverable) =>
    (['development', 'production', 'maintenance'] as const).flatMap((phase) => (['en', 'fr'] as const).map((lang) => ({ deliverable, phase, lang }))),
  );
  const PENGUIN = /penguin|manchot|species|espèce|Adelie|Gentoo|Chinstrap|Biscoe|Torgersen|flipper|nageoire|bill_length|body_mass|\bisland\b/i;
  /**
   * Lines that may name the penguins on any data: example paths in the data-reading tests (any
   * file name would do there) and where the report's colours come from.
   */
  const ALLOWED: [RegExp, RegExp][] = [
    [/^tests\/test_(data_io|config)\.py$/, /["/]penguins\.(csv|CSV\.gz|parquet)\b/],
    [/\/report_common\.py$/, /^#: Class colours by position .* the palmerpenguins palette\)\.$/],
  ];

  it.each(COMBOS)('a $deliverable at $phase in $lang: no file it writes holds a penguin fact (README, workflows, deploy, cards, tests)', ({ deliverable, phase, lang }) => {
    for (const [name, make] of Object.entries(DATASETS)) {
      const choice = make();
      const files = plan(makeAnswers({ deliverable, phase, lang }, 'Demo Project'), { ...OPTIONS, dataset: choice });
      const publishes = (deliverable === 'report' || deliverable === 'website') && phase !== 'development';
      expect(files.some((f) => f.path.startsWith('.github/workflows/publish')), name).toBe(publishes);
      const found: string[] = [];
      for (const f of files) {
        if (f.path.endsWith(choice.spec.sampleFile) || f.path.endsWith('dataset.json') || f.path === RECORD_PATH) continue;
        for (const line of f.content.toString('utf8').split('\n')) {
          if (PENGUIN.test(line) && !ALLOWED.some(([where, what]) => where.test(f.path) && what.test(line.trim()))) found.push(`${f.path}: ${line.trim()}`);
        }
      }
      expect(found, name).toEqual([]);
    }
  });
});

describe('upgrade of a project on its own data', () => {
  function generated(choice: DatasetChoice, deliverable: 'api' | 'report' | 'website' = 'api'): string {
    const dir = path.join(tmpDir('livrable-dataset-'), 'project');
    const answers = makeAnswers({ deliverable, phase: 'development' }, 'Demo Project');
    writePlan(plan(answers, { ...OPTIONS, dataset: choice }), dir, { overwrite: false });
    return dir;
  }

  it("upgrades to maintenance from the recorded description and the project's own sample", () => {
    const choice = DATASETS.housing();
    const dir = generated(choice);
    const pkg = readRecord(dir).answers.package;
    const result = upgradeProject(dir, { phase: 'maintenance' }, { ...OPTIONS, force: true });
    expect(result.conflicts).toEqual([]);
    const record = readRecord(dir);
    expect(record.answers.phase).toBe('maintenance');
    expect(record.dataset).toEqual(choice.spec);
    expect(readFileSync(path.join(dir, `src/${pkg}/data/housing.csv`))).toEqual(choice.sample);
    expect(JSON.parse(readFileSync(path.join(dir, `src/${pkg}/dataset.json`), 'utf8'))).toEqual(choice.spec);
    // The new files are rendered from that description: a regression's cards and tests.
    expect(readFileSync(path.join(dir, 'docs/model-card.md'), 'utf8')).toContain('a regression');
    expect(readFileSync(path.join(dir, 'tests/test_drift.py'), 'utf8')).toContain('LOGGED_PREDICTION: Any = 1e9');
    expect(readFileSync(path.join(dir, 'tests/test_drift.py'), 'utf8')).not.toContain('CLASS_LABELS');
  });

  it.each(['report', 'website'] as const)('upgrades a %s on its own data to production, then maintenance: the new files follow the description', (deliverable) => {
    const choice = DATASETS.loans();
    const dir = generated(choice, deliverable);
    const pkg = readRecord(dir).answers.package;
    for (const phase of ['production', 'maintenance'] as const) {
      const result = upgradeProject(dir, { phase }, { ...OPTIONS, force: true });
      expect(result.conflicts).toEqual([]);
      expect(readRecord(dir).answers.phase).toBe(phase);
      expect(readRecord(dir).dataset).toEqual(choice.spec);
    }
    expect(readFileSync(path.join(dir, `src/${pkg}/data/loans.csv`))).toEqual(choice.sample);
    expect(readFileSync(path.join(dir, '.github/workflows/publish.yml'), 'utf8')).toContain(`python -m ${pkg}.render`);
    // The maintenance files are rendered from that description: an id column, integer labels.
    // (A website's data card is its own page, from development on; a report's is docs/data-card.md.)
    if (deliverable === 'report') expect(readFileSync(path.join(dir, 'docs/data-card.md'), 'utf8')).toContain('`applicant id`');
    expect(readFileSync(path.join(dir, 'tests/test_drift.py'), 'utf8')).toContain('LOGGED_PREDICTION: Any = CLASS_LABELS[0]');
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).not.toMatch(/Palmer|penguin/i);
  });

  it('refuses a crafted record and a missing sample with one line, writing nothing', () => {
    const dir = generated(DATASETS.fruit());
    const recordPath = path.join(dir, RECORD_PATH);
    const original = readFileSync(recordPath, 'utf8');
    const crafted = JSON.parse(original);
    crafted.dataset.sampleFile = '../../../../etc/passwd.csv';
    writeFileSync(recordPath, JSON.stringify(crafted));
    expect(() => readRecord(dir)).toThrow(UserError);
    expect(userError(() => readRecord(dir)).message).toMatch(/sampleFile/);
    writeFileSync(recordPath, original);
    rmSync(path.join(dir, `src/${readRecord(dir).answers.package}/data/fruit.csv`));
    const error = userError(() => upgradeProject(dir, { phase: 'maintenance' }, { ...OPTIONS, force: true }));
    expect(error.message).toMatch(/fruit\.csv is missing/);
    expect(readFileSync(recordPath, 'utf8')).toBe(original);
  });
});
