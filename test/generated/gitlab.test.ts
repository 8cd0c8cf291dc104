/**
 * Projects on GitLab (`--ci gitlab`). The Python side is byte for byte the GitHub variant's, which
 * generated.test.ts installs and runs for every combination; what differs is the CI, so:
 *   all 12 combinations  generated (no install), `.gitlab-ci.yml` with its includes resolved and
 *                        validated against GitLab's CI schema, the promises of each phase checked,
 *                        yamllint; renovate.json against Renovate's schema (maintenance);
 *   api at maintenance   the jobs actually run with gitlab-ci-local (shell executor): lint, test,
 *                        pipeline, then as a scheduled pipeline drift and latest-dependencies,
 *                        and on a tag release-notes (and on a wrong tag release-notes fails).
 *                        Not run: retrain (its commands are drift's, under another rule), and the
 *                        jobs that need a container runtime, a registry or Quarto (image-*, render,
 *                        pages, release): those are schema- and promise-checked only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { DELIVERABLES, PHASES } from '../../generators/core/domain.js';
import { checkPromises, resolvedConfig } from './gitlab-config.js';
import { BIN, ENV, ROOT, run, WORK } from './harness.js';

const HERE = path.join(WORK, 'gitlab');
const combos = DELIVERABLES.flatMap((deliverable) => PHASES.map((phase) => ({ deliverable, phase })));

/** gitlab-ci-local 4.62.0 (later versions crash on Node 20), installed by .ci/run. */
const GITLAB_CI_LOCAL = process.env.GITLAB_CI_LOCAL ?? path.join(ROOT, '.ci/tools/node_modules/.bin/gitlab-ci-local');

function generateOnGitlab(deliverable: string, phase: string): string {
  mkdirSync(HERE, { recursive: true });
  const dir = path.join(HERE, `${deliverable}-${phase}`);
  run(process.execPath, [BIN, dir, '--ci', 'gitlab', '--deliverable', deliverable, '--phase', phase, '--name', `Demo ${deliverable}`, '--yes', '--no-git', '--no-install', '--overwrite'], WORK);
  return dir;
}

describe('GitLab CI configuration, every combination', () => {
  const dirs = new Map<string, string>();
  beforeAll(() => {
    for (const { deliverable, phase } of combos) dirs.set(`${deliverable}-${phase}`, generateOnGitlab(deliverable, phase));
  });

  test('no .github/ anywhere; .gitlab-ci.yml with its includes resolved passes GitLab CI JSON schema', () => {
    const merged: string[] = [];
    for (const [id, dir] of dirs) {
      expect(existsSync(path.join(dir, '.github')), id).toBe(false);
      const { config } = resolvedConfig(dir);
      const file = path.join(HERE, `${id}.merged.json`);
      writeFileSync(file, JSON.stringify(config));
      merged.push(file);
    }
    run('check-jsonschema', ['--builtin-schema', 'vendor.gitlab-ci', '--data-transform', 'gitlab-ci', ...merged], HERE);

    // The schema check can fail: a job key of the wrong type is refused.
    const broken = JSON.parse(readFileSync(merged[0] as string, 'utf8'));
    broken.lint.interruptible = 'sometimes';
    writeFileSync(path.join(HERE, 'broken.json'), JSON.stringify(broken));
    expect(() => run('check-jsonschema', ['--builtin-schema', 'vendor.gitlab-ci', '--data-transform', 'gitlab-ci', 'broken.json'], HERE)).toThrow(/exited 1/);
  });

  test.each(combos)('$deliverable at $phase keeps the promises of its phase', ({ deliverable, phase }) => {
    const dir = dirs.get(`${deliverable}-${phase}`) as string;
    const done = checkPromises(resolvedConfig(dir).config, { deliverable, phase });
    expect(done.length).toBeGreaterThan(1);
  });

  test('every GitLab YAML passes yamllint; renovate.json passes Renovate schema', () => {
    const yamls: string[] = [];
    const renovate: string[] = [];
    for (const dir of dirs.values()) {
      for (const file of resolvedConfig(dir).files) yamls.push(path.join(dir, file));
      if (existsSync(path.join(dir, 'renovate.json'))) renovate.push(path.join(dir, 'renovate.json'));
    }
    run('yamllint', ['--strict', '-c', path.join(ROOT, 'test/generated/yamllint.yaml'), ...yamls], HERE);
    expect(renovate).toHaveLength(DELIVERABLES.length);
    run('check-jsonschema', ['--builtin-schema', 'vendor.renovate', ...renovate], HERE);
  });
});

describe('GitLab jobs run with gitlab-ci-local (api at maintenance)', () => {
  let dir = '';
  /** The machine's uv cache: the jobs install from it instead of downloading again. */
  let uvCache = '';

  beforeAll(() => {
    if (!existsSync(GITLAB_CI_LOCAL)) throw new Error(`${GITLAB_CI_LOCAL} is missing: run .ci/run (it installs gitlab-ci-local@4.62.0)`);
    dir = generateOnGitlab('api', 'maintenance');
    run('uv', ['lock'], dir);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: ENV, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=CI', '-c', 'user.email=ci@example.invalid', 'commit', '-qm', 'generated');
    uvCache = run('uv', ['cache', 'dir'], dir).stdout.trim();
  });

  /** Runs the named jobs; returns the output. Throws (with the output) when one fails. */
  const jobs = (variables: string[], ...names: string[]) => {
    const args = ['--force-shell-executor', '--no-color', '--variable', `UV_CACHE_DIR=${uvCache}`, ...variables.flatMap((v) => ['--variable', v]), ...names];
    const { stdout } = run(GITLAB_CI_LOCAL, args, dir);
    for (const name of names) expect(stdout).toMatch(new RegExp(`PASS\\s+${name.replace(/[[\]]/g, '\\$&')}`));
    return stdout;
  };

  test('lint, test (coverage read by the regex, junit.xml, coverage.xml), pipeline', () => {
    const out = jobs([], 'lint', 'test: [3.11]', 'pipeline');
    expect(out).toMatch(/PASS\s+test: \[3\.11\]\s+\d+(\.\d+)?% coverage/);
  });

  test('a scheduled pipeline: drift, and latest-dependencies (uv lock --upgrade, then every check)', () => {
    jobs(['CI_PIPELINE_SOURCE=schedule'], 'drift', 'latest-dependencies');
  });

  test("on the version's tag release-notes passes and prints its changelog section; on another tag it fails", () => {
    const out = jobs(['CI_COMMIT_TAG=v0.1.0'], 'release-notes');
    expect(out).toMatch(/Project generated by create-livrable/);
    expect(() => jobs(['CI_COMMIT_TAG=v9.9.9'], 'release-notes')).toThrow(/does not match the tag v9\.9\.9/);
  });
});
