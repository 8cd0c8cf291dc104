/**
 * `add endpoint` (api), `add page` (app) and `add section` (report) on real projects: each grown
 * project passes its own checks (ruff, ruff format, pytest with the added tests among them); the
 * report with an added section is rendered by the real Quarto, the section in it. The plans,
 * names and refusals are in the fast tier (test/add-kinds.test.ts).
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, generate, run, uvRun, uvSync, WORK } from './harness.js';
import { quartoVersion, renderReport } from './quarto-render.js';

const PKG = 'demo_kinds';

/** A fresh project of `deliverable` at development, under a stable name in WORK. */
function project(deliverable: string): string {
  const made = generate(deliverable, 'development', ['--package', PKG]);
  const target = path.join(WORK, `${deliverable}-kinds`);
  rmSync(target, { recursive: true, force: true });
  run('mv', [made, target], WORK);
  return target;
}

function add(dir: string, ...args: string[]): void {
  run(process.execPath, [BIN, 'add', ...args], dir);
}

/** ruff, ruff format and pytest (-v: one line per test, so the added ones can be seen to pass). */
function projectChecks(dir: string): string {
  uvSync(dir);
  uvRun(dir, ['ruff', 'check', '.']);
  uvRun(dir, ['ruff', 'format', '--check', '.']);
  const { stdout } = uvRun(dir, ['pytest', '-v', '-p', 'no:cacheprovider']);
  expect(stdout).toMatch(/\d+ passed/);
  expect(stdout).not.toMatch(/\d+ (failed|error)/);
  return stdout;
}

describe('api: add endpoint explain, add endpoint score_v2, add step features', () => {
  test('the grown API passes its own checks, the endpoints in its OpenAPI document', () => {
    const dir = project('api');
    add(dir, 'endpoint', 'explain');
    add(dir, 'endpoint', 'score_v2');
    add(dir, 'step', 'features', '--after', 'validate');
    const pytest = projectChecks(dir);
    for (const name of ['explain', 'score_v2']) {
      for (const t of ['test_endpoint_is_installed_and_documented', 'test_endpoint_answers', 'test_endpoint_refuses_invalid_input']) {
        expect(pytest).toMatch(new RegExp(`test_endpoint_${name}\\.py::${t} PASSED`));
      }
    }
    const paths = uvRun(dir, ['python', '-c', `from ${PKG}.api import app; print(sorted(app.openapi()["paths"]))`]).stdout;
    expect(paths).toContain("'/explain'");
    expect(paths).toContain("'/score_v2'");
  });
});

describe('app: add page model-errors, add page about', () => {
  test('the grown app passes its own checks, each page run by AppTest', () => {
    const dir = project('app');
    add(dir, 'page', 'model-errors');
    add(dir, 'page', 'about');
    const pytest = projectChecks(dir);
    expect(pytest).toMatch(/test_page_model_errors\.py::test_page_runs PASSED/);
    expect(pytest).toMatch(/test_page_about\.py::test_page_runs PASSED/);
  });
});

describe('report: add section islands', () => {
  test('the grown report passes its own checks and the real Quarto renders the section', () => {
    const dir = project('report');
    add(dir, 'section', 'islands');
    const pytest = projectChecks(dir);
    expect(pytest).toMatch(/test_documents\.py::test_document_cells_run\[report\/report\.qmd-\{\}\] PASSED/);
    // The included file is not a document of its own (Quarto does not render "_" files).
    expect(pytest).not.toMatch(/_islands\.qmd/);
    expect(quartoVersion()).toMatch(/^\d+\.\d+\.\d+/);
    run('uv', ['sync', '--locked', '--group', 'quarto'], dir);
    uvRun(dir, ['python', '-m', `${PKG}.pipeline`]);
    expect(renderReport(dir).length).toBeGreaterThan(0);
    const html = readFileSync(path.join(dir, 'report/report.html'), 'utf8');
    expect(html).toMatch(/<h2[^>]*>[^<]*Islands/);
    expect(html).toContain('id="tbl-section-islands"');
  });
});
