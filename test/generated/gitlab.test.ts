/**
 * Projects on GitLab (`--ci gitlab`). The Python side is byte for byte the GitHub variant's, which
 * generated.test.ts installs and runs for every combination; what differs is the CI, so:
 *   all 12 combinations  generated (no install), `.gitlab-ci.yml` with its includes resolved and
 *                        validated against GitLab's CI schema, the promises of each phase checked,
 *                        yamllint; renovate.json against Renovate's schema (maintenance);
 *   api at maintenance   the jobs actually run with gitlab-ci-local (shell executor): lint, test,
 *                        pipeline; as a scheduled pipeline drift and latest-dependencies, then with
 *                        RETRAIN=true retrain; on a tag release-notes and release (and on a wrong
 *                        tag release-notes fails); on the default branch image-build and image-tags
 *                        (Buildah and skopeo against a registry on 127.0.0.1, see gitlab-registry.ts),
 *                        image-smoke's script inside the pushed image with podman, then image-tags
 *                        on a tag. The image jobs' scripts are the same for every deliverable but
 *                        image-smoke's, whose report/app lines are schema-checked only.
 *   report at production render and pages with the real Quarto on PATH (the job's download step
 *                        is skipped, as on a runner with Quarto); website's differ by a folder name.
 * What cannot run here: release-cli (no GitLab to call): the job runs, and the arguments the
 * runner would give release-cli from the `release:` keyword are checked against the notes file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DELIVERABLES, PHASES } from '../../generators/core/domain.js';
import { checkPromises, jobs as expandedJobs, resolvedConfig } from './gitlab-config.js';
import { type LocalRegistry, startRegistry } from './gitlab-registry.js';
import { BIN, ENV, ROOT, run, WORK } from './harness.js';

const HERE = path.join(WORK, 'gitlab');
const combos = DELIVERABLES.flatMap((deliverable) => PHASES.map((phase) => ({ deliverable, phase })));

/** The real Quarto .ci/run installs (as production-checks.ts finds it, without that module's Kubernetes models). */
const QUARTO_PREFIX = process.env.QUARTO_PREFIX ?? path.join(os.homedir(), '.cache/quarto-1.10.16');

/** gitlab-ci-local 4.62.0 (later versions crash on Node 20), installed by .ci/run. */
const GITLAB_CI_LOCAL = process.env.GITLAB_CI_LOCAL ?? path.join(ROOT, '.ci/tools/node_modules/.bin/gitlab-ci-local');

function generateOnGitlab(deliverable: string, phase: string): string {
  mkdirSync(HERE, { recursive: true });
  const dir = path.join(HERE, `${deliverable}-${phase}`);
  run(process.execPath, [BIN, dir, '--ci', 'gitlab', '--deliverable', deliverable, '--phase', phase, '--name', `Demo ${deliverable}`, '--yes', '--no-git', '--no-install', '--overwrite'], WORK);
  return dir;
}

/** Runs the named jobs with gitlab-ci-local's shell executor; returns the output. Throws (with the output) when one fails. */
function runJobs(dir: string, uvCache: string, variables: string[], env: NodeJS.ProcessEnv, ...names: string[]): string {
  const args = ['--force-shell-executor', '--no-color', '--variable', `UV_CACHE_DIR=${uvCache}`, ...variables.flatMap((v) => ['--variable', v]), ...names];
  const { stdout } = run(GITLAB_CI_LOCAL, args, dir, env);
  for (const name of names) expect(stdout).toMatch(new RegExp(`PASS\\s+(\\[[^\\]]*\\]\\s+)?${name.replace(/[[\]]/g, '\\$&')}`));
  return stdout;
}

/** A generated project, locked and committed (gitlab-ci-local reads git). */
function committedProject(deliverable: string, phase: string): { dir: string; uvCache: string } {
  const dir = generateOnGitlab(deliverable, phase);
  run('uv', ['lock'], dir);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: ENV, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=CI', '-c', 'user.email=ci@example.invalid', 'commit', '-qm', 'generated');
  return { dir, uvCache: run('uv', ['cache', 'dir'], dir).stdout.trim() };
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
    ({ dir, uvCache } = committedProject('api', 'maintenance'));
  });

  /** Runs the named jobs; returns the output. Throws (with the output) when one fails. */
  const jobs = (variables: string[], ...names: string[]) => runJobs(dir, uvCache, variables, ENV, ...names);

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

  test('a schedule with RETRAIN=true: retrain alone (not drift), the model kept as its artifact', () => {
    const out = jobs(['CI_PIPELINE_SOURCE=schedule', 'RETRAIN=true'], 'retrain');
    expect(out).not.toMatch(/PASS\s+drift/);
    expect(existsSync(path.join(dir, '.gitlab-ci-local/artifacts/retrain/outputs'))).toBe(true);
  });

  test('release on a tag: release-notes then release; the arguments release-cli would get name the tag and the notes', () => {
    const out = jobs(['CI_COMMIT_TAG=v0.1.0'], 'release-notes', 'release');
    expect(out).toMatch(/publishing the release v0\.1\.0/);
    // gitlab-ci-local ignores `release:`; a runner turns it into a release-cli call (no GitLab to call here).
    const keyword = expandedJobs(resolvedConfig(dir).config).release?.release as Record<string, string>;
    const expand = (v: string) => v.replace(/\$CI_COMMIT_TAG\b/g, 'v0.1.0');
    const args = ['create', '--name', expand(keyword.name ?? ''), '--tag-name', expand(keyword.tag_name ?? ''), '--description', keyword.description ?? ''];
    expect(args).toEqual(['create', '--name', 'v0.1.0', '--tag-name', 'v0.1.0', '--description', './release-notes.md']);
    // The notes file the release job receives from release-notes (its artifact), with the version's section.
    const notes = readFileSync(path.join(dir, '.gitlab-ci-local/artifacts/release-notes/release-notes.md'), 'utf8');
    expect(notes).toMatch(/Project generated by create-livrable/);
    expect(notes).not.toMatch(/^## /m);
  });

  describe('image jobs against a registry on 127.0.0.1', () => {
    let registry: LocalRegistry | undefined;
    let image = '';
    let commit = '';
    const ci = () => [`CI_REGISTRY=${registry?.host}`, `CI_REGISTRY_IMAGE=${image}`, 'CI_REGISTRY_USER=gitlab-ci-token', 'CI_REGISTRY_PASSWORD=job-token',
      // The job's vfs storage is the one for an unprivileged runner; as root here, overlay (gitlab-registry.ts).
      'STORAGE_DRIVER=overlay'];
    const skopeo = (...args: string[]) => run('skopeo', args, dir, registry?.env).stdout;

    beforeAll(async () => {
      const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
      const bases = [...dockerfile.matchAll(/^(?:FROM |COPY --from=)(\S+)/gm)]
        .map((m) => m[1] as string)
        .filter((ref) => ref.includes(':') && !ref.startsWith('$'));
      expect(bases.length).toBeGreaterThan(1);
      registry = await startRegistry(path.join(HERE, 'registry'), [...new Set(bases)]);
      image = `${registry.host}/demo/api`;
      commit = execFileSync('git', ['rev-parse', '--short=8', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    });
    afterAll(() => registry?.stop());

    test('default branch: image-build pushes sha-<commit> (HEALTHCHECK kept), image-tags adds the branch tag', () => {
      runJobs(dir, uvCache, [...ci(), 'CI_COMMIT_BRANCH=main', 'CI_DEFAULT_BRANCH=main'], registry?.env ?? ENV, 'image-build', 'image-tags');
      expect(JSON.parse(skopeo('list-tags', `docker://${image}`)).Tags.sort()).toEqual(['main', `sha-${commit}`]);
      const config = JSON.parse(skopeo('inspect', '--raw', '--config', `docker://${image}:sha-${commit}`));
      // --raw: the config as pushed (without it skopeo shows an OCI view, which has no Healthcheck field).
      expect(config.config?.Healthcheck?.Test?.join(' ')).toMatch(/health/);
    });

    test("image-smoke's script, run inside the pushed image as GitLab would (podman: the job image is the project's)", () => {
      const smoke = expandedJobs(resolvedConfig(dir).config)['image-smoke'] ?? {};
      expect(smoke.image?.name).toBe('$CI_REGISTRY_IMAGE:sha-$CI_COMMIT_SHORT_SHA');
      const script = (smoke.script as string[]).join('\n');
      expect(script).toMatch(/\/health/);
      const { stdout } = run('podman', ['run', '--rm', '--network', 'none', '--entrypoint', '', `${image}:sha-${commit}`, 'sh', '-ec', script], dir, registry?.env);
      expect(stdout).toMatch(/^0\.1\.0$/m);
    });

    test('a release tag: image-tags gives the image its version, minor and latest tags', () => {
      runJobs(dir, uvCache, [...ci(), 'CI_COMMIT_TAG=v0.1.0'], registry?.env ?? ENV, 'image-tags');
      expect(JSON.parse(skopeo('list-tags', `docker://${image}`)).Tags.sort()).toEqual(['0.1', '0.1.0', 'latest', 'main', `sha-${commit}`]);
    });
  });
});

describe('GitLab Quarto jobs run with gitlab-ci-local and the real Quarto (report at production)', () => {
  let dir = '';
  let uvCache = '';
  const env: NodeJS.ProcessEnv = { ...ENV, PATH: `${path.join(QUARTO_PREFIX, 'bin')}:${ENV.PATH}` };
  beforeAll(() => {
    if (!existsSync(path.join(QUARTO_PREFIX, 'bin/quarto'))) throw new Error(`${QUARTO_PREFIX}/bin/quarto is missing: run .ci/run (it installs Quarto)`);
    ({ dir, uvCache } = committedProject('report', 'production'));
  });

  test('render keeps the rendered report; pages on the default branch publishes public/', () => {
    const out = runJobs(dir, uvCache, ['CI_COMMIT_BRANCH=main', 'CI_DEFAULT_BRANCH=main'], env, 'render', 'pages');
    // Quarto was on PATH: the job's download step did not run.
    expect(out).not.toMatch(/quarto\.tar\.gz/);
    expect(readFileSync(path.join(dir, '.gitlab-ci-local/artifacts/render/report/report.html'), 'utf8')).toMatch(/<html/);
    expect(readFileSync(path.join(dir, '.gitlab-ci-local/artifacts/pages/public/index.html'), 'utf8')).toMatch(/<html/);
  });
});
