/**
 * Projects on data no template was written for (test/fixtures/datasets/make.ts: loans, fruit,
 * housing), planned with a DatasetChoice as `--dataset` does: each passes its own checks (uv
 * sync, ruff, pytest, the pipeline end to end) and its API serves a prediction on loopback.
 * A sample of the cross-product keeps the added time small (README, "Proof on other data").
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { resolveAnswers } from '../../generators/core/answers.js';
import type { DatasetChoice } from '../../generators/core/dataset.js';
import { createFsStore } from '../../generators/engine/fs-store.js';
import { plan } from '../../generators/engine/plan.js';
import { DATASETS } from '../fixtures/datasets/make.js';
import { ROOT, uvRun, uvSync, withApi, WORK } from './harness.js';

const COMBOS = [
  { data: 'loans', deliverable: 'api', phase: 'development' },
  { data: 'fruit', deliverable: 'api', phase: 'development' },
  { data: 'housing', deliverable: 'api', phase: 'development' },
] as const;

function generateOn(choice: DatasetChoice, data: string, deliverable: string, phase: string): string {
  const dir = path.join(WORK, `${data}-${deliverable}-${phase}`);
  rmSync(dir, { recursive: true, force: true });
  const answers = resolveAnswers({ deliverable, phase, name: `Demo ${data}` }, { directoryName: data, defaultAuthor: 'Test Author' });
  const files = plan(answers, { store: createFsStore(path.join(ROOT, 'templates')), generatorVersion: '0.0.0-test', dataset: choice });
  for (const file of files) {
    const target = path.join(dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    if (file.executable) chmodSync(target, 0o755);
  }
  return dir;
}

describe.each(COMBOS)('$data as $deliverable at $phase', ({ data, deliverable, phase }) => {
  const choice = DATASETS[data]();
  let dir = '';
  let pkg = '';

  beforeAll(() => {
    dir = generateOn(choice, data, deliverable, phase);
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
    const { stdout } = uvRun(dir, ['pytest', '-q', '-p', 'no:cacheprovider']);
    expect(stdout).toMatch(/\d+ passed/);
    expect(stdout).not.toMatch(/\d+ (failed|error)/);
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
});
