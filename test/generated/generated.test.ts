/**
 * The top of the pyramid: every deliverable × available phase is generated with the built bin,
 * then its own checks run with real packages from PyPI — uv sync, ruff, pytest, the pipeline
 * end to end, its server on loopback, its documents, its workflows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { DELIVERABLES, PHASES } from '../../generators/core/domain.js';
import { fuzzApi } from './api-contract.js';
import { freePort, generate, ROOT, run, uvRun, uvSync, withApi, withServer } from './harness.js';
import { runLoop } from './loop-scenario.js';
import { maintenanceChecks } from './maintenance-checks.js';
import { productionChecks } from './production-checks.js';
import { quartoVersion, renderReport, renderWebsite } from './quarto-render.js';

const PENGUIN = {
  island: 'Biscoe',
  bill_length_mm: 46.5,
  bill_depth_mm: 15.2,
  flipper_length_mm: 219,
  body_mass_g: 5200,
  sex: 'male',
};
const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];

function filesUnder(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (['.venv', 'node_modules', '.git', 'outputs'].includes(entry.name)) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (pattern.test(child)) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** The combinations whose image this file does not build, and the test that builds it. */
const IMAGE_BUILT_ELSEWHERE: Readonly<Record<string, string>> = {
  // The API's Dockerfile is built at maintenance here, beside an app at production in multi.test.ts
  // and by GitLab's image-build in gitlab.test.ts; its production context lacks only the
  // maintenance modules, and this file serves the production API on loopback from its venv.
  'api/production': 'api at maintenance, here (the same Dockerfile)',
  'app/production': "gitlab.test.ts (app at production: the image-smoke job in the app's image)",
  // The report's Dockerfile is the website's but the folder it copies (test/dockerfile.test.ts),
  // with the same command; a report is rendered inside an image by api,report's in multi.test.ts.
  'report/production': 'website at maintenance, here (the same Dockerfile but the folder it copies), and multi.test.ts (api,report: the report rendered in its image)',
  'report/maintenance': 'website at maintenance, here (the same Dockerfile but the folder it copies), and multi.test.ts (api,report: the report rendered in its image)',
  'website/production': 'website at maintenance, here (the same Dockerfile; the website image\'s command is the report\'s)',
};

const combos = DELIVERABLES.flatMap((deliverable) =>
  PHASES.map((phase) => [`${deliverable} at ${phase}`, { deliverable, phase }] as const),
);

describe.each(combos)('%s', (_title, { deliverable, phase }) => {
  let dir = '';
  let pkg = '';

  beforeAll(() => {
    dir = generate(deliverable, phase);
    pkg = JSON.parse(readFileSync(path.join(dir, '.livrable.json'), 'utf8')).answers.package;
  });

  test('uv lock and uv sync --locked install it from PyPI', () => {
    uvSync(dir);
  });

  test('ruff check and ruff format --check are clean', () => {
    uvRun(dir, ['ruff', 'check', '.']);
    uvRun(dir, ['ruff', 'format', '--check', '.']);
  });

  test('its pytest suite passes', () => {
    const { stdout } = uvRun(dir, ['pytest', '-q', '-p', 'no:cacheprovider']);
    expect(stdout).toMatch(/\d+ passed/);
    expect(stdout).not.toMatch(/\d+ (failed|error)/);
  });

  test('the pipeline runs end to end, then skips what is up to date', () => {
    uvRun(dir, ['python', '-m', `${pkg}.pipeline`]);
    for (const artifact of ['model/model.skops', 'model/metadata.json', 'metrics/metrics.json']) {
      expect(readFileSync(path.join(dir, 'outputs', artifact)).length).toBeGreaterThan(0);
    }
    const again = uvRun(dir, ['python', '-m', `${pkg}.pipeline`]);
    expect(`${again.stdout}${again.stderr}`).toMatch(/up to date/i);
    const graph = JSON.parse(uvRun(dir, ['python', '-m', `${pkg}.pipeline`, '--graph']).stdout);
    expect(graph.steps.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['ingest', 'validate', 'split', 'train', 'evaluate']),
    );
  });

  test('workflows pass actionlint and zizmor; every YAML passes yamllint', () => {
    const workflows = filesUnder(dir, /^\.github\/workflows\/.*\.ya?ml$/);
    expect(workflows.length).toBeGreaterThan(0);
    run('actionlint', workflows, dir);
    run('zizmor', ['--offline', '--no-progress', '.github/workflows'], dir);
    const yamls = filesUnder(dir, /\.ya?ml$/);
    run('yamllint', ['--strict', '-c', path.join(ROOT, 'test/generated/yamllint.yaml'), ...yamls], dir);
  });

  if (phase !== 'development') {
    // The real image: each distinct Dockerfile (one per deliverable, production and maintenance
    // generate the same bytes: test/dockerfile.test.ts) is built and run here once per phase,
    // except where another test builds the same Dockerfile (IMAGE_BUILT_ELSEWHERE): gitlab.test.ts
    // for the app at production, the maintenance image here for api and website at production,
    // whose build contexts differ from maintenance's by Python modules their pytest runs, and the
    // website's for the report's (a Quarto image takes about 3 minutes). A build and smoke test
    // takes 40-209 s under load.
    const builtBy = IMAGE_BUILT_ELSEWHERE[`${deliverable}/${phase}`];
    test(`production: hadolint, kustomize, kubernetes-validate, Argo/ArgoCD models, DAG = pipeline${builtBy ? '' : ', image built and run'}`, async () => {
      const done = await productionChecks(dir, builtBy ? { image: 'elsewhere', builtBy } : { image: 'build' });
      expect(done.some((line) => line.startsWith(builtBy ? 'image: built and run by ' : 'image: OK: '))).toBe(true);
    });
  }

  if (phase === 'maintenance') {
    test('maintenance: Dependabot schema, CronWorkflows, drift check on synthetic data, release and schedules', async () => {
      const done = await maintenanceChecks(dir);
      expect(done.length).toBeGreaterThan(3);
    });
  }

  if (deliverable === 'api') {
    test('the API answers /health and a real /predict on loopback', async () => {
      await withApi(dir, pkg, async (base) => {
        const health = (await (await fetch(`${base}/health`)).json()) as { model_loaded?: boolean };
        expect(health.model_loaded).toBe(true);
        const response = await fetch(`${base}/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ records: [PENGUIN, { ...PENGUIN, island: 'Torgersen', body_mass_g: 3400 }] }),
        });
        expect(response.status).toBe(200);
        const body = JSON.stringify(await response.json());
        expect(SPECIES.some((s) => body.includes(s))).toBe(true);
        const bad = await fetch(`${base}/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ records: [{ ...PENGUIN, body_mass_g: 'heavy' }] }),
        });
        expect(bad.status).toBe(422);
        // Valid JSON to Python's parser (inf and nan): rejected, never a 500.
        for (const value of ['1e999', 'NaN']) {
          const body = JSON.stringify({ records: [PENGUIN] }).replace('46.5', value);
          const nonFinite = await fetch(`${base}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          expect(nonFinite.status, value).toBe(422);
        }
        expect((await fetch(`${base}/ready`)).status).toBe(200);
        expect((await fetch(`${base}/docs`)).status).toBe(200);
      });
    });
  }

  if (deliverable === 'api') {
    test('schemathesis --checks all against the API on loopback finds no failure', async () => {
      expect(await fuzzApi(dir, pkg)).toMatch(/generated/);
    });
  }

  if (deliverable === 'api' && phase === 'maintenance') {
    test('the loop: train, register, promote, serve, shifted traffic, drift, retrain, promote, reload', async () => {
      const done = await runLoop(dir);
      console.log(done.join('\n'));
      expect(done.at(-2)).toMatch(/serves version 2/);
    });
  }

  if (deliverable === 'app') {
    test('the Streamlit app serves its page on loopback', async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      await withServer(
        'uv',
        ['run', '--no-sync', 'streamlit', 'run', 'app/streamlit_app.py', '--server.address', '127.0.0.1',
          '--server.port', String(port), '--server.headless', 'true'],
        dir,
        `${base}/_stcore/health`,
        async () => {
          expect((await fetch(`${base}/`)).status).toBe(200);
        },
      );
    });
  }

  if (deliverable === 'report' || deliverable === 'website') {
    test(`the real quarto render: ${deliverable === 'report' ? 'the report, with a parameter' : 'every page and link of the website'}`, () => {
      expect(quartoVersion()).toMatch(/^\d+\.\d+\.\d+/);
      // The project's render workflow: the quarto group (Jupyter, papermill) in the locked venv.
      run('uv', ['sync', '--locked', '--group', 'quarto'], dir);
      const done = deliverable === 'report' ? renderReport(dir) : renderWebsite(dir);
      expect(done.length).toBeGreaterThan(0);
    });
  }
});
