/**
 * Two deliverables in one repository, on a real project: an API at development grows a website
 * (`add deliverable website`), then passes its own checks (ruff, pytest, the pipeline), serves
 * its API on loopback, renders the website with the real Quarto pointed at that API, and the
 * rendered API page's data is a request the served API answers, cross-origin, as a browser
 * would send it. The plans of every set, and the refusals, are in the fast tier
 * (test/deliverables.test.ts). An API + app project is checked too (ruff, pytest, pipeline).
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { BIN, ENV, generate, run, uvRun, uvSync, withApi, WORK } from './harness.js';
import { checkSite, quartoVersion, render } from './quarto-render.js';

const PKG = 'demo_multi';
const PREVIEW_ORIGIN = 'http://127.0.0.1:4321';

/** The values the rendered page hands to its Observable JS cells (Quarto's ojs-define script). */
function ojsValues(html: string): Record<string, unknown> {
  const scripts = [...html.matchAll(/<script type="ojs-define">([^<]*)<\/script>/g)].map((m) => m[1] ?? '');
  expect(scripts).toHaveLength(1);
  const { contents } = JSON.parse(scripts[0] as string) as { contents: { name: string; value: unknown }[] };
  return Object.fromEntries(contents.map((c) => [c.name, c.value]));
}

describe('api + website: add deliverable website at development', () => {
  let dir = '';

  beforeAll(() => {
    quartoVersion();
    dir = generate('api', 'development', ['--package', PKG]);
    const target = path.join(WORK, 'api-website-added');
    rmSync(target, { recursive: true, force: true });
    run('mv', [dir, target], WORK);
    dir = target;
  });

  test('add deliverable website records it and writes the website with its API page', () => {
    run(process.execPath, [BIN, 'add', 'deliverable', 'website'], dir);
    const record = JSON.parse(readFileSync(path.join(dir, '.livrable.json'), 'utf8'));
    expect(record.answers.deliverable).toBe('api');
    expect(record.answers.extraDeliverables).toEqual(['website']);
    expect(readdirSync(path.join(dir, 'website'))).toContain('api.qmd');
  });

  test('ruff, pytest (the API, the documents, the API page) and the pipeline pass', () => {
    uvSync(dir, ['--group', 'quarto']);
    uvRun(dir, ['ruff', 'check', '.']);
    uvRun(dir, ['ruff', 'format', '--check', '.']);
    const { stdout } = uvRun(dir, ['pytest', '-v', '-p', 'no:cacheprovider']);
    expect(stdout).toMatch(/test_website_api\.py::test_the_page_calls_only_routes_the_api_has PASSED/);
    expect(stdout).toMatch(/test_website_api\.py::test_the_api_lets_a_local_preview_call_it PASSED/);
    expect(stdout).toMatch(/test_documents\.py::test_document_cells_run\[website\/api\.qmd-\{\}\] PASSED/);
    expect(stdout).toMatch(/test_api\.py::\S+ PASSED/);
    expect(stdout).not.toMatch(/FAILED|ERROR/);
    uvRun(dir, ['python', '-m', `${PKG}.pipeline`]);
  });

  test('the API on loopback answers the rendered page: its URL, its example record, cross-origin', async () => {
    await withApi(dir, PKG, async (base) => {
      render(dir, ['website/'], { API_URL: base });
      const site = path.join(dir, 'website/_site');
      const done = checkSite(site, path.join(dir, 'website/_quarto.yml'));
      expect(done[0]).toMatch(/api\.html/);
      const values = ojsValues(readFileSync(path.join(site, 'api.html'), 'utf8'));
      expect(values.api_url).toBe(base);
      const preflight = await fetch(`${base}/predict`, {
        method: 'OPTIONS',
        headers: { Origin: PREVIEW_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
      expect(preflight.status).toBe(200);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(PREVIEW_ORIGIN);
      const health = await fetch(`${base}/health`, { headers: { Origin: PREVIEW_ORIGIN } });
      expect(health.headers.get('access-control-allow-origin')).toBe(PREVIEW_ORIGIN);
      expect(((await health.json()) as { status: string }).status).toBe('ok');
      const predict = await fetch(`${base}/predict`, {
        method: 'POST',
        headers: { Origin: PREVIEW_ORIGIN, 'Content-Type': 'application/json' },
        body: JSON.stringify({ records: [values.example] }),
      });
      expect(predict.status).toBe(200);
      expect(predict.headers.get('access-control-allow-origin')).toBe(PREVIEW_ORIGIN);
      const answer = (await predict.json()) as { predictions: unknown[] };
      expect(answer.predictions).toHaveLength(1);
      // Another origin is not let in unless CORS_ORIGINS lists it.
      const foreign = await fetch(`${base}/health`, { headers: { Origin: 'https://elsewhere.example' } });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  test('workflows pass actionlint', () => {
    const workflows = readdirSync(path.join(dir, '.github/workflows')).map((f) => `.github/workflows/${f}`);
    expect(workflows).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/render.yml']));
    run('actionlint', workflows, dir, ENV);
  });
});

describe('api + app: --deliverable api,app at development', () => {
  test('ruff, pytest (the API and the app) and the pipeline pass', () => {
    const dir = generate('api,app', 'development', ['--package', 'demo_pair']);
    uvSync(dir);
    uvRun(dir, ['ruff', 'check', '.']);
    uvRun(dir, ['ruff', 'format', '--check', '.']);
    uvRun(dir, ['python', '-m', 'demo_pair.pipeline']);
    const { stdout } = uvRun(dir, ['pytest', '-v', '-p', 'no:cacheprovider']);
    expect(stdout).toMatch(/test_api\.py::\S+ PASSED/);
    expect(stdout).toMatch(/test_app\.py::\S+ PASSED/);
    expect(stdout).not.toMatch(/FAILED|ERROR/);
  });
});
