/**
 * Projects on GitLab (`--ci gitlab`). The Python side is byte for byte the GitHub variant's, which
 * generated.test.ts installs and runs for every combination; what differs is the CI, so:
 *   all 12 combinations  generated (no install), `.gitlab-ci.yml` with its includes resolved and
 *                        validated against GitLab's CI schema, the promises of each phase checked
 *                        (the test matrix too), yamllint; renovate.json against Renovate's schema;
 *   api at maintenance   the jobs actually run with gitlab-ci-local (shell executor): lint, test on
 *                        the oldest Python and, last, on 3.13 (the matrix's newest), pipeline; as a
 *                        scheduled pipeline drift and latest-dependencies, then with RETRAIN=true
 *                        retrain; on a tag release-notes and release (and on a wrong tag
 *                        release-notes fails); on the default branch image-build and image-tags
 *                        (Buildah and skopeo against a registry on 127.0.0.1, see gitlab-registry.ts),
 *                        image-smoke in the pushed image (gitlab-ci-local's docker executor driving
 *                        podman), then image-tags on a tag. image-build's and image-tags' scripts
 *                        are the same for every deliverable; image-smoke's differ by deliverable:
 *   app at production    image-smoke in the app's image (built from the unmodified Dockerfile by
 *                        build-and-run.sh --build-only, with podman): train, Streamlit's health and
 *                        page, the app run once by AppTest;
 *   api,website at production
 *                        image-smoke in its one image (built the same way, the local Quarto as its
 *                        Quarto stage): the API's lines, then the render's (the report's and the
 *                        website's image-smoke run the same render lines); then render and pages
 *                        with the real Quarto on PATH, one after the other (the jobs' download
 *                        step is skipped, as on a runner with Quarto), pages given the CI/CD
 *                        variable API_URL: the website's render and pages jobs are these (its
 *                        pages differs by a comment), report's render differs by the folder name.
 * What cannot run here: release-cli (no GitLab to call): the job runs, and the arguments the
 * runner would give release-cli from the `release:` keyword are checked against the notes file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DELIVERABLES, PHASES } from '../../generators/core/domain.js';
import { checkPromises, jobs as expandedJobs, resolvedConfig } from './gitlab-config.js';
import { type LocalRegistry, OFFLINE_STORE, startRegistry } from './gitlab-registry.js';
import { BIN, ENV, ROOT, run, WORK } from './harness.js';

const HERE = path.join(WORK, 'gitlab');
const combos: { deliverable: string; phase: string }[] = [
  ...DELIVERABLES.flatMap((deliverable) => PHASES.map((phase) => ({ deliverable, phase }))),
  // Two deliverables in one repository: the API's image jobs beside the website's or the report's
  // render and pages, or beside the app (one image, the smoke job runs both).
  ...PHASES.map((phase) => ({ deliverable: 'api,website', phase })),
  ...PHASES.map((phase) => ({ deliverable: 'api,report', phase })),
  ...['development', 'production'].map((phase) => ({ deliverable: 'api,app', phase })),
];

/** The real Quarto .ci/run installs (as production-checks.ts finds it, without that module's Kubernetes models). */
const QUARTO_PREFIX = process.env.QUARTO_PREFIX ?? path.join(os.homedir(), '.cache/quarto-1.10.16');

/** gitlab-ci-local 4.62.0 (later versions crash on Node 20), installed by .ci/run. */
const GITLAB_CI_LOCAL = process.env.GITLAB_CI_LOCAL ?? path.join(ROOT, '.ci/tools/node_modules/.bin/gitlab-ci-local');

/** Builds a project's image from its unmodified Dockerfile with podman (base images from the offline store). */
const BUILD_AND_RUN = path.join(ROOT, 'test/generated/build-and-run.sh');

/** podman over the offline store, configured as build-and-run.sh configures it. */
const OFFLINE_ENV: NodeJS.ProcessEnv = {
  ...ENV,
  CONTAINERS_CONF: path.join(OFFLINE_STORE, 'conf/containers.conf'),
  CONTAINERS_STORAGE_CONF: path.join(OFFLINE_STORE, 'conf/storage.conf'),
  TMPDIR: path.join(OFFLINE_STORE, 'tmp'),
};

/**
 * A Python 3.13 for the test matrix's newest entry: on PATH, or one of pyenv's (these machines have
 * pyenv's 3.13 beside the default 3.11; nothing can download one). Undefined when there is none.
 */
function python313Bin(): string | undefined {
  const onPath = (ENV.PATH ?? '').split(':').find((d) => d && existsSync(path.join(d, 'python3.13')) && !d.includes('/shims'));
  if (onPath) return onPath;
  const versions = path.join(process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv'), 'versions');
  const found = existsSync(versions) ? readdirSync(versions).filter((v) => /^3\.13\.\d+$/.test(v)).sort().at(-1) : undefined;
  return found ? path.join(versions, found, 'bin') : undefined;
}

function generateOnGitlab(deliverable: string, phase: string, python?: string): string {
  mkdirSync(HERE, { recursive: true });
  const id = deliverable.replace(/,/g, '-');
  const dir = path.join(HERE, `${id}-${phase}${python ? `-py${python}` : ''}`);
  run(process.execPath, [BIN, dir, '--ci', 'gitlab', '--deliverable', deliverable, '--phase', phase, '--name', `Demo ${id}`, ...(python ? ['--python', python] : []), '--yes', '--no-git', '--no-install', '--overwrite'], WORK);
  return dir;
}

/** The oldest Python a generated project supports (its requires-python). */
function pythonOf(dir: string): string {
  const found = /^requires-python\s*=\s*">=(\d+\.\d+)"/m.exec(readFileSync(path.join(dir, 'pyproject.toml'), 'utf8'))?.[1];
  if (!found) throw new Error(`${dir}/pyproject.toml: no requires-python = ">=X.Y"`);
  return found;
}

/** Runs the named jobs with gitlab-ci-local's shell executor; returns the output. Throws (with the output) when one fails. */
function runJobs(dir: string, uvCache: string, variables: string[], env: NodeJS.ProcessEnv, ...names: string[]): string {
  const args = ['--force-shell-executor', '--no-color', '--variable', `UV_CACHE_DIR=${uvCache}`, ...variables.flatMap((v) => ['--variable', v]), ...names];
  // The jobs' stderr (uv's messages among them) comes out on gitlab-ci-local's stderr.
  const { stdout, stderr } = run(GITLAB_CI_LOCAL, args, dir, env);
  for (const name of names) expect(stdout).toMatch(new RegExp(`PASS\\s+(\\[[^\\]]*\\]\\s+)?${name.replace(/[[\]]/g, '\\$&')}`));
  return `${stdout}\n${stderr}`;
}

/**
 * Runs image-smoke as GitLab's docker executor would: in the image the job names
 * ($CI_REGISTRY_IMAGE:sha-<commit>), as the image's own user (--no-umask: gitlab-ci-local would run
 * as root otherwise), with gitlab-ci-local's docker executor driving podman; no network but the
 * container's loopback. The image is the helper too (it has the sh, chown and chmod the executor
 * needs; the default helper is on Docker Hub). Returns the output; throws when the job fails.
 */
function runImageSmoke(dir: string, registryImage: string, env: NodeJS.ProcessEnv): string {
  const image = `${registryImage}:sha-${shortCommit(dir)}`;
  const args = ['--no-color', '--no-umask', '--container-executable', 'podman', '--pull-policy', 'if-not-present', '--helper-image', image, '--network', 'none',
    ...[`CI_REGISTRY_IMAGE=${registryImage}`, 'CI_COMMIT_BRANCH=main', 'CI_DEFAULT_BRANCH=main'].flatMap((v) => ['--variable', v]), 'image-smoke'];
  // gitlab-ci-local 4.62 leaves its job's two volumes (and, for an image with a HEALTHCHECK, at times
  // its container) behind in podman's storage: remove the ones this run made.
  const volumes = () => new Set(run('podman', ['volume', 'ls', '--format', '{{.Name}}'], dir, env).stdout.split('\n').filter((v) => v.startsWith('gcl-image-smoke-')));
  const before = volumes();
  try {
    const { stdout, stderr } = run(GITLAB_CI_LOCAL, args, dir, env);
    // In the image, not in a shell on this machine.
    expect(stdout).toContain(`image-smoke starting ${image} (build)`);
    expect(stdout).toMatch(/PASS\s+image-smoke/);
    return `${stdout}\n${stderr}`;
  } finally {
    const made = [...volumes()].filter((v) => !before.has(v));
    for (const volume of made) {
      const users = run('podman', ['ps', '--all', '--quiet', '--filter', `volume=${volume}`], dir, env).stdout.split('\n').filter(Boolean);
      if (users.length > 0) spawnSync('podman', ['rm', '--force', ...users], { env, stdio: 'ignore' });
    }
    if (made.length > 0) spawnSync('podman', ['volume', 'rm', ...made], { env, stdio: 'ignore' });
  }
}

function shortCommit(dir: string): string {
  return execFileSync('git', ['rev-parse', '--short=8', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
}

/**
 * A project's image built from its unmodified Dockerfile with podman in the offline store, tagged
 * as its image-build job would push it; `remove` deletes it and its layers.
 */
function builtImage(dir: string, registryImage: string): { remove(): void } {
  const image = `${registryImage}:sha-${shortCommit(dir)}`;
  run('bash', [BUILD_AND_RUN, '--build-only', image, '--quarto', QUARTO_PREFIX, dir], dir, OFFLINE_ENV);
  return {
    remove: () => {
      spawnSync('podman', ['rmi', '-f', image], { env: OFFLINE_ENV, stdio: 'ignore' });
      // Its untagged layers too (about 1 GB): a CI machine's disk filled up with them.
      spawnSync('podman', ['image', 'prune', '-f'], { env: OFFLINE_ENV, stdio: 'ignore' });
    },
  };
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
    const done = checkPromises(resolvedConfig(dir).config, { deliverable, phase, python: pythonOf(dir) });
    expect(done.length).toBeGreaterThan(1);
  });

  test.each(['3.12', '3.13'])('with --python %s the test matrix runs that Python and the newest, and stays schema-valid', (python) => {
    const dir = generateOnGitlab('api', 'development', python);
    const { config } = resolvedConfig(dir);
    expect(pythonOf(dir)).toBe(python);
    expect(checkPromises(config, { deliverable: 'api', phase: 'development', python }).join('\n')).toContain(`matrix ${[...new Set([python, '3.13'])].join(', ')}`);
    // A promise that can fail: the project's Python left out of the matrix is refused.
    const without = structuredClone(config);
    without.test.parallel.matrix[0].PYTHON_VERSION = ['3.11'];
    expect(() => checkPromises(without, { deliverable: 'api', phase: 'development', python })).toThrow(/matrix PYTHON_VERSION/);
    const file = path.join(HERE, `python-${python}.merged.json`);
    writeFileSync(file, JSON.stringify(config));
    run('check-jsonschema', ['--builtin-schema', 'vendor.gitlab-ci', '--data-transform', 'gitlab-ci', file], HERE);
  });

  test('every GitLab YAML passes yamllint; renovate.json passes Renovate schema', () => {
    const yamls: string[] = [];
    const renovate: string[] = [];
    for (const dir of dirs.values()) {
      for (const file of resolvedConfig(dir).files) yamls.push(path.join(dir, file));
      if (existsSync(path.join(dir, 'renovate.json'))) renovate.push(path.join(dir, 'renovate.json'));
    }
    run('yamllint', ['--strict', '-c', path.join(ROOT, 'test/generated/yamllint.yaml'), ...yamls], HERE);
    expect(renovate).toHaveLength(combos.filter((c) => c.phase === 'maintenance').length);
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

    test('image-smoke in the pushed image, under gitlab-ci-local: trains, then /health, /ready and a /predict', () => {
      const out = runImageSmoke(dir, image, registry?.env ?? ENV);
      expect(out).toMatch(/^image-smoke > 0\.1\.0$/m);
      expect(out).toMatch(/GET \/ready: 200/);
      expect(out).toMatch(/POST \/predict: \{/);
    });

    test('a release tag: image-tags gives the image its version, minor and latest tags', () => {
      runJobs(dir, uvCache, [...ci(), 'CI_COMMIT_TAG=v0.1.0'], registry?.env ?? ENV, 'image-tags');
      expect(JSON.parse(skopeo('list-tags', `docker://${image}`)).Tags.sort()).toEqual(['0.1', '0.1.0', 'latest', 'main', `sha-${commit}`]);
    });
  });

  // Last: the shell executor shares the project's .venv between jobs, and this one makes it a 3.13 one.
  test("test on the matrix's newest Python, 3.13 (its own uv cache key, its own pinned image)", () => {
    const bin = python313Bin();
    if (!bin) throw new Error('no Python 3.13 here (python3.13 on PATH or ~/.pyenv/versions/3.13.*): the matrix entry test: [3.13] cannot run');
    // A venv used once: compiling its 11 000 files to bytecode (the tier's default) would take a minute.
    const out = runJobs(dir, uvCache, [], { ...ENV, UV_COMPILE_BYTECODE: '0', PATH: `${bin}:${ENV.PATH}` }, 'test: [3.13]');
    expect(out).toMatch(/Using CPython 3\.13\.\d+/);
    expect(out).toMatch(/PASS\s+test: \[3\.13\]\s+\d+(\.\d+)?% coverage/);
  });
});

describe('GitLab image-smoke in the app image (app at production)', () => {
  let dir = '';
  let built: { remove(): void } | undefined;
  const registryImage = 'localhost/livrable-gitlab/app';
  beforeAll(() => {
    if (!existsSync(GITLAB_CI_LOCAL)) throw new Error(`${GITLAB_CI_LOCAL} is missing: run .ci/run (it installs gitlab-ci-local@4.62.0)`);
    ({ dir } = committedProject('app', 'production'));
    built = builtImage(dir, registryImage);
  });
  afterAll(() => built?.remove());

  test("trains, Streamlit answers its health check and serves the page, AppTest runs the app's script", () => {
    const out = runImageSmoke(dir, registryImage, OFFLINE_ENV);
    expect(out).toMatch(/GET \/_stcore\/health: 200/);
    expect(out).toMatch(/AppTest: the app ran without an exception/);
  });
});

describe('GitLab Quarto jobs run with gitlab-ci-local and the real Quarto', () => {
  const env: NodeJS.ProcessEnv = { ...ENV, PATH: `${path.join(QUARTO_PREFIX, 'bin')}:${ENV.PATH}` };
  const onDefaultBranch = ['CI_COMMIT_BRANCH=main', 'CI_DEFAULT_BRANCH=main'];
  beforeAll(() => {
    if (!existsSync(path.join(QUARTO_PREFIX, 'bin/quarto'))) throw new Error(`${QUARTO_PREFIX}/bin/quarto is missing: run .ci/run (it installs Quarto)`);
    if (!existsSync(GITLAB_CI_LOCAL)) throw new Error(`${GITLAB_CI_LOCAL} is missing: run .ci/run (it installs gitlab-ci-local@4.62.0)`);
  });

  describe('api,website at production', () => {
    let dir = '';
    let uvCache = '';
    let built: { remove(): void } | undefined;
    const registryImage = 'localhost/livrable-gitlab/api-website';
    beforeAll(() => {
      ({ dir, uvCache } = committedProject('api,website', 'production'));
      built = builtImage(dir, registryImage);
    });
    afterAll(() => built?.remove());

    test('image-smoke in its one image: trains, the API answers /ready and a /predict, then the render leaves the site in /app/outputs/site', () => {
      const out = runImageSmoke(dir, registryImage, OFFLINE_ENV);
      expect(out).toMatch(/^image-smoke > 1\.\d+\.\d+$/m);
      expect(out).toMatch(/GET \/ready: 200/);
      expect(out).toMatch(/POST \/predict: \{/);
      expect(out).toMatch(/Output created: _site\/index\.html|Output created: index\.html/);
      expect(out).toMatch(/\$ test -s \/app\/outputs\/site\/index\.html/);
    });

    test("render keeps the rendered site; pages on the default branch publishes public/, its API page calling the CI/CD variable API_URL", () => {
      const apiUrl = 'https://api.example.invalid';
      // One job after the other: in the shell executor both render in the same website/ folder.
      const out = runJobs(dir, uvCache, onDefaultBranch, env, 'render') + runJobs(dir, uvCache, [...onDefaultBranch, `API_URL=${apiUrl}`], env, 'pages');
      expect(out).not.toMatch(/quarto\.tar\.gz/);
      expect(readFileSync(path.join(dir, '.gitlab-ci-local/artifacts/render/website/_site/index.html'), 'utf8')).toMatch(/<html/);
      expect(readFileSync(path.join(dir, '.gitlab-ci-local/artifacts/pages/public/index.html'), 'utf8')).toMatch(/<html/);
      const apiPage = readFileSync(path.join(dir, '.gitlab-ci-local/artifacts/pages/public/api.html'), 'utf8');
      // The URL the page's Observable JS cells get (Quarto's ojs-define data), not the local default.
      expect(apiPage).toContain(JSON.stringify(apiUrl));
      expect(apiPage).not.toContain('"http://127.0.0.1:8000"');
    });
  });
});
