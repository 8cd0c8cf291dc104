/**
 * Projects on data no template was written for (test/fixtures/datasets/make.ts: loans, fruit,
 * housing), planned with a DatasetChoice as `--dataset` does: each passes its own checks (uv
 * sync, ruff, pytest, the pipeline end to end); an API serves a prediction on loopback; a report
 * or a website is rendered by the real Quarto into pages that show the data set's own columns
 * and nothing of the penguins (one of them in French), and its notebook runs end to end; at
 * maintenance the drift check's tests are among them. Each of the three is also generated as an
 * api at development, checked, then upgraded to maintenance by the built CLI, and every test file
 * the upgrade adds passes.
 * A sample of the cross-product keeps the added time small (README, "Proof on other data").
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { resolveAnswers } from '../../generators/core/answers.js';
import type { DatasetChoice } from '../../generators/core/dataset.js';
import { createFsStore } from '../../generators/engine/fs-store.js';
import { plan } from '../../generators/engine/plan.js';
import { DATASETS } from '../fixtures/datasets/make.js';
import { BIN, ROOT, run, uvRun, uvSync, withApi, WORK } from './harness.js';
import { quartoVersion, renderReport, renderWebsite } from './quarto-render.js';

// Each shape as an api at development, then upgraded by the CLI to maintenance (`upgradeTo`),
// and generated at maintenance: an api for loans, an app for fruit, a report for housing (the
// regression's maintenance tests run on the upgraded api and in the report).
const COMBOS: readonly Combo[] = [
  { data: 'loans', deliverable: 'api', phase: 'development', lang: 'en', upgradeTo: 'maintenance' },
  { data: 'fruit', deliverable: 'api', phase: 'development', lang: 'en', upgradeTo: 'maintenance' },
  { data: 'housing', deliverable: 'api', phase: 'development', lang: 'en', upgradeTo: 'maintenance' },
  { data: 'loans', deliverable: 'api', phase: 'maintenance', lang: 'en' },
  { data: 'fruit', deliverable: 'app', phase: 'maintenance', lang: 'en' },
  // A regression report at maintenance (drift, cards, scheduled publishing), and a binary
  // classification website in French at production (image, publishing): the development
  // documents are the same files, so these cover them too.
  { data: 'housing', deliverable: 'report', phase: 'maintenance', lang: 'en' },
  { data: 'loans', deliverable: 'website', phase: 'production', lang: 'fr' },
];

interface Combo {
  data: keyof typeof DATASETS;
  deliverable: 'api' | 'app' | 'report' | 'website';
  phase: 'development' | 'production' | 'maintenance';
  lang: 'en' | 'fr';
  /** After its checks, `upgrade --phase` by the built CLI; every test file it adds must pass. */
  upgradeTo?: 'production' | 'maintenance';
}

/** The rendered pages of a report or website, and words of ours each must show in its language. */
const RENDERED = {
  report: { pages: ['report/report.html'], en: ['Missing values per column.', '>mean</th>'], fr: [] },
  website: {
    pages: ['index.html', 'data-card.html', 'model-card.html', 'results.html'].map((p) => `website/_site/${p}`),
    en: [],
    fr: ['title="Recherche"', 'Fiche des données', 'Valeurs manquantes par colonne.', '>effectif</th>', '>précision</th>'],
  },
} as const;

/** HTML text with its character references decoded, as a reader sees it. */
function htmlText(html: string): string {
  const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", nbsp: '\u00a0' };
  return html.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(\w+));/gi, (whole, dec, hex, name) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : (named[name] ?? whole),
  );
}

function generateOn(
  choice: DatasetChoice,
  data: string,
  deliverable: string,
  phase: string,
  lang: string,
  folder = `${data}-${deliverable}-${phase}-${lang}`,
): string {
  const dir = path.join(WORK, folder);
  rmSync(dir, { recursive: true, force: true });
  const answers = resolveAnswers({ deliverable, phase, name: `Demo ${data}`, lang }, { directoryName: data, defaultAuthor: 'Test Author' });
  const files = plan(answers, { store: createFsStore(path.join(ROOT, 'templates')), generatorVersion: '0.0.0-test', dataset: choice });
  for (const file of files) {
    const target = path.join(dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    if (file.executable) chmodSync(target, 0o755);
  }
  return dir;
}

describe.each(COMBOS)('$data as $deliverable at $phase ($lang)', ({ data, deliverable, phase, lang, upgradeTo }) => {
  const choice = DATASETS[data]();
  let dir = '';
  let pkg = '';

  beforeAll(() => {
    dir = generateOn(choice, data, deliverable, phase, lang);
    pkg = JSON.parse(readFileSync(path.join(dir, '.livrable.json'), 'utf8')).answers.package;
  });

  test('the record keeps the data description; the sample is the data set, not the penguins', () => {
    const record = JSON.parse(readFileSync(path.join(dir, '.livrable.json'), 'utf8'));
    expect(record.dataset).toEqual(choice.spec);
    expect(readFileSync(path.join(dir, `src/${pkg}/data/${choice.spec.sampleFile}`))).toEqual(choice.sample);
    expect(Object.keys(record.files).some((p) => p.endsWith('penguins.csv'))).toBe(false);
  });

  test('uv sync, ruff check and ruff format --check', () => {
    uvSync(dir);
    uvRun(dir, ['ruff', 'check', '.']);
    uvRun(dir, ['ruff', 'format', '--check', '.']);
  });

  test('its pytest suite passes', () => {
    const { stdout } = uvRun(dir, ['pytest', '-q', '-p', 'no:cacheprovider', '-rA']);
    expect(stdout).toMatch(/\d+ passed/);
    expect(stdout).not.toMatch(/\d+ (failed|error)/);
    if (phase === 'maintenance') {
      // The drift check ran on this data: its statistics, the CLI and the default check.
      expect(stdout).toMatch(/PASSED tests\/test_drift\.py::test_same_distribution_does_not_drift/);
      expect(stdout).toMatch(/PASSED tests\/test_drift\.py::test_cli_on_the_sample_compares_it_with_the_training_split/);
    }
    if (phase !== 'development') expect(stdout).toMatch(/PASSED tests\/test_experiment\.py::test_run_experiment_writes_metrics/);
    // The image's command (pipeline, Quarto, the site collected) ran on this data, Quarto faked.
    if (phase !== 'development' && (deliverable === 'report' || deliverable === 'website')) {
      expect(stdout).toMatch(/PASSED tests\/test_render\.py::test_renders_and_collects/);
    }
  });

  test('the pipeline runs end to end and scores by the task', () => {
    uvRun(dir, ['python', '-m', `${pkg}.pipeline`]);
    const metrics = JSON.parse(readFileSync(path.join(dir, 'outputs/metrics/metrics.json'), 'utf8'));
    if (choice.spec.target.task === 'classification') {
      expect(metrics.confusion_matrix.labels.sort()).toEqual(choice.spec.target.labels.map(String).sort());
      const total = (metrics.confusion_matrix.matrix as number[][]).flat().reduce((a, b) => a + b, 0);
      expect(total).toBe(metrics.n_test);
    } else {
      expect(metrics.r2).toBeGreaterThan(0.5);
    }
  });

  if (deliverable === 'api') {
    test('the API serves a prediction of the example on loopback and refuses a bad field', async () => {
      await withApi(dir, pkg, async (base) => {
        const post = (records: unknown[]) =>
          fetch(`${base}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
        const response = await post([choice.spec.example]);
        expect(response.status).toBe(200);
        const [prediction] = ((await response.json()) as { predictions: { prediction: unknown; probabilities?: Record<string, number> }[] }).predictions;
        if (choice.spec.target.task === 'classification') {
          expect(choice.spec.target.labels.map(String)).toContain(prediction?.prediction);
          expect(Object.keys(prediction?.probabilities ?? {}).sort()).toEqual(choice.spec.target.labels.map(String).sort());
        } else {
          expect(typeof prediction?.prediction).toBe('number');
        }
        const first = choice.spec.features[0]!.name;
        const bad = await post([{ ...choice.spec.example, [first]: 'not a number' }]);
        expect(bad.status).toBe(422);
        const detail = ((await bad.json()) as { detail: { loc: unknown[] }[] }).detail;
        expect(detail.map((d) => d.loc.at(-1))).toEqual([first]);
      });
    });
  }

  if (deliverable === 'report' || deliverable === 'website') {
    test(`the real quarto render (${lang}): the data set's own columns, no penguin`, () => {
      expect(quartoVersion()).toMatch(/^\d+\.\d+\.\d+/);
      run('uv', ['sync', '--locked', '--group', 'quarto'], dir);
      const classes = choice.spec.target.task === 'classification' ? choice.spec.target.labels.map(String) : [];
      // A classification report looks closely at its last class; a regression has none.
      const done = deliverable === 'report' ? renderReport(dir, classes.at(-1) ?? null) : renderWebsite(dir);
      expect(done.length).toBeGreaterThan(0);
      const rendered = RENDERED[deliverable];
      const html = rendered.pages.map((page) => readFileSync(path.join(dir, page), 'utf8'));
      for (const page of html) expect(page).toMatch(new RegExp(`<html[^>]*\\blang="${lang}"`));
      const text = htmlText(html.join('\n'));
      const columns = [choice.spec.target.name, ...choice.spec.features.map((f) => f.name)];
      expect(columns.filter((column) => !text.includes(column))).toEqual([]);
      for (const label of classes) expect(text).toContain(label);
      expect(text).not.toMatch(/penguin|manchot|species|espèce|Adelie|Gentoo/i);
      for (const words of rendered[lang]) expect(text).toContain(words);
    });

    test('the notebook runs end to end on the data', () => {
      run('uv', ['sync', '--locked', '--group', 'quarto'], dir);
      const { stdout } = uvRun(dir, ['jupyter', 'nbconvert', '--to', 'notebook', '--execute', '--stdout', 'notebooks/01-exploration.ipynb']);
      const cells = (JSON.parse(stdout) as { cells: { cell_type: string; outputs?: { output_type: string }[] }[] }).cells;
      const outputs = cells.filter((c) => c.cell_type === 'code').flatMap((c) => c.outputs ?? []);
      expect(outputs.filter((o) => o.output_type === 'error')).toEqual([]);
      expect(outputs.length).toBeGreaterThanOrEqual(6);
    });
  }
  if (upgradeTo) {
    // Last: the upgrade adds tests and cards to the project the checks above ran on.
    test(`upgraded to ${upgradeTo} by the CLI: the data kept, the ${upgradeTo} tests added, every one passing`, () => {
      const recordPath = path.join(dir, '.livrable.json');
      const before = new Set(Object.keys(JSON.parse(readFileSync(recordPath, 'utf8')).files));
      run(process.execPath, [BIN, 'upgrade', dir, '--phase', upgradeTo], WORK);
      const record = JSON.parse(readFileSync(recordPath, 'utf8'));
      expect(record.answers.phase).toBe(upgradeTo);
      expect(record.dataset).toEqual(choice.spec);
      expect(readFileSync(path.join(dir, `src/${pkg}/data/${choice.spec.sampleFile}`))).toEqual(choice.sample);
      const added = Object.keys(record.files).filter((p) => !before.has(p) && /^tests\/test_.*\.py$/.test(p));
      expect(added).toEqual(expect.arrayContaining(['tests/test_experiment.py', 'tests/test_tracking.py']));
      if (upgradeTo === 'maintenance') {
        expect(added).toContain('tests/test_drift.py');
        expect(existsSync(path.join(dir, 'docs/data-card.md'))).toBe(true);
      }
      uvSync(dir);
      uvRun(dir, ['ruff', 'check', '.']);
      uvRun(dir, ['ruff', 'format', '--check', '.']);
      const { stdout } = uvRun(dir, ['pytest', '-q', '-p', 'no:cacheprovider', '-rA', ...added]);
      expect(stdout).toMatch(/\d+ passed/);
      expect(stdout).not.toMatch(/\d+ (failed|error)/);
      for (const file of added) expect(stdout).toContain(`PASSED ${file}::`);
    });
  }
});
