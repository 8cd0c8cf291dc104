/**
 * `create-livrable add` on a real project: an API at development grows two pipeline steps, passes
 * its own checks (ruff, pytest, the pipeline end to end), then is upgraded to production, where
 * the added steps must be Argo tasks too (tests/test_deploy.py, the Argo models, `--graph`).
 * One combination only: the generators' plans on every kind of project are in the fast tier.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { BIN, generate, run, uvRun, uvSync, WORK } from './harness.js';
import { argoMatchesPipeline, argoObjects } from './production-checks.js';

const PKG = 'demo_added';

function projectChecks(dir: string): string {
  uvSync(dir);
  uvRun(dir, ['ruff', 'check', '.']);
  uvRun(dir, ['ruff', 'format', '--check', '.']);
  // -v: one line per test, with its file, so the caller can see which ran.
  const { stdout } = uvRun(dir, ['pytest', '-v', '-p', 'no:cacheprovider']);
  expect(stdout).toMatch(/\d+ passed/);
  // --force: every step runs, the added ones included. Without it, after an upgrade that left the
  // steps' code alone, the per-step cache rightly skips them all.
  const pipeline = uvRun(dir, ['python', '-m', `${PKG}.pipeline`, '--force']);
  expect(pipeline.stderr).toMatch(/pipeline done: 7 step\(s\) ran/);
  return stdout;
}

describe('api: add two steps at development, then upgrade to production', () => {
  let dir = '';

  beforeAll(() => {
    dir = generate('api', 'development', ['--package', PKG]);
    const target = path.join(WORK, 'api-added');
    rmSync(target, { recursive: true, force: true });
    run('mv', [dir, target], WORK);
    dir = target;
  });

  test('add step features --after validate, add step scoring --after features,split', () => {
    run(process.execPath, [BIN, 'add', 'step', 'features', '--after', 'validate'], dir);
    run(process.execPath, [BIN, 'add', 'step', 'scoring', '--after', 'features,split'], dir);
    const record = JSON.parse(readFileSync(path.join(dir, '.livrable.json'), 'utf8'));
    expect(record.added.map((a: { name: string }) => a.name)).toEqual(['features', 'scoring']);
  });

  test('the grown project passes its own checks', () => {
    const pytest = projectChecks(dir);
    expect(pytest).toMatch(/test_step_features\.py::test_step_writes_its_outputs PASSED/);
    expect(pytest).toMatch(/test_step_scoring\.py::test_step_writes_its_outputs PASSED/);
    const graph = JSON.parse(uvRun(dir, ['python', '-m', `${PKG}.pipeline`, '--graph']).stdout);
    const needs = Object.fromEntries(graph.steps.map((s: { name: string; needs: string[] }) => [s.name, s.needs]));
    expect(needs.features).toEqual(['validate']);
    expect(needs.scoring).toEqual(['features', 'split']);
  });

  test('upgrade --phase production adds the steps to the Argo DAG, and the checks pass', () => {
    run(process.execPath, [BIN, 'upgrade', '--phase', 'production'], dir);
    const manifest = readFileSync(path.join(dir, 'deploy/argo/workflow-template.yaml'), 'utf8');
    expect(manifest).toContain(`command: [python, -m, ${PKG}.pipeline, --step, scoring]`);
    const pytest = projectChecks(dir);
    expect(pytest).toMatch(/test_deploy\.py::test_argo_dag_is_the_local_step_graph PASSED/);
    expect(pytest).toMatch(/test_deploy\.py::test_artifacts_carry_what_steps_read_and_write PASSED/);
    argoObjects(dir);
    argoMatchesPipeline(dir);
  });
});
