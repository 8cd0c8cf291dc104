/**
 * Two deliverables in one repository, on a real project: an API at production grows a website
 * (`add deliverable website`), then passes its own checks (ruff, pytest with the deploy and
 * render tests, the pipeline), serves its API on loopback, renders the website with the real
 * Quarto pointed at that API, and the rendered API page's data is a request the served API
 * answers, cross-origin, as a browser would send it. Its workflows (the checks, the image job, the
 * publish workflow) pass actionlint and zizmor; its Dockerfile hadolint; its manifests kustomize,
 * kubernetes-validate, the Argo and ArgoCD models and `argo lint`; doctor audits both
 * deliverables. Its one image is built from the unmodified Dockerfile and run: the API trained,
 * served and answering, then the project's own smoke test renders the website inside it. The
 * plans of every set, and the refusals, are in the fast tier (test/deliverables.test.ts). An
 * API + app project is checked at production: its own checks (the deploy tests of both
 * Deployments), the workflows, the manifests, doctor, and its one image built and run (the API
 * served, then the app started from it with its Deployment's command by the project's smoke test).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { BIN, ENV, generate, run, uvRun, uvSync, withApi, WORK } from './harness.js';
import {
  argoLint,
  argoMatchesPipeline,
  argoObjects,
  checkNames,
  dockerfileExec,
  hadolint,
  imageBuild,
  kubernetesValidate,
  kustomizeBuild,
  productionChecks,
} from './production-checks.js';
import { OFFLINE_STORE } from './gitlab-registry.js';
import { maintenanceChecks } from './maintenance-checks.js';
import { checkSite, quartoVersion, render, renderReport } from './quarto-render.js';

const PKG = 'demo_multi';
const PREVIEW_ORIGIN = 'http://127.0.0.1:4321';

interface Audit {
  deliverables: string[];
  checks: { id: string; status: string; detail: string }[];
}

/** `doctor --json` on a project, parsed. */
function doctorAudit(dir: string): Audit {
  return JSON.parse(spawnSync(process.execPath, [BIN, 'doctor', dir, '--json'], { env: ENV, encoding: 'utf8' }).stdout) as Audit;
}

/** The values the rendered page hands to its Observable JS cells (Quarto's ojs-define script). */
function ojsValues(html: string): Record<string, unknown> {
  const scripts = [...html.matchAll(/<script type="ojs-define">([^<]*)<\/script>/g)].map((m) => m[1] ?? '');
  expect(scripts).toHaveLength(1);
  const { contents } = JSON.parse(scripts[0] as string) as { contents: { name: string; value: unknown }[] };
  return Object.fromEntries(contents.map((c) => [c.name, c.value]));
}

describe('api + report: --deliverable api,report at maintenance', () => {
  const pkg = 'demo_ar';
  let dir = '';

  beforeAll(() => {
    quartoVersion();
    dir = generate('api,report', 'maintenance', ['--package', pkg]);
  });

  test('ruff, pytest (the API, the report, the render, the monitoring of the API) and the pipeline pass', () => {
    uvSync(dir, ['--group', 'quarto']);
    uvRun(dir, ['ruff', 'check', '.']);
    uvRun(dir, ['ruff', 'format', '--check', '.']);
    const { stdout } = uvRun(dir, ['pytest', '-v', '-p', 'no:cacheprovider']);
    expect(stdout).toMatch(/test_api\.py::\S+ PASSED/);
    expect(stdout).toMatch(/test_documents\.py::test_document_cells_run\[report\/report\.qmd-\S*\] PASSED/);
    expect(stdout).toMatch(/test_documents\.py::test_document_cells_run\[monitoring\/dashboard\.qmd-\S*\] PASSED/);
    expect(stdout).toMatch(/test_render\.py::\S+ PASSED/);
    expect(stdout).toMatch(/test_deploy\.py::test_render_follows_the_pipeline_with_what_it_wrote PASSED/);
    expect(stdout).toMatch(/test_monitoring_api\.py::\S+ PASSED/);
    expect(stdout).toMatch(/test_drift\.py::\S+ PASSED/);
    expect(stdout).not.toMatch(/FAILED|ERROR/);
    uvRun(dir, ['python', '-m', `${pkg}.pipeline`]);
  });

  test('the report renders with the real Quarto, its parameter applied', () => {
    expect(renderReport(dir)[0]).toMatch(/tables/);
  });

  test('production checks, and its one image built and run: the API trained and served (with /metrics), then the report rendered in it', async () => {
    const done = await productionChecks(dir, { image: 'build' });
    expect(done.some((line) => line.startsWith('image: OK: '))).toBe(true);
    expect(done.join('\n')).toMatch(/smoke test passed/);
    expect(dockerfileExec(dir, 'CMD')?.[0]).toBe('uvicorn');
  });

  test('maintenance checks: Dependabot, CronWorkflows (the API log export among them), drift, live /metrics; doctor finds both deliverables meeting maintenance', async () => {
    expect((await maintenanceChecks(dir)).length).toBeGreaterThan(3);
    const audit = doctorAudit(dir);
    expect(audit.deliverables).toEqual(['api', 'report']);
    // The one failure allowed: the tier generates with --no-git, which doctor rightly reports.
    expect(audit.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['development.git']);
  });
});

describe('api + website: add deliverable website at production, then upgraded to maintenance', () => {
  let dir = '';

  beforeAll(() => {
    quartoVersion();
    dir = generate('api', 'production', ['--package', PKG]);
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
    // One image: its command serves the API; the website is rendered by an explicit command.
    expect(dockerfileExec(dir, 'CMD')?.[0]).toBe('uvicorn');
    const publish = readFileSync(path.join(dir, '.github/workflows/publish.yml'), 'utf8');
    expect(publish).toContain(`python -m ${PKG}.render --dest _site`);
    expect(publish).toContain('API_URL: ${{ vars.API_URL }}');
  });

  test('add step: a step after validate is one of the last steps, which the render task waits for', () => {
    run(process.execPath, [BIN, 'add', 'step', 'features', '--after', 'validate'], dir);
    const workflow = readFileSync(path.join(dir, 'deploy/argo/workflow-template.yaml'), 'utf8');
    expect(workflow).toMatch(/- name: render\n {12}template: render\n {12}dependencies: \[evaluate, features\]/);
  });

  test('ruff, pytest (the API, the documents, the API page, the added step) and the pipeline pass', () => {
    uvSync(dir, ['--group', 'quarto']);
    uvRun(dir, ['ruff', 'check', '.']);
    uvRun(dir, ['ruff', 'format', '--check', '.']);
    const { stdout } = uvRun(dir, ['pytest', '-v', '-p', 'no:cacheprovider']);
    expect(stdout).toMatch(/test_website_api\.py::test_the_page_calls_only_routes_the_api_has PASSED/);
    expect(stdout).toMatch(/test_website_api\.py::test_the_api_lets_a_local_preview_call_it PASSED/);
    expect(stdout).toMatch(/test_documents\.py::test_document_cells_run\[website\/api\.qmd-\{\}\] PASSED/);
    expect(stdout).toMatch(/test_api\.py::\S+ PASSED/);
    expect(stdout).toMatch(/test_deploy\.py::test_render_follows_the_pipeline_with_what_it_wrote PASSED/);
    expect(stdout).toMatch(/test_deploy\.py::test_readiness_reflects_the_model PASSED/);
    expect(stdout).toMatch(/test_render\.py::\S+ PASSED/);
    expect(stdout).toMatch(/test_step_features\.py::\S+ PASSED/);
    expect(stdout).not.toMatch(/FAILED|ERROR/);
    const pipeline = uvRun(dir, ['python', '-m', `${PKG}.pipeline`]);
    expect(`${pipeline.stdout}${pipeline.stderr}`).toMatch(/6 step\(s\) ran/);
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

  test('workflows pass actionlint and zizmor: the checks, the image job and the publish workflow', () => {
    const workflows = readdirSync(path.join(dir, '.github/workflows')).map((f) => `.github/workflows/${f}`).sort();
    expect(workflows).toEqual(['ci.yml', 'image.yml', 'publish.yml', 'render.yml'].map((f) => `.github/workflows/${f}`));
    run('actionlint', workflows, dir, ENV);
    run('zizmor', ['--offline', '--no-progress', '.github/workflows'], dir, ENV);
  });

  test('deploy: hadolint, kustomize, kubernetes-validate, Argo and ArgoCD models, DAG = pipeline, argo lint', () => {
    hadolint(dir);
    const rendered = kustomizeBuild(dir);
    expect(Object.keys(rendered)).toEqual(['deploy/kubernetes', 'deploy/argo']);
    expect(rendered['deploy/kubernetes']).toMatch(/CORS_ORIGINS: "?https:\/\/change-me\.github\.io/);
    checkNames(dir);
    expect(kubernetesValidate(dir, rendered)).toBeGreaterThan(0);
    const { workflows, applications } = argoObjects(dir);
    expect(applications).toHaveLength(1);
    const pipeline = workflows.find((w) => w.spec?.templates?.some((t: { name: string }) => t.name === 'render'));
    expect(pipeline, 'the pipeline renders the website').toBeDefined();
    argoMatchesPipeline(dir);
    argoLint(dir);
  });

  test('doctor audits both deliverables: the manifests of the API and the publish workflow of the website pass', () => {
    const audit = doctorAudit(dir);
    expect(audit.deliverables).toEqual(['api', 'website']);
    const status = Object.fromEntries(audit.checks.map((c) => [c.id, c.status]));
    for (const id of ['dockerfile', 'kubernetes', 'gitops', 'image-workflow', 'orchestration', 'publish-workflow', 'readiness-reflects-model']) {
      expect(status[`production.${id}`], id).toBe('pass');
    }
    const failing = audit.checks.filter((c) => c.status === 'fail' && c.id.startsWith('production.'));
    expect(failing).toEqual([]);
  });

  // Last: the same project promoted to maintenance, both deliverables' maintenance parts added.
  test('upgrade --phase maintenance: ruff, pytest (schedules, documents with the dashboard, monitoring), the pipeline, the maintenance and production checks, doctor', async () => {
    run(process.execPath, [BIN, 'upgrade', dir, '--phase', 'maintenance'], WORK);
    const record = JSON.parse(readFileSync(path.join(dir, '.livrable.json'), 'utf8'));
    expect([record.answers.phase, record.answers.extraDeliverables]).toEqual(['maintenance', ['website']]);
    uvSync(dir, ['--group', 'quarto']);
    uvRun(dir, ['ruff', 'check', '.']);
    uvRun(dir, ['ruff', 'format', '--check', '.']);
    const { stdout } = uvRun(dir, ['pytest', '-v', '-p', 'no:cacheprovider']);
    expect(stdout).toMatch(/test_schedules\.py::\S+ PASSED/);
    expect(stdout).toMatch(/test_documents\.py::test_document_cells_run\[monitoring\/dashboard\.qmd-\S*\] PASSED/);
    expect(stdout).toMatch(/test_monitoring_api\.py::\S+ PASSED/);
    expect(stdout).toMatch(/test_drift\.py::\S+ PASSED/);
    expect(stdout).not.toMatch(/FAILED|ERROR/);
    uvRun(dir, ['python', '-m', `${PKG}.pipeline`]);
    expect((await maintenanceChecks(dir)).length).toBeGreaterThan(3);
    // The same Dockerfile on GitHub and GitLab (test/dockerfile.test.ts): gitlab.test.ts builds it and runs image-smoke in it.
    const done = await productionChecks(dir, { image: 'elsewhere', builtBy: 'gitlab.test.ts (api,website at production: the same Dockerfile)' });
    expect(done.some((line) => line.startsWith('ServiceMonitor'))).toBe(true);
    const scheduled = readFileSync(path.join(dir, '.github/workflows/scheduled-publish.yml'), 'utf8');
    expect(scheduled).toContain('API_URL: ${{ vars.API_URL }}');
    const audit = doctorAudit(dir);
    expect(audit.deliverables).toEqual(['api', 'website']);
    // The one failure allowed: the tier generates with --no-git, which doctor rightly reports.
    expect(audit.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['development.git']);
    const status = Object.fromEntries(audit.checks.map((c) => [c.id, c.status]));
    expect([status['maintenance.metrics'], status['production.publish-workflow']]).toEqual(['pass', 'pass']);
  });
});

describe('api + app: --deliverable api,app at production', () => {
  const pkg = 'demo_pair';
  let dir = '';

  beforeAll(() => {
    dir = generate('api,app', 'production', ['--package', pkg]);
  });

  test('ruff, pytest (the API, the app, both deployments) and the pipeline pass', () => {
    uvSync(dir);
    uvRun(dir, ['ruff', 'check', '.']);
    uvRun(dir, ['ruff', 'format', '--check', '.']);
    uvRun(dir, ['python', '-m', `${pkg}.pipeline`]);
    const { stdout } = uvRun(dir, ['pytest', '-v', '-p', 'no:cacheprovider']);
    expect(stdout).toMatch(/test_api\.py::\S+ PASSED/);
    expect(stdout).toMatch(/test_app\.py::\S+ PASSED/);
    expect(stdout).toMatch(/test_deploy\.py::test_readiness_reflects_the_model PASSED/);
    expect(stdout).toMatch(/test_deploy\.py::test_one_kustomization_deploys_the_api_and_the_app PASSED/);
    expect(stdout).toMatch(/test_deploy\.py::test_the_app_runs_from_the_api_image_with_its_own_command PASSED/);
    expect(stdout).toMatch(/test_deploy\.py::test_the_app_is_probed_and_reached_on_its_own_port PASSED/);
    expect(stdout).not.toMatch(/FAILED|ERROR/);
  });

  test('workflows pass actionlint and zizmor: the checks and the one image job', () => {
    const workflows = readdirSync(path.join(dir, '.github/workflows')).map((f) => `.github/workflows/${f}`).sort();
    expect(workflows).toEqual(['ci.yml', 'image.yml'].map((f) => `.github/workflows/${f}`));
    run('actionlint', workflows, dir, ENV);
    run('zizmor', ['--offline', '--no-progress', '.github/workflows'], dir, ENV);
  });

  test('deploy: hadolint, kustomize (both Deployments), kubernetes-validate, Argo and ArgoCD models, DAG = pipeline, argo lint', () => {
    hadolint(dir);
    expect(dockerfileExec(dir, 'CMD')?.[0]).toBe('uvicorn');
    const rendered = kustomizeBuild(dir);
    expect(Object.keys(rendered)).toEqual(['deploy/kubernetes', 'deploy/argo']);
    const kubernetes = rendered['deploy/kubernetes'] ?? '';
    const deployments = [...kubernetes.matchAll(/^kind: Deployment\nmetadata:\n(?: {2}.*\n)*? {2}name: (\S+)$/gm)].map((m) => m[1]);
    // The API's keeps the project's name; the app's is that name with -app.
    const [apiName, appName] = deployments.sort();
    expect([deployments.length, appName]).toEqual([2, `${apiName}-app`]);
    checkNames(dir);
    expect(kubernetesValidate(dir, rendered)).toBeGreaterThan(0);
    const { applications } = argoObjects(dir);
    expect(applications).toHaveLength(1);
    argoMatchesPipeline(dir);
    argoLint(dir);
  });

  test('doctor audits both deliverables: every production check passes', () => {
    const audit = doctorAudit(dir);
    expect(audit.deliverables).toEqual(['api', 'app']);
    const status = Object.fromEntries(audit.checks.map((c) => [c.id, c.status]));
    for (const id of ['dockerfile', 'docker-healthcheck', 'kubernetes', 'gitops', 'image-workflow', 'orchestration', 'serving-does-not-train', 'readiness-reflects-model']) {
      expect(status[`production.${id}`], id).toBe('pass');
    }
    const kubernetes = audit.checks.find((c) => c.id === 'production.kubernetes');
    expect(kubernetes?.detail).toContain('app-deployment.yaml');
    expect(audit.checks.filter((c) => c.status === 'fail' && c.id.startsWith('production.'))).toEqual([]);
  });

  test('the one image, built from the unmodified Dockerfile: the API trained and served in it, then the app run from it by its own command', () => {
    const steps = imageBuild(dir).join('\n');
    expect(steps).toMatch(/POST \/predict: \{/);
    // deploy/smoke-test-image.sh, run by build-and-run.sh, ends with the app (health, page, AppTest).
    expect(steps).toMatch(/smoke test passed/);
    // Its log, where build-and-run.sh keeps it (tmp/smoke-<project>.log of the offline store).
    const project = path.basename(dir).replace(/[^a-z0-9_.-]/g, '-');
    const smokeLog = readFileSync(path.join(OFFLINE_STORE, 'tmp', `smoke-${project}.log`), 'utf8');
    expect(smokeLog).toMatch(/GET \/ready: 200/);
    expect(smokeLog).toMatch(/serving the app: streamlit run app\/streamlit_app\.py/);
    expect(smokeLog).toMatch(/GET \/_stcore\/health: 200/);
    expect(smokeLog).toMatch(/AppTest: app\/streamlit_app\.py ran without an exception/);
  });
});
