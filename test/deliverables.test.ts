import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../generators/cli/main.js';
import { checkDeliverableSet, DELIVERABLE_SETS } from '../generators/core/deliverables.js';
import { loadPreset } from '../generators/core/preset.js';
import { DELIVERABLES, PHASES } from '../generators/core/domain.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { selectLayers } from '../generators/engine/layers.js';
import { plan, type PlannedFile } from '../generators/engine/plan.js';
import { RECORD_PATH } from '../generators/engine/record.js';
import {
  binSync,
  cleanTmpDirs,
  commitAll,
  FakeTerminalInput,
  GIT_ENV,
  generatedDemo,
  makeAnswers,
  PACKAGE_VERSION,
  stripAnsi,
  TEMPLATES,
  TerminalOutput,
  tmpDir,
  treeSnapshot,
  userError,
} from './helpers.js';

// Several deliverables in one repository: the plan is the union of each deliverable's layers,
// no two files share a path, the sets not made to work yet are refused before anything is
// written, and `add deliverable` writes exactly what `--deliverable a,b` would have.

const store = createFsStore(TEMPLATES);
const planOf = (raw: Record<string, string>): PlannedFile[] =>
  plan(makeAnswers({ author: 'A', ...raw }, 'demo'), { store, generatorVersion: '1.2.3', year: 2026 });
const text = (files: PlannedFile[], p: string): string => {
  const file = files.find((f) => f.path === p);
  if (file === undefined) throw new Error(`${p} is not planned`);
  return file.content.toString('utf8');
};

afterAll(cleanTmpDirs);

/**
 * The one planned difference from a plain union: at maintenance, a project with a website keeps its
 * model and data cards as the website's pages, not also as docs/*.md (two cards would drift apart).
 */
const CARDS_OF_THE_WEBSITE: Readonly<Record<string, string>> = {
  'docs/model-card.md': 'website/model-card.qmd',
  'docs/data-card.md': 'website/data-card.qmd',
};
/**
 * From production on, the app beside an API keeps its Kubernetes objects under an `app-` prefix
 * (the API's keep their names); its kustomization and ArgoCD Application are the API's ones, which
 * list and sync both.
 */
const APP_BESIDE_API: Readonly<Record<string, string>> = {
  'deploy/kubernetes/configmap.yaml': 'deploy/kubernetes/app-configmap.yaml',
  'deploy/kubernetes/deployment.yaml': 'deploy/kubernetes/app-deployment.yaml',
  'deploy/kubernetes/service.yaml': 'deploy/kubernetes/app-service.yaml',
  'deploy/kubernetes/ingress.yaml': 'deploy/kubernetes/app-ingress.yaml',
};
const replacedBy = (deliverables: readonly string[], phase: string, p: string, of?: string): string | undefined => {
  if (deliverables.includes('website') && phase === 'maintenance') return CARDS_OF_THE_WEBSITE[p];
  if (of === 'app' && deliverables.includes('api') && phase !== 'development') return APP_BESIDE_API[p];
  return undefined;
};

/** Every file each single deliverable writes is in `paths`, or (the cards) its replacement is. */
function expectEveryFileOfEach(paths: string[], deliverables: readonly string[], phase: string, lang = 'en', ci = 'github'): void {
  for (const d of deliverables) {
    for (const file of planOf({ deliverable: d, phase, lang, ci })) {
      expect(paths, `${d}: ${file.path}`).toContain(replacedBy(deliverables, phase, file.path, d) ?? file.path);
    }
  }
}

/** `bash -n` passes on a planned shell script. */
function expectValidBash(content: string, prefix: string): void {
  const script = path.join(tmpDir(prefix), 'smoke-test-image.sh');
  writeFileSync(script, content);
  const checked = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
  expect(checked.status, checked.stderr).toBe(0);
}

describe('the plan of several deliverables', () => {
  for (const set of DELIVERABLE_SETS) {
    const [first, second] = set.deliverables as [string, string];
    for (const lang of ['en', 'fr']) {
      it(`${first},${second} (${lang}): the union of both plans, no path twice, each README section`, () => {
        const both = planOf({ deliverable: `${first},${second}`, phase: set.upTo, lang });
        const paths = both.map((f) => f.path);
        expect(new Set(paths).size).toBe(paths.length);
        const alone = [first, second].map((d) => planOf({ deliverable: d, phase: set.upTo, lang }));
        expectEveryFileOfEach(paths, set.deliverables, set.upTo, lang);
        const answers = makeAnswers({ deliverable: `${first},${second}`, phase: set.upTo, lang }, 'demo');
        const union = new Set(alone.flatMap((single) => JSON.parse(text(single, RECORD_PATH)).layers as string[]));
        // docs/ cards: a layer of projects without a website (see CARDS_OF_THE_WEBSITE).
        if (set.deliverables.includes('website')) union.delete('maintenance-cards');
        const layers = selectLayers(answers).map((l) => l.id);
        for (const id of union) expect(layers).toContain(id);
        // Only the layers of the pair itself come on top of the union.
        expect(layers.filter((id) => !union.has(id))).toEqual(first === 'api' && second === 'website' ? ['website-api'] : []);
        const readme = text(both, 'README.md');
        for (const single of alone) {
          const own = text(single, 'README.md').split('\n').filter((l) => l.startsWith('## '));
          for (const heading of own) expect(readme).toContain(heading);
        }
        expect(readme).toMatch(lang === 'en' ? /whose deliverable is \*\*an? [^*]+ and an? [^*]+\*\*/ : /\*\*une? [^*]+ et une? [^*]+\*\*/);
      });
    }
  }

  it('the primary is the first; the order of the others does not change the files but the record', () => {
    const apiFirst = planOf({ deliverable: 'api,website' });
    const websiteFirst = planOf({ deliverable: 'website,api' });
    expect(websiteFirst.map((f) => f.path)).toEqual(apiFirst.map((f) => f.path));
    const record = JSON.parse(text(websiteFirst, RECORD_PATH));
    expect(record.answers.deliverable).toBe('website');
    expect(record.answers.extraDeliverables).toEqual(['api']);
    expect(Object.keys(record.answers).slice(0, 3)).toEqual(['deliverable', 'extraDeliverables', 'phase']);
  });

  it('a project of one deliverable keeps its record as it was: no extraDeliverables key', () => {
    for (const deliverable of DELIVERABLES) {
      const record = text(planOf({ deliverable }), RECORD_PATH);
      expect(record).not.toContain('extraDeliverables');
    }
  });

  it('api + website: the website has the API page in its navbar, and the API lets the page call it', () => {
    const files = planOf({ deliverable: 'api,website' });
    expect(text(files, 'website/_quarto.yml')).toMatch(/- href: api\.qmd\n\s+text: API\n\s+page-footer:/);
    const page = text(files, 'website/api.qmd');
    expect(page).toContain('from demo.website_api import ojs_define_script');
    // Only the runtime's own html: Inputs and md, or a notebook display output, fetch from a CDN.
    expect(page).not.toMatch(/\bInputs\.|\bmd`|ojs_define\(/);
    expect(page).toContain('fetch(`${api_url}/predict`');
    expect(page).toMatch(/```\{ojs\}/);
    expect(text(files, 'src/demo/api.py')).toContain('"cross_origin")');
    expect(text(files, '.env.example')).toContain('# API_URL=http://127.0.0.1:8000');
    // Without the API, the website's navbar has no API page.
    expect(text(planOf({ deliverable: 'website' }), 'website/_quarto.yml')).not.toContain('api.qmd');
  });

  it('every other set, and every supported set past its phase, is refused with one line', () => {
    for (const a of DELIVERABLES) {
      for (const b of DELIVERABLES) {
        if (a === b) continue;
        for (const phase of PHASES) {
          const supported = DELIVERABLE_SETS.some(
            (s) => s.deliverables.includes(a) && s.deliverables.includes(b) && PHASES.indexOf(phase) <= PHASES.indexOf(s.upTo),
          );
          if (supported) {
            expect(() => checkDeliverableSet([a, b], phase)).not.toThrow();
            continue;
          }
          const error = userError(() => planOf({ deliverable: `${a},${b}`, phase }));
          expect(error.message).toMatch(new RegExp(`^The deliverables ${a},${b} cannot share a repository at ${phase} yet`));
          expect(error.message.split('\n')).toHaveLength(1);
        }
      }
    }
    expect(userError(() => planOf({ deliverable: 'api,website,app' })).message).toMatch(/api,website,app cannot share/);
    // plan() itself refuses, whatever made the answers (upgrade and add read them from a record).
    const recorded = { ...makeAnswers({ author: 'A', phase: 'maintenance' }, 'demo'), extraDeliverables: ['app' as const] };
    expect(userError(() => plan(recorded, { store, generatorVersion: '1.2.3' })).message).toMatch(/api,app cannot share a repository at maintenance/);
    // The supported sets hold on GitLab as on GitHub, whatever made the answers.
    for (const phase of PHASES) expect(() => planOf({ deliverable: 'api,website', phase, ci: 'gitlab' })).not.toThrow();
    const onGitlab = { ...makeAnswers({ author: 'A', phase: 'maintenance', ci: 'gitlab' }, 'demo'), extraDeliverables: ['website' as const] };
    expect(() => plan(onGitlab, { store, generatorVersion: '1.2.3' })).not.toThrow();
    expect(() => planOf({ deliverable: 'api,website', ci: 'gitlab' })).not.toThrow();
    expect(userError(() => planOf({ deliverable: 'api,api' })).message).toMatch(/names api twice/);
    expect(userError(() => planOf({ deliverable: 'api,webiste' })).message).toMatch(/Did you mean website\?/);
  });
});

describe('api + website at production (GitHub)', () => {
  const both = planOf({ deliverable: 'api,website', phase: 'production' });
  const alone = (d: string) => planOf({ deliverable: d, phase: 'production' });

  it('every production file of each deliverable is there, once, and the plan matches its snapshot', async () => {
    const paths = both.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const d of ['api', 'website']) {
      for (const file of alone(d)) expect(paths, `${d}: ${file.path}`).toContain(file.path);
    }
    for (const p of [
      'Dockerfile', 'deploy/smoke-test-image.sh', '.github/workflows/image.yml', '.github/workflows/publish.yml',
      'deploy/kubernetes/deployment.yaml', 'deploy/argocd/application.yaml', 'deploy/argo/workflow-template.yaml',
      'src/demo/render.py', 'tests/test_render.py', 'website/api.qmd',
    ]) expect(paths).toContain(p);
    const source = (f: PlannedFile) => [f.template, ...(f.fragments ?? [])].filter(Boolean).join(' + ');
    const lines = both.map((f) => `${f.path} ← ${f.layer}: ${source(f) || '(computed)'}`).sort();
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('__snapshots__/plans/api+website-production.txt');
  });

  it('one image: it serves the API, and renders the website with an explicit command', () => {
    const dockerfile = text(both, 'Dockerfile');
    const commands = dockerfile.split('\n').filter((l) => l.startsWith('CMD '));
    expect(commands).toEqual([expect.stringMatching(/^CMD \["uvicorn", "demo\.api:app"/)]);
    expect(dockerfile).toContain('HEALTHCHECK');
    expect(dockerfile).toContain('COPY --chown=app:app website /app/website');
    expect(dockerfile).toContain('demo python -m demo.render   # → ./site/');
    // A website alone keeps the render as the image's command.
    expect(text(alone('website'), 'Dockerfile')).toMatch(/^CMD \["python", "-m", "demo\.render"\]$/m);
    const smoke = text(both, 'deploy/smoke-test-image.sh');
    expect(smoke).toContain('wait_for /ready 60');
    expect(smoke).toMatch(/rm --force "\$name"[^\n]*\n[\s\S]*"\$image" python -m demo\.render >&2/);
    expect(text(both, 'deploy/argo/workflow-template.yaml')).toContain('exec python -m demo.render --skip-pipeline');
  });

  it('the website is published with the API URL; the API allows the published origin', () => {
    const publish = text(both, '.github/workflows/publish.yml');
    expect(publish).toContain('API_URL: ${{ vars.API_URL }}');
    expect(publish).toContain('actions/deploy-pages');
    expect(text(alone('website'), '.github/workflows/publish.yml')).not.toContain('API_URL');
    expect(text(both, 'deploy/kubernetes/configmap.yaml')).toContain('CORS_ORIGINS: "https://change-me.github.io"');
    expect(text(alone('api'), 'deploy/kubernetes/configmap.yaml')).not.toContain('CORS_ORIGINS');
    expect(text(both, 'deploy/argo/configmap.yaml')).toContain('API_URL: ""');
    // One CI: the checks, the image job and the publish workflow side by side.
    const workflows = both.filter((f) => f.path.startsWith('.github/workflows/')).map((f) => f.path).sort();
    expect(workflows).toEqual(['.github/workflows/ci.yml', '.github/workflows/image.yml', '.github/workflows/publish.yml', '.github/workflows/render.yml']);
  });

  it('the smoke test is valid bash', () => {
    expectValidBash(text(both, 'deploy/smoke-test-image.sh'), 'livrable-multi-smoke-');
  });

  it('one README with both parts, in English and in French', () => {
    for (const lang of ['en', 'fr']) {
      const readme = text(planOf({ deliverable: 'api,website', phase: 'production', lang }), 'README.md');
      for (const d of ['api', 'website']) {
        const own = text(planOf({ deliverable: d, phase: 'production', lang }), 'README.md').split('\n').filter((l) => l.startsWith('## '));
        for (const heading of own) expect(readme, `${lang} ${d}`).toContain(heading);
      }
      expect(readme).toContain('deploy/argocd/application.yaml');
      expect(readme).toMatch(lang === 'en' ? /Deployed, one image does both/ : /Déployée, une seule image fait les deux/);
      expect(readme).not.toMatch(/APIrendering|l’APIle rendu/);
    }
  });
});

describe('api + app at production (GitHub)', () => {
  const both = planOf({ deliverable: 'api,app', phase: 'production' });
  const alone = (d: string, lang = 'en') => planOf({ deliverable: d, phase: 'production', lang });
  const yamlOf = (files: PlannedFile[], p: string) => parse(text(files, p)) as Record<string, any>;

  it("every production file of each deliverable is there, once (the app's manifests as app-*.yaml), and the plan matches its snapshot", async () => {
    const paths = both.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    expectEveryFileOfEach(paths, ['api', 'app'], 'production');
    for (const p of Object.values(APP_BESIDE_API)) expect(paths).toContain(p);
    // The API's objects keep their files, the app's are beside them: each holds its own component.
    for (const [own, renamed] of Object.entries(APP_BESIDE_API)) {
      expect(yamlOf(both, own).metadata.labels['app.kubernetes.io/component'], own).toBe(own.endsWith('configmap.yaml') ? undefined : 'api');
      expect(yamlOf(both, renamed).metadata.name, renamed).toMatch(/^demo-app(-config)?$/);
      expect(text(both, own), own).toBe(text(alone('api'), own));
    }
    expect(paths.filter((p) => p.startsWith('deploy/argocd/'))).toEqual(['deploy/argocd/application.yaml']);
    const source = (f: PlannedFile) => [f.template, ...(f.fragments ?? [])].filter(Boolean).join(' + ');
    const lines = both.map((f) => `${f.path} ← ${f.layer}: ${source(f) || '(computed)'}`).sort();
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('__snapshots__/plans/api+app-production.txt');
  });

  it('one kustomization lists both, no two objects of a kind share a name, the app runs the shared image with its own command', () => {
    const kustomization = yamlOf(both, 'deploy/kubernetes/kustomization.yaml');
    expect(kustomization.resources).toEqual([
      'configmap.yaml', 'deployment.yaml', 'service.yaml', 'ingress.yaml',
      'app-configmap.yaml', 'app-deployment.yaml', 'app-service.yaml', 'app-ingress.yaml',
    ]);
    for (const resource of kustomization.resources as string[]) expect(both.map((f) => f.path)).toContain(`deploy/kubernetes/${resource}`);
    const objects = (kustomization.resources as string[]).map((r) => yamlOf(both, `deploy/kubernetes/${r}`));
    const named = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(named).size).toBe(named.length);
    const api = yamlOf(both, 'deploy/kubernetes/deployment.yaml');
    const app = yamlOf(both, 'deploy/kubernetes/app-deployment.yaml');
    expect(app.spec.selector).not.toEqual(api.spec.selector);
    expect(yamlOf(both, 'deploy/kubernetes/app-service.yaml').spec.selector).toEqual(app.spec.selector.matchLabels);
    const container = app.spec.template.spec.containers[0];
    expect(container.image).toBe(api.spec.template.spec.containers[0].image);
    expect(container.command).toEqual(['streamlit', 'run', 'app/streamlit_app.py', '--server.address=0.0.0.0', '--server.port=8501', '--server.headless=true']);
    expect(container.envFrom[0].configMapRef.name).toBe('demo-app-config');
    expect(yamlOf(both, 'deploy/kubernetes/app-ingress.yaml').spec.rules[0].http.paths[0].backend.service.name).toBe('demo-app');
    // The app alone keeps the image's command and its names.
    const single = yamlOf(alone('app'), 'deploy/kubernetes/deployment.yaml');
    expect(single.spec.template.spec.containers[0].command).toBeUndefined();
    expect(single.metadata.name).toBe('demo');
    // Past the command, the app's Deployment beside the API is the app's own.
    delete container.command;
    expect(JSON.stringify(app).replaceAll('demo-app', 'demo')).toBe(JSON.stringify(single));
  });

  it("with the longest name, the app's objects are still valid names (DNS-1035 labels of at most 63 characters)", () => {
    const long = planOf({ deliverable: 'api,app', phase: 'production', name: `x${'y-'.repeat(40)}z` });
    for (const p of ['deploy/kubernetes/deployment.yaml', ...Object.values(APP_BESIDE_API)]) {
      const { kind, metadata } = yamlOf(long, p);
      if (kind === 'ConfigMap') continue; // a DNS subdomain: up to 253 characters
      expect(metadata.name, p).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
    expect(yamlOf(long, 'deploy/kubernetes/app-deployment.yaml').metadata.name).toMatch(/-app$/);
    expect(yamlOf(long, 'deploy/kubernetes/app-deployment.yaml').metadata.name).not.toBe(yamlOf(long, 'deploy/kubernetes/deployment.yaml').metadata.name);
  });

  it("one image: its command and HEALTHCHECK are the API's, it holds the app, one image job; the smoke test checks both", () => {
    const dockerfile = text(both, 'Dockerfile');
    expect(dockerfile.split('\n').filter((l) => l.startsWith('CMD '))).toEqual([expect.stringMatching(/^CMD \["uvicorn", "demo\.api:app"/)]);
    expect(dockerfile.match(/^HEALTHCHECK /gm)).toHaveLength(1);
    expect(dockerfile).toContain("urlopen('http://127.0.0.1:8000/health'");
    for (const line of ['COPY deploy/uvicorn-logging.json /app/uvicorn-logging.json', 'COPY .streamlit /app/.streamlit', 'COPY app /app/app', 'EXPOSE 8000', 'EXPOSE 8501']) {
      expect(dockerfile).toContain(line);
    }
    expect(text(alone('app'), 'Dockerfile')).toMatch(/^CMD \["streamlit", "run", "app\/streamlit_app\.py"/m);
    const workflows = both.filter((f) => f.path.startsWith('.github/workflows/')).map((f) => f.path).sort();
    expect(workflows).toEqual(['.github/workflows/ci.yml', '.github/workflows/image.yml']);
    expect(text(both, '.github/workflows/image.yml')).toBe(text(alone('api'), '.github/workflows/image.yml'));
    const smoke = text(both, 'deploy/smoke-test-image.sh');
    expect(smoke).toContain('wait_for /ready 60');
    expect(smoke).toMatch(/rm --force "\$name"[^\n]*\n[\s\S]*"\$image" \\\n\s+streamlit run app\/streamlit_app\.py/);
    expect(smoke).toContain('wait_for /_stcore/health 120');
    expect(smoke).toContain('AppTest.from_file("app/streamlit_app.py"');
    expect(smoke.match(/^port=/gm)).toEqual(['port=']);
    expectValidBash(smoke, 'livrable-multi-smoke-app-');
  });

  it('one README with both parts, in English and in French', () => {
    for (const lang of ['en', 'fr']) {
      const readme = text(planOf({ deliverable: 'api,app', phase: 'production', lang }), 'README.md');
      for (const d of ['api', 'app']) {
        const own = text(alone(d, lang), 'README.md').split('\n').filter((l) => l.startsWith('## '));
        for (const heading of own) expect(readme, `${lang} ${d}`).toContain(heading);
      }
      expect(readme).toContain('deploy/kubernetes/app-deployment.yaml');
      expect(readme).toMatch(lang === 'en' ? /one image for the API and the app/ : /une seule image pour l’API et l’application/);
      expect(readme).not.toMatch(/APIthe app|l’APIl’application|`\/health``\/_stcore/);
    }
  });
});

describe('api + website at maintenance (GitHub)', () => {
  const both = planOf({ deliverable: 'api,website', phase: 'maintenance' });
  const alone = (d: string, lang = 'en') => planOf({ deliverable: d, phase: 'maintenance', lang });

  it('every maintenance file of each deliverable is there, once, and the plan matches its snapshot', async () => {
    const paths = both.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    expectEveryFileOfEach(paths, ['api', 'website'], 'maintenance');
    // The cards are the website's pages only: no second copy under docs/.
    for (const p of Object.keys(CARDS_OF_THE_WEBSITE)) expect(paths).not.toContain(p);
    const source = (f: PlannedFile) => [f.template, ...(f.fragments ?? [])].filter(Boolean).join(' + ');
    const lines = both.map((f) => `${f.path} ← ${f.layer}: ${source(f) || '(computed)'}`).sort();
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('__snapshots__/plans/api+website-maintenance.txt');
  });

  it("the API's monitoring and the website's scheduled publish are both there, and the schedules list every CronWorkflow", () => {
    const paths = both.map((f) => f.path);
    for (const p of [
      'deploy/kubernetes/servicemonitor.yaml', 'src/demo/monitoring_api.py', 'tests/test_monitoring_api.py',
      'src/demo/monitoring_store.py', 'monitoring/dashboard.qmd', 'src/demo/drift.py', 'tests/test_schedules.py',
      '.github/workflows/scheduled.yml', '.github/workflows/scheduled-publish.yml', '.github/workflows/release.yml',
    ]) expect(paths).toContain(p);
    expect(text(both, 'deploy/kubernetes/kustomization.yaml')).toMatch(/^ {2}- servicemonitor\.yaml$/m);
    // The kustomization lists exactly the CronWorkflows written (tests/test_schedules.py checks it too).
    const crons = paths.filter((p) => /^deploy\/argo-cron\/cron-[^/]+\.yaml$/.test(p)).map((p) => p.split('/').at(-1)).sort();
    expect(crons).toEqual(['cron-drift.yaml', 'cron-export.yaml', 'cron-retrain.yaml']);
    const listed = [...text(both, 'deploy/argo-cron/kustomization.yaml').matchAll(/^ {2}- (\S+)$/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(crons);
    expect(text(both, 'deploy/argo-cron/cron-drift.yaml')).toContain('the `table` of cron-export.yaml');
    // The weekly publish renders the API page with the deployed API's URL, as publish.yml does.
    const scheduled = text(both, '.github/workflows/scheduled-publish.yml');
    expect(scheduled).toMatch(/render --dest _site\n\s+env:\n(?:\s+#[^\n]*\n)+\s+API_URL: \$\{\{ vars\.API_URL \}\}\n/);
    expect(text(alone('website'), '.github/workflows/scheduled-publish.yml')).not.toContain('API_URL');
    // A website alone has no prediction to export: its schedules stay two.
    expect(text(alone('website'), 'deploy/argo-cron/kustomization.yaml')).not.toContain('cron-export.yaml');
  });

  it("the project's own tests hold with both: the dashboard runs on an exported table, the API installs both extensions", () => {
    // tests/test_documents.py runs every .qmd's cells, monitoring/dashboard.qmd included.
    const documents = text(both, 'tests/test_documents.py');
    expect(documents).toContain('export(records, locate(folder / "monitoring" / "predictions", get_settings()))');
    expect(documents).toMatch(/^from demo\.monitoring_store import export, locate$/m);
    expect(text(alone('website'), 'tests/test_documents.py')).not.toContain('monitoring_store');
    expect(text(planOf({ deliverable: 'api,website', phase: 'production' }), 'tests/test_documents.py')).not.toContain('monitoring_store');
    expect(text(both, 'tests/test_monitoring_api.py')).toContain('assert "cross_origin" in installed\n');
    expect(text(alone('api'), 'tests/test_monitoring_api.py')).not.toContain('cross_origin');
  });

  it('one README with both parts, in English and in French; the shared documents name both deliverables', () => {
    for (const lang of ['en', 'fr']) {
      const files = planOf({ deliverable: 'api,website', phase: 'maintenance', lang });
      const readme = text(files, 'README.md');
      for (const d of ['api', 'website']) {
        const own = text(alone(d, lang), 'README.md').split('\n').filter((l) => l.startsWith('#'));
        for (const heading of own) expect(readme, `${lang} ${d}: ${heading}`).toContain(heading);
      }
      // Both schedules of each: the API's log export, the website's weekly publish.
      expect(readme).toMatch(/\| `deploy\/argo-cron\/cron-export\.yaml` \(`demo-export`\) \|/);
      expect(readme).toMatch(/\| `\.github\/workflows\/scheduled-publish\.yml` \|/);
      expect(readme).toContain('servicemonitor.yaml');
      expect(readme).toContain('website/model-card.qmd');
      expect(readme).not.toContain('docs/model-card.md');
      const changelog = text(files, 'CHANGELOG.md');
      const contributing = text(files, 'CONTRIBUTING.md');
      if (lang === 'en') {
        expect(changelog).toContain('who use the\nAPI and the website: what changed');
        expect(changelog).toContain('the API and the Quarto website, the container image');
        expect(contributing).toContain('changes incompatibly or the published output');
      } else {
        expect(changelog).toContain('l’API et le site web\u202f: ce qui a changé');
        expect(changelog).toContain('l’API et le site web Quarto, l’image');
        expect(contributing).toContain('incompatible ou quand la structure');
      }
      // No two deliverables' words run together anywhere.
      for (const file of files) {
        if (!/\.(md|qmd|ya?ml|py|txt)$/.test(file.path)) continue;
        expect(file.content.toString('utf8'), `${lang} ${file.path}`).not.toMatch(/APIwebsite|APIQuarto|API(?:report|Quarto)|incompatiblypublished|incompatiblela|l’APIle/);
      }
    }
  });
});

describe('api + website on GitLab', () => {
  /** The jobs each phase adds, on top of the earlier phases' (the GitHub variant's workflows, as GitLab jobs). */
  const JOBS: Readonly<Record<string, readonly string[]>> = {
    development: ['lint', 'test', 'pipeline', 'render'],
    production: ['image-build', 'image-smoke', 'image-tags', 'pages'],
    maintenance: ['latest-dependencies', 'drift', 'retrain', 'release-notes', 'release'],
  };
  const INCLUDED: Readonly<Record<string, readonly string[]>> = {
    development: ['.gitlab/ci/checks.yml', '.gitlab/ci/render.yml'],
    production: ['.gitlab/ci/image.yml', '.gitlab/ci/pages.yml'],
    maintenance: ['.gitlab/ci/release.yml', '.gitlab/ci/scheduled.yml'],
  };
  const upTo = <T,>(table: Readonly<Record<string, readonly T[]>>, phase: string): T[] =>
    PHASES.slice(0, PHASES.indexOf(phase as (typeof PHASES)[number]) + 1).flatMap((p) => [...(table[p] ?? [])]);

  for (const phase of PHASES) {
    for (const lang of ['en', 'fr']) {
      it(`at ${phase} (${lang}): no GitHub file, every GitLab file of each deliverable once; .gitlab-ci.yml's includes give each job once`, async () => {
        const files = planOf({ deliverable: 'api,website', phase, ci: 'gitlab', lang });
        const paths = files.map((f) => f.path);
        expect(new Set(paths).size).toBe(paths.length);
        expectEveryFileOfEach(paths, ['api', 'website'], phase, lang, 'gitlab');
        expect(paths.filter((p) => p.startsWith('.github/') || p === '.github')).toEqual([]);
        for (const file of files) {
          if (/\.(ya?ml|md|toml|json)$/.test(file.path)) expect(file.content.toString('utf8'), file.path).not.toMatch(/\.github\/workflows\/|Dependabot/);
        }
        // What GitLab reads: .gitlab-ci.yml with its local includes (globs in one folder), merged.
        const main = parse(text(files, '.gitlab-ci.yml')) as Record<string, unknown>;
        const includes = [main.include].flat() as { local: string }[];
        const keys = new Map(Object.keys(main).filter((k) => k !== 'include').map((k) => [k, '.gitlab-ci.yml']));
        const included: string[] = [];
        for (const { local } of includes) {
          const glob = new RegExp(`^${local.replace(/^\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
          const matched = paths.filter((p) => glob.test(p)).sort();
          expect(matched, local).not.toEqual([]);
          for (const p of matched) {
            included.push(p);
            for (const key of Object.keys((parse(text(files, p)) as Record<string, unknown>) ?? {})) {
              expect(keys.get(key), `${p}: ${key} is also in ${keys.get(key)}`).toBeUndefined();
              keys.set(key, p);
            }
          }
        }
        expect(included).toEqual(upTo(INCLUDED, phase).sort());
        for (const job of upTo(JOBS, phase)) expect(keys.has(job), job).toBe(true);
        expect(JSON.stringify(parse(text(files, '.gitlab/ci/render.yml')))).toContain('website');
        if (phase === 'development') return;

        // One image: its smoke job serves the API (train, /ready, /predict), then renders the website.
        const smoke = (parse(text(files, '.gitlab/ci/image.yml')) as Record<string, { script: string[] }>)['image-smoke']?.script.join('\n') ?? '';
        expect(smoke).toMatch(/uvicorn demo\.api:app/);
        expect(smoke).toMatch(/\/predict/);
        expect(smoke.indexOf('python -m demo.render')).toBeGreaterThan(smoke.indexOf('/predict'));
        // The published site's API page is told where the API is, by the CI/CD variable the README names.
        expect(text(files, '.gitlab/ci/pages.yml')).toMatch(/API_URL/);
        expect(text(files, 'README.md')).toMatch(lang === 'en' ? /CI\/CD variable `API_URL`/ : /variable CI\/CD `API_URL`/);
        expect(text(files, 'README.md')).not.toMatch(/Secrets and variables → Actions/);
        if (lang === 'en') {
          const source = (f: PlannedFile) => [f.template, ...(f.fragments ?? [])].filter(Boolean).join(' + ');
          const lines = files.map((f) => `${f.path} ← ${f.layer}: ${source(f) || '(computed)'}`).sort();
          await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(`__snapshots__/plans/api+website-${phase}-gitlab.txt`);
        }
      });
    }
  }
});

describe('api + report', () => {
  /** Files whose text names the website generically (shared modules, ignore lists), not as this project's. */
  const GENERIC = /^(src\/demo\/(render|reporting|api)\.py|\.dockerignore|deploy\/kubernetes\/ingress\.yaml)$/;

  for (const ci of ['github', 'gitlab']) {
    for (const phase of PHASES) {
      for (const lang of ['en', 'fr']) {
        it(`at ${phase} on ${ci} (${lang}): every file of each deliverable once, the report rendered by the API's image, no website or API page named`, () => {
          const files = planOf({ deliverable: 'api,report', phase, ci, lang });
          const paths = files.map((f) => f.path);
          expect(new Set(paths).size).toBe(paths.length);
          expectEveryFileOfEach(paths, ['api', 'report'], phase, lang, ci);
          for (const file of files) {
            if (GENERIC.test(file.path) || !/\.(md|qmd|ya?ml|py|sh|toml|json)$|Dockerfile$/.test(file.path)) continue;
            expect(file.content.toString('utf8'), `${file.path}`).not.toMatch(/\bwebsite\b|site web|API page|page de l’API|API_URL|APIreport|APIrapport/);
          }
          if (phase === 'development') return;
          const dockerfile = text(files, 'Dockerfile');
          expect(dockerfile.split('\n').filter((l) => l.startsWith('CMD '))).toEqual([expect.stringMatching(/^CMD \["uvicorn"/)]);
          expect(dockerfile).toMatch(/^COPY --chown=app:app report \/app\/report$/m);
          expect(text(files, 'deploy/smoke-test-image.sh')).toMatch(/python -m demo\.render/);
          expect(text(files, 'README.md')).toMatch(lang === 'en' ? /The report: `python -m demo\.render`/ : /Le rapport\u202f: `python -m demo\.render`/);
        });
      }
    }
  }

  it.each([
    ['github', 'development'], ['github', 'production'], ['github', 'maintenance'], ['gitlab', 'production'], ['gitlab', 'maintenance'],
  ])('on %s, add deliverable report in an API project at %s writes what creating api,report there writes', (ci, phase) => {
    const parent = tmpDir('livrable-multi-report-');
    const made = binSync(parent, 'demo', '--deliverable', 'api', '--phase', phase, '--ci', ci, '--yes', '--no-install');
    expect(made.code, made.stderr).toBe(0);
    const dir = path.join(parent, 'demo');
    const added = binSync(dir, 'add', 'deliverable', 'report');
    expect(added.code, added.stderr).toBe(0);
    const { author, description } = JSON.parse(readFileSync(path.join(dir, RECORD_PATH), 'utf8')).answers as Record<string, string>;
    const other = tmpDir('livrable-multi-report-create-');
    const created = binSync(other, 'demo', '--deliverable', 'api,report', '--phase', phase, '--ci', ci, '--author', author as string,
      '--description', description as string, '--yes', '--no-git', '--no-install');
    expect(created.code, created.stderr).toBe(0);
    const files = (root: string) => treeSnapshot(root).filter((line) => !/^\S+ \.git(\/|$| )/.test(line));
    expect(files(dir)).toEqual(files(path.join(other, 'demo')));
    expect(files(dir).some((line) => line.startsWith('f report/report.qmd '))).toBe(true);
  });
});

describe('api + app on GitLab', () => {
  for (const lang of ['en', 'fr']) {
    it(`at production (${lang}): no GitHub file, every GitLab file of each deliverable once (the app's objects renamed), one image whose smoke job serves both`, () => {
      const files = planOf({ deliverable: 'api,app', phase: 'production', ci: 'gitlab', lang });
      const paths = files.map((f) => f.path);
      expect(new Set(paths).size).toBe(paths.length);
      expectEveryFileOfEach(paths, ['api', 'app'], 'production', lang, 'gitlab');
      expect(paths.filter((p) => p.startsWith('.github/'))).toEqual([]);
      const smoke = (parse(text(files, '.gitlab/ci/image.yml')) as Record<string, { script: string[] }>)['image-smoke']?.script.join('\n') ?? '';
      expect(smoke.indexOf('streamlit run app/streamlit_app.py')).toBeGreaterThan(smoke.indexOf('/predict'));
      expect(text(files, 'README.md')).not.toMatch(/`\/predict`the pipeline|exampleStreamlit|examplethe/);
    });
  }
});

describe('a preset names several deliverables as a list or as text', () => {
  it('deliverable: [api, website] and deliverable: api,website are the same answer; a bad one names the file', async () => {
    const dir = tmpDir('livrable-multi-preset-');
    const write = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    expect((await loadPreset(write('list.yaml', 'deliverable: [api, website]\n'))).deliverable).toBe('api,website');
    expect((await loadPreset(write('text.yaml', 'deliverable: api,website\n'))).deliverable).toBe('api,website');
    await expect(loadPreset(write('bad.yaml', 'deliverable: [api, webiste]\n'))).rejects.toThrow(/bad\.yaml.*Did you mean website\?/);
    await expect(loadPreset(write('mixed.yaml', 'deliverable: [api, 3]\n'))).rejects.toThrow(/bad|mixed\.yaml/);
  });
});

describe('create --deliverable a,b and add deliverable', () => {
  it('refusals at creation exit 2 and create nothing', () => {
    const parent = tmpDir('livrable-multi-refuse-');
    for (const [deliverable, phase, message] of [
      ['app,report', 'development', /app,report cannot share a repository at development yet/],
      ['api,app', 'maintenance', /api,app cannot share a repository at maintenance yet/],
      ['api,app --ci gitlab', 'maintenance', /api,app cannot share a repository at maintenance yet/],
      ['api,,website', 'development', /Invalid --deliverable ""/],
    ] as const) {
      const [list, ...more] = deliverable.split(' ');
      const run = binSync(parent, 'demo', '--deliverable', list as string, ...more, '--phase', phase, '--yes', '--no-git', '--no-install');
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(parent)).toEqual([]);
    }
  });

  it('add deliverable website in an API project writes what --deliverable api,website writes, and upgrade keeps it', () => {
    const dir = generatedDemo('api', 'development', 'livrable-multi-add-');
    const before = treeSnapshot(dir);
    const dry = binSync(dir, 'add', 'deliverable', 'website', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout) as { deliverable: string; actions: { path: string; action: string }[] };
    expect(planned.deliverable).toBe('website');
    expect(planned.actions.filter((a) => a.action === 'create').map((a) => a.path)).toContain('website/api.qmd');
    expect(treeSnapshot(dir)).toEqual(before);

    const added = binSync(dir, 'add', 'deliverable', 'website');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Added the deliverable website.');
    const author = JSON.parse(readFileSync(path.join(dir, RECORD_PATH), 'utf8')).answers.author as string;
    const parent = tmpDir('livrable-multi-create-');
    const made = binSync(parent, 'demo', '--deliverable', 'api,website', '--author', author, '--yes', '--no-git', '--no-install');
    expect(made.code, made.stderr).toBe(0);
    const created = path.join(parent, 'demo');
    const files = (root: string) => treeSnapshot(root).filter((line) => !line.includes('.git'));
    expect(files(dir)).toEqual(files(created));
    for (const line of files(created)) {
      const [kind, p] = line.split(' ') as [string, string];
      if (kind === 'f') expect(readFileSync(path.join(dir, p)).equals(readFileSync(path.join(created, p))), p).toBe(true);
    }

    commitAll(dir, 'website');
    const again = binSync(dir, 'add', 'deliverable', 'website');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already delivers website/);
    // An upgrade plans from the recorded deliverables: the website and its API page stay.
    const upgrade = binSync(dir, 'upgrade', '--lang', 'fr');
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'website/api.qmd'))).toBe(true);
    expect(readFileSync(path.join(dir, 'website/api.qmd'), 'utf8')).toContain('Essayer l’API');
    commitAll(dir, 'fr');
    // Production: the same files, byte for byte, as generating both deliverables at production.
    const production = binSync(dir, 'upgrade', '--phase', 'production');
    expect(production.code, production.stderr).toBe(0);
    // The description was recorded in English at creation: the French project keeps it.
    const { description } = JSON.parse(readFileSync(path.join(dir, RECORD_PATH), 'utf8')).answers as { description: string };
    /** The upgraded project holds the same files, byte for byte, as one created at `phase`. */
    const expectSameAsCreatedAt = (phase: string) => {
      const parent = tmpDir(`livrable-multi-${phase}-`);
      const made = binSync(parent, 'demo', '--deliverable', 'api,website', '--phase', phase,
        '--lang', 'fr', '--author', author, '--description', description, '--yes', '--no-git', '--no-install');
      expect(made.code, made.stderr).toBe(0);
      const created = path.join(parent, 'demo');
      expect(files(dir)).toEqual(files(created));
      for (const line of files(created)) {
        const [kind, p] = line.split(' ') as [string, string];
        if (kind === 'f') expect(readFileSync(path.join(dir, p)).equals(readFileSync(path.join(created, p))), p).toBe(true);
      }
    };
    expectSameAsCreatedAt('production');
    expect(existsSync(path.join(dir, '.github/workflows/publish.yml'))).toBe(true);
    expect(existsSync(path.join(dir, '.github/workflows/image.yml'))).toBe(true);
    commitAll(dir, 'production');
    // Maintenance: the same files, byte for byte, as generating both deliverables at maintenance.
    const maintenance = binSync(dir, 'upgrade', '--phase', 'maintenance');
    expect(maintenance.code, maintenance.stderr).toBe(0);
    expectSameAsCreatedAt('maintenance');
    for (const p of ['deploy/argo-cron/cron-export.yaml', 'deploy/kubernetes/servicemonitor.yaml', '.github/workflows/scheduled-publish.yml']) {
      expect(existsSync(path.join(dir, p)), p).toBe(true);
    }
  });

  it('add deliverable website in a production API project writes what --deliverable api,website --phase production writes', () => {
    const dir = generatedDemo('api', 'production', 'livrable-multi-add-production-');
    const added = binSync(dir, 'add', 'deliverable', 'website');
    expect(added.code, added.stderr).toBe(0);
    const { author, description } = JSON.parse(readFileSync(path.join(dir, RECORD_PATH), 'utf8')).answers as Record<string, string>;
    const parent = tmpDir('livrable-multi-create-production-');
    const made = binSync(parent, 'demo', '--deliverable', 'api,website', '--phase', 'production', '--author', author as string,
      '--description', description as string, '--yes', '--no-git', '--no-install');
    expect(made.code, made.stderr).toBe(0);
    const files = (root: string) => treeSnapshot(root).filter((line) => !line.includes('.git'));
    expect(files(dir)).toEqual(files(path.join(parent, 'demo')));
  });

  it('add deliverable website in a maintenance API project writes what --deliverable api,website --phase maintenance writes', () => {
    const dir = generatedDemo('api', 'maintenance', 'livrable-multi-add-maintenance-');
    // The API's docs/ cards give way to the website's pages; an edited one is kept, not removed.
    writeFileSync(path.join(dir, 'docs/data-card.md'), `${readFileSync(path.join(dir, 'docs/data-card.md'), 'utf8')}\nOur notes.\n`);
    commitAll(dir, 'notes');
    const dry = binSync(dir, 'add', 'deliverable', 'website', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const actions = (JSON.parse(dry.stdout) as { actions: { path: string; action: string }[] }).actions;
    expect(actions.filter((a) => a.path.startsWith('docs/')).map((a) => `${a.action} ${a.path}`)).toEqual(['keep docs/data-card.md', 'remove docs/model-card.md']);
    const added = binSync(dir, 'add', 'deliverable', 'website');
    expect(added.code, added.stderr).toBe(0);
    const { author, description } = JSON.parse(readFileSync(path.join(dir, RECORD_PATH), 'utf8')).answers as Record<string, string>;
    const parent = tmpDir('livrable-multi-create-maintenance-');
    const made = binSync(parent, 'demo', '--deliverable', 'api,website', '--phase', 'maintenance', '--author', author as string,
      '--description', description as string, '--yes', '--no-git', '--no-install');
    expect(made.code, made.stderr).toBe(0);
    const created = path.join(parent, 'demo');
    const files = (root: string) => treeSnapshot(root).filter((line) => !line.includes('.git'));
    const inDocs = (line: string) => /^[a-z] docs(\/|$)/.test(line);
    expect(files(dir).filter((line) => !inDocs(line))).toEqual(files(created));
    expect(files(dir).filter(inDocs).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['d docs', 'f docs/data-card.md']);
    expect(readFileSync(path.join(dir, 'docs/data-card.md'), 'utf8')).toContain('Our notes.');
    for (const line of files(created)) {
      const [kind, p] = line.split(' ') as [string, string];
      if (kind === 'f') expect(readFileSync(path.join(dir, p)).equals(readFileSync(path.join(created, p))), p).toBe(true);
    }
  });

  for (const lang of ['en', 'fr']) {
    /** Every file of `dir` is the one creating `--deliverable api,app --phase production` writes, byte for byte. */
    const expectSameAsCreated = (dir: string, prefix: string) => {
      const { author, description } = JSON.parse(readFileSync(path.join(dir, RECORD_PATH), 'utf8')).answers as Record<string, string>;
      const parent = tmpDir(prefix);
      const made = binSync(parent, 'demo', '--deliverable', 'api,app', '--phase', 'production', '--lang', lang,
        '--author', author as string, '--description', description as string, '--yes', '--no-git', '--no-install');
      expect(made.code, made.stderr).toBe(0);
      const files = (root: string) => treeSnapshot(root).filter((line) => !line.includes('.git'));
      expect(files(dir)).toEqual(files(path.join(parent, 'demo')));
    };

    it(`(${lang}) add deliverable app in a production API project writes what --deliverable api,app --phase production writes`, () => {
      const parent = tmpDir('livrable-multi-add-app-');
      const made = binSync(parent, 'demo', '--deliverable', 'api', '--phase', 'production', '--lang', lang, '--no-install', '--yes');
      expect(made.code, made.stderr).toBe(0);
      const dir = path.join(parent, 'demo');
      const added = binSync(dir, 'add', 'deliverable', 'app');
      expect(added.code, added.stderr).toBe(0);
      expect(existsSync(path.join(dir, 'deploy/kubernetes/app-deployment.yaml'))).toBe(true);
      expectSameAsCreated(dir, 'livrable-multi-create-app-');
    });

    it(`(${lang}) upgrade --phase production of an api,app project writes what --deliverable api,app --phase production writes`, () => {
      const parent = tmpDir('livrable-multi-upgrade-app-');
      const made = binSync(parent, 'demo', '--deliverable', 'api,app', '--lang', lang, '--no-install', '--yes');
      expect(made.code, made.stderr).toBe(0);
      const dir = path.join(parent, 'demo');
      const upgraded = binSync(dir, 'upgrade', '--phase', 'production');
      expect(upgraded.code, upgraded.stderr).toBe(0);
      expectSameAsCreated(dir, 'livrable-multi-create-upgraded-app-');
      commitAll(dir, 'production');
      // Maintenance is not made for api + app yet: refused in one line, nothing written.
      const before = treeSnapshot(dir);
      const refused = binSync(dir, 'upgrade', '--phase', 'maintenance');
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(treeSnapshot(dir)).toEqual(before);
    });
  }

  it.each(['production', 'maintenance'])('on GitLab, add deliverable website in an API project at %s writes what creating api,website there writes', (phase) => {
    const parent = tmpDir('livrable-multi-gitlab-');
    const made = binSync(parent, 'demo', '--deliverable', 'api', '--phase', phase, '--ci', 'gitlab', '--yes', '--no-install');
    expect(made.code, made.stderr).toBe(0);
    const dir = path.join(parent, 'demo');
    const added = binSync(dir, 'add', 'deliverable', 'website');
    expect(added.code, added.stderr).toBe(0);
    const { author, description } = JSON.parse(readFileSync(path.join(dir, RECORD_PATH), 'utf8')).answers as Record<string, string>;
    const other = tmpDir('livrable-multi-gitlab-create-');
    const created = binSync(other, 'demo', '--deliverable', 'api,website', '--phase', phase, '--ci', 'gitlab', '--author', author as string,
      '--description', description as string, '--yes', '--no-git', '--no-install');
    expect(created.code, created.stderr).toBe(0);
    // Not .git (the one project has a repository), but .gitlab-ci.yml and .gitlab/ are compared.
    const files = (root: string) => treeSnapshot(root).filter((line) => !/^\S+ \.git(\/|$| )/.test(line));
    expect(files(dir)).toEqual(files(path.join(other, 'demo')));
    expect(existsSync(path.join(dir, '.github'))).toBe(false);
  });

  it('a file of the new deliverable already on disk, and a crafted extraDeliverables, are refused', () => {
    const dir = generatedDemo('api', 'development', 'livrable-multi-hostile-');
    writeFileSync(path.join(dir, 'website-notes.txt'), 'x\n');
    const dirty = binSync(dir, 'add', 'deliverable', 'website');
    expect(dirty.code).toBe(2);
    expect(dirty.stderr).toMatch(/uncommitted changes/);
    mkdirSync(path.join(dir, 'website'));
    writeFileSync(path.join(dir, 'website/index.qmd'), 'mine\n');
    commitAll(dir, 'mine');
    const before = treeSnapshot(dir);
    const inTheWay = binSync(dir, 'add', 'deliverable', 'website');
    expect(inTheWay.code).toBe(2);
    expect(inTheWay.stderr).toMatch(/website\/index\.qmd already exists/);
    expect(treeSnapshot(dir)).toEqual(before);
    const recordPath = path.join(dir, RECORD_PATH);
    const record = JSON.parse(readFileSync(recordPath, 'utf8'));
    for (const crafted of [['api'], ['website', 'website'], ['../x'], 'website', []]) {
      record.answers.extraDeliverables = crafted;
      writeFileSync(recordPath, JSON.stringify(record));
      const run = binSync(dir, 'upgrade', '--ci', 'gitlab', '--force', '--dry-run');
      expect(run.code, JSON.stringify(crafted)).toBe(2);
      expect(run.stderr).toMatch(/recorded extraDeliverables .* is not valid/);
    }
  });

  it('in a terminal, a missing deliverable is asked among those it would accept', async () => {
    const dir = generatedDemo('api', 'development', 'livrable-multi-ask-');
    const stdin = new FakeTerminalInput();
    const stdout = new TerminalOutput();
    const stderr = new TerminalOutput();
    const exit = main(['add', 'deliverable'], { store, version: PACKAGE_VERSION, cwd: dir, env: { ...GIT_ENV, CI: '' }, stdin, stdout, stderr });
    for (let i = 0; i < 500 && !stripAnsi(stdout.text).includes('Which deliverable'); i += 1) await new Promise((r) => setTimeout(r, 10));
    const asked = stripAnsi(stdout.text);
    expect(asked).toContain('Which deliverable should the project have too?');
    // Not what it has (api): app, report and website, in the table's order.
    expect(asked).toMatch(/app[\s\S]*report[\s\S]*website/);
    expect(asked.split('Which deliverable')[1]).not.toMatch(/\bapi\b/);
    await new Promise((r) => setTimeout(r, 20));
    for (const key of ['\x1b[B', '\x1b[B', '\r']) {
      stdin.write(key);
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(await exit, stderr.text).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, RECORD_PATH), 'utf8')).answers.extraDeliverables).toEqual(['website']);
  });
});
