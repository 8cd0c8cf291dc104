/**
 * A generated project's GitLab CI configuration as GitLab reads it: `.gitlab-ci.yml` with its
 * `include: local:` entries (globs too) resolved and merged, plus the structural promises the
 * schema cannot check (pinned images, stages declared, `extends` that resolve, the jobs each
 * phase promises and their rules).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PYTHONS } from '../../generators/core/domain.js';

type Obj = Record<string, any>;

/** Top-level keys that are not jobs. */
const GLOBAL_KEYS = new Set(['workflow', 'stages', 'default', 'include', 'variables', 'image', 'services', 'cache', 'before_script', 'after_script']);

/** The files a `local:` include names: a path, or a glob with `*` in its last segment. */
function localFiles(dir: string, pattern: string): string[] {
  const rel = pattern.replace(/^\//, '');
  if (!rel.includes('*')) return [rel];
  const folder = path.posix.dirname(rel);
  const matcher = new RegExp(`^${path.posix.basename(rel).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  if (!existsSync(path.join(dir, folder))) return [];
  return readdirSync(path.join(dir, folder))
    .filter((name) => matcher.test(name))
    .sort()
    .map((name) => `${folder}/${name}`);
}

/** The merged configuration and the files it came from. A key defined twice is an error here:
 * GitLab would silently let the later file win, which in a generated project is a bug. */
export function resolvedConfig(dir: string): { config: Obj; files: string[] } {
  const main = parse(readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')) as Obj;
  const includes: Obj[] = (Array.isArray(main.include) ? main.include : [main.include]).filter(Boolean);
  const config: Obj = { ...main };
  delete config.include;
  const files = ['.gitlab-ci.yml'];
  for (const include of includes) {
    if (typeof include.local !== 'string') throw new Error(`.gitlab-ci.yml: only local includes expected, found ${JSON.stringify(include)}`);
    const matched = localFiles(dir, include.local);
    if (matched.length === 0) throw new Error(`.gitlab-ci.yml: include ${include.local} matches no file`);
    for (const file of matched) {
      files.push(file);
      const part = parse(readFileSync(path.join(dir, file), 'utf8')) as Obj;
      for (const [key, value] of Object.entries(part ?? {})) {
        if (key in config) throw new Error(`${file}: ${key} is already defined`);
        config[key] = value;
      }
    }
  }
  return { config, files };
}

/** A job with its `extends` chain applied (deep merge of hashes, as GitLab does). */
function expanded(config: Obj, name: string, seen: string[] = []): Obj {
  if (seen.includes(name)) throw new Error(`extends cycle: ${[...seen, name].join(' → ')}`);
  const job = config[name];
  if (!job) throw new Error(`${seen.at(-1) ?? name}: extends ${name}, which is not defined`);
  const parents: string[] = job.extends ? [job.extends].flat() : [];
  const merge = (a: Obj, b: Obj): Obj => {
    const out: Obj = { ...a };
    for (const [k, v] of Object.entries(b)) {
      out[k] = v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' && !Array.isArray(out[k]) ? merge(out[k], v) : v;
    }
    return out;
  };
  let base: Obj = {};
  for (const parent of parents) base = merge(base, expanded(config, parent, [...seen, name]));
  const { extends: _ignored, ...own } = job;
  return merge(base, own);
}

/** Every visible job (not a hidden `.template`), expanded. */
export function jobs(config: Obj): Record<string, Obj> {
  return Object.fromEntries(
    Object.keys(config)
      .filter((key) => !GLOBAL_KEYS.has(key) && !key.startsWith('.'))
      .map((key) => [key, expanded(config, key)]),
  );
}

/** An image reference pinned to an exact version: a tag with a digit, not latest/stable/main. */
function pinned(image: string): boolean {
  if (image.startsWith('$CI_REGISTRY_IMAGE:sha-')) return true; // the commit's own image
  const tag = /:([^/:@]+)$/.exec(image)?.[1] ?? '';
  return /\d/.test(tag) && !/^(latest|stable|main|master)$/.test(tag);
}

/**
 * What every generated GitLab configuration promises; throws on the first broken promise.
 * Returns a line per kind of check made, for the test's log.
 */
export function checkPromises(config: Obj, answers: { deliverable: string; phase: string; python: string }): string[] {
  const all = jobs(config);
  const stages: string[] = config.stages ?? [];
  // `api,website`: a project with several deliverables keeps the promises of each.
  const deliverables = answers.deliverable.split(',');
  const quarto = deliverables.includes('report') || deliverables.includes('website');
  const atLeast = (phase: string) => ['development', 'production', 'maintenance'].indexOf(answers.phase) >= ['development', 'production', 'maintenance'].indexOf(phase);

  const rules: Obj[] = config.workflow?.rules ?? [];
  if (!rules.some((r) => r.if?.includes('merge_request_event')) || !rules.some((r) => r.if?.includes('$CI_OPEN_MERGE_REQUESTS') && r.when === 'never')) {
    throw new Error('workflow:rules must run merge-request pipelines and drop branch pipelines with an open merge request');
  }
  if (config.default?.interruptible !== true) throw new Error('default: interruptible must be true');

  for (const [name, job] of Object.entries(all)) {
    const image = typeof job.image === 'string' ? job.image : job.image?.name;
    if (typeof image !== 'string') throw new Error(`${name}: no image`);
    const matrixPythons: string[] = job.parallel?.matrix?.flatMap((m: Obj) => m.PYTHON_VERSION ?? []) ?? [];
    for (const candidate of matrixPythons.length > 0 ? matrixPythons.map((p) => image.replace('$PYTHON_VERSION', p)) : [image]) {
      if (!pinned(candidate)) throw new Error(`${name}: image ${candidate} is not pinned to a version`);
    }
    if (!stages.includes(job.stage)) throw new Error(`${name}: stage ${job.stage} is not declared in stages`);
    if (job.cache && !Array.isArray(job.cache) && !job.cache.key?.files?.includes('uv.lock')) {
      throw new Error(`${name}: a cache must be keyed on uv.lock`);
    }
  }

  const expect = (name: string) => {
    if (!all[name]) throw new Error(`no ${name} job`);
    return all[name] as Obj;
  };
  const lint = expect('lint');
  if (!lint.script.some((l: string) => /ruff check/.test(l)) || !lint.script.some((l: string) => /ruff format --check/.test(l))) {
    throw new Error('lint: ruff check and ruff format --check expected');
  }
  const test = expect('test');
  if (!test.script.some((l: string) => /pytest/.test(l) && /--junitxml=junit\.xml/.test(l) && /--cov-report=xml/.test(l))) {
    throw new Error('test: pytest with a JUnit and a Cobertura report expected');
  }
  if (test.artifacts?.reports?.junit !== 'junit.xml' || test.artifacts?.reports?.coverage_report?.coverage_format !== 'cobertura') {
    throw new Error('test: JUnit and Cobertura reports expected');
  }
  const coverage = new RegExp(String(test.coverage).replace(/^\/|\/$/g, ''), 'm');
  if (coverage.exec('TOTAL                          1466     42    304     30    96%')?.[1] !== '96') {
    throw new Error(`test: the coverage regex ${test.coverage} does not read pytest-cov's TOTAL line`);
  }
  // The matrix the GitHub variant has: the oldest Python the project supports and the newest, each
  // in its own pinned image with its own cache.
  const matrix: string[] = test.parallel?.matrix?.flatMap((m: Obj) => m.PYTHON_VERSION ?? []) ?? [];
  const wanted = [...new Set([answers.python, PYTHONS[PYTHONS.length - 1]])];
  if (JSON.stringify(matrix) !== JSON.stringify(wanted)) throw new Error(`test: matrix PYTHON_VERSION ${JSON.stringify(matrix)}, expected ${JSON.stringify(wanted)}`);
  if (!String(test.image).includes('python$PYTHON_VERSION') || test.variables?.UV_PYTHON !== '$PYTHON_VERSION' || !String(test.cache?.key?.prefix).includes('$PYTHON_VERSION')) {
    throw new Error('test: the image, UV_PYTHON and the cache key must follow the matrix PYTHON_VERSION');
  }
  expect('pipeline');
  const done = ['workflow:rules, interruptible, pinned images, declared stages, uv.lock cache keys', `lint, test (JUnit, Cobertura, coverage regex, matrix ${wanted.join(', ')}), pipeline`];
  if (quarto) {
    expect('render');
    done.push('render');
  }
  if (atLeast('production')) {
    const build = expect('image-build');
    const text = JSON.stringify(build);
    if (!/buildah build/.test(text) || !/\$CI_REGISTRY_IMAGE/.test(text) || /docker:dind|docker build/.test(text)) {
      throw new Error('image-build: a daemonless Buildah build pushed to $CI_REGISTRY_IMAGE expected');
    }
    const conditions = (build.rules as Obj[]).map((r) => r.if ?? '');
    if (!conditions.some((c) => c.includes('$CI_DEFAULT_BRANCH')) || !conditions.some((c) => c.includes('$CI_COMMIT_TAG'))) {
      throw new Error('image-build: runs on the default branch and tags only');
    }
    if (stages.indexOf(build.stage) <= stages.indexOf(test.stage)) throw new Error('image-build must come after the tests');
    // The Dockerfile has a HEALTHCHECK: the OCI format has no field for it, and Buildah drops it.
    if (build.variables?.BUILDAH_FORMAT !== 'docker') throw new Error('image-build: BUILDAH_FORMAT docker expected (OCI drops the HEALTHCHECK)');
    const smoke = expect('image-smoke');
    if (!smoke.needs?.includes('image-build')) throw new Error('image-smoke: needs image-build');
    if (!expect('image-tags').needs?.includes('image-smoke')) throw new Error('image-tags: needs image-smoke');
    // The smoke test runs what each deliverable does with the image: the API served, the site rendered.
    const smokeScript = JSON.stringify(smoke.script);
    if (deliverables.includes('api') && !(/uvicorn/.test(smokeScript) && /\/predict/.test(smokeScript))) throw new Error('image-smoke: the API served and a /predict expected');
    if (deliverables.includes('app') && !/streamlit run/.test(smokeScript)) throw new Error('image-smoke: the app served expected');
    if (quarto && !/\.render\b/.test(smokeScript)) throw new Error('image-smoke: the render entry point expected');
    done.push('image-build (Buildah → $CI_REGISTRY_IMAGE, default branch and tags, after the tests), image-smoke, image-tags');
    if (quarto) {
      const pages = expect('pages');
      if (JSON.stringify(pages.artifacts?.paths) !== '["public"]') throw new Error('pages: artifacts: paths: [public] expected');
      done.push('pages (artifacts public)');
    }
  }
  if (atLeast('maintenance')) {
    for (const name of ['latest-dependencies', 'drift', 'retrain']) {
      const conditions = (expect(name).rules as Obj[]).map((r) => r.if ?? '');
      if (!conditions.every((c) => c.includes('$CI_PIPELINE_SOURCE == "schedule"'))) throw new Error(`${name}: must run in scheduled pipelines only`);
    }
    if (expect('release').release?.tag_name !== '$CI_COMMIT_TAG') throw new Error('release: the release keyword with the tag expected');
    done.push('latest-dependencies, drift, retrain: scheduled only; release-notes → release');
  }
  return done;
}
