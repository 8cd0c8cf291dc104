import type { Answers } from '../core/answers.js';
import { delivers } from '../core/deliverables.js';
import { phaseAtLeast, type Phase } from '../core/domain.js';
import type { Requirement } from './versions.js';

/**
 * The declarative manifest: which template layers a project is made of, and what each
 * contributes to the files several layers share (pyproject.toml, .gitignore, README).
 * Order matters: later layers come later in shared files (README sections, .gitignore lines), and
 * the order follows the lifecycle: a layer of a later phase never comes before one of an earlier
 * phase (test/engine.test.ts holds the manifest to that), so a README reads development, then
 * production, then maintenance.
 */
export interface Layer {
  id: string;
  /** Folder under templates/. */
  dir: string;
  /** The phase that brings this layer in (default development): it applies from then on. */
  phase?: Phase;
  /** Whether it applies, once its phase is reached (deliverable, CI…). */
  when: (answers: Answers) => boolean;
  dependencies?: Requirement[];
  /** PEP 735 dependency groups, merged across layers. */
  groups?: Record<string, Requirement[]>;
  /** Optional dependencies (extras), merged across layers. */
  extras?: Record<string, Requirement[]>;
  gitignore?: string[];
  /** Paths this layer may take over from an earlier layer; any other collision is an error. */
  overrides?: string[];
  /**
   * Output paths this layer writes under another name, or not at all (null), for these answers:
   * when another deliverable's layer writes the same path, both keep their file without either
   * overriding the other. Empty (or absent) for a project with one deliverable, whose files keep
   * their names.
   */
  renames?: (answers: Answers) => Readonly<Record<string, string | null>>;
}

/**
 * The app's Kubernetes objects beside the API's: the same files with an `app-` prefix (the API's
 * keep their names), the API's kustomization listing both and its ArgoCD Application syncing both.
 */
const APP_BESIDE_API: Readonly<Record<string, string | null>> = {
  'deploy/kubernetes/configmap.yaml': 'deploy/kubernetes/app-configmap.yaml',
  'deploy/kubernetes/deployment.yaml': 'deploy/kubernetes/app-deployment.yaml',
  'deploy/kubernetes/service.yaml': 'deploy/kubernetes/app-service.yaml',
  'deploy/kubernetes/ingress.yaml': 'deploy/kubernetes/app-ingress.yaml',
  'deploy/kubernetes/kustomization.yaml': null,
  'deploy/argocd/application.yaml': null,
};

const isQuarto = (a: Answers) => delivers(a, 'report') || delivers(a, 'website');
const onGithub = (a: Answers) => a.ci === 'github';
const onGitlab = (a: Answers) => a.ci === 'gitlab';

export const LAYERS: readonly Layer[] = [
  {
    id: 'base',
    dir: 'base',
    when: () => true,
    dependencies: ['duckdb', 'numpy', 'pandas', 'pydantic', 'pydantic-settings', 'scikit-learn', 'skops'],
    groups: { dev: ['pytest', 'pytest-cov', 'ruff'] },
  },
  {
    id: 'license',
    dir: 'license',
    when: (a) => a.license !== 'none',
  },
  {
    id: 'api',
    dir: 'deliverable/api',
    when: (a) => delivers(a, 'api'),
    dependencies: ['fastapi', 'uvicorn[standard]'],
    // TestClient: recent Starlette uses httpx2 (warns if it falls back to httpx); older needs httpx.
    groups: { dev: ['httpx', 'httpx2'] },
  },
  {
    id: 'app',
    dir: 'deliverable/app',
    when: (a) => delivers(a, 'app'),
    dependencies: ['streamlit'],
  },
  {
    id: 'quarto',
    dir: 'deliverable/quarto',
    when: isQuarto,
    dependencies: ['matplotlib', 'tabulate'],
    groups: { quarto: ['jupyter'] },
    gitignore: ['/.quarto/', '_freeze/', '*_files/', '*.quarto_ipynb'],
  },
  {
    id: 'report',
    dir: 'deliverable/report',
    when: (a) => delivers(a, 'report'),
    // `quarto render report.qmd -P name:value` runs the parameters through papermill.
    groups: { quarto: ['papermill'] },
    gitignore: ['report/*.html', 'report/*.pdf'],
  },
  {
    id: 'website',
    dir: 'deliverable/website',
    when: (a) => delivers(a, 'website'),
    gitignore: ['website/_site/'],
  },
  {
    // With an API beside it, the website has a page that calls the API from the browser.
    id: 'website-api',
    dir: 'deliverable/website-api',
    when: (a) => delivers(a, 'website') && delivers(a, 'api'),
  },
  {
    id: 'ci-github',
    dir: 'ci/github',
    when: onGithub,
  },
  {
    id: 'ci-github-quarto',
    dir: 'ci/github-quarto',
    when: (a) => onGithub(a) && isQuarto(a),
  },
  {
    id: 'ci-gitlab',
    dir: 'ci/gitlab',
    when: onGitlab,
    // The jobs' reports and uv's cache folder, when the job commands run locally.
    gitignore: ['junit.xml', 'gl-code-quality-report.json', '/.cache/'],
  },
  {
    id: 'ci-gitlab-quarto',
    dir: 'ci/gitlab-quarto',
    when: (a) => onGitlab(a) && isQuarto(a),
  },
  {
    id: 'production',
    dir: 'phase/production/base',
    phase: 'production',
    when: () => true,
    // The MLflow client only: the tracking server is a separate service.
    extras: { mlflow: ['mlflow-skinny'] },
    // tests/test_deploy.py parses the Kubernetes and Argo manifests.
    groups: { dev: ['pyyaml'] },
  },
  {
    id: 'production-api',
    dir: 'phase/production/api',
    phase: 'production',
    when: (a) => delivers(a, 'api'),
  },
  {
    id: 'production-app',
    dir: 'phase/production/app',
    phase: 'production',
    when: (a) => delivers(a, 'app'),
    renames: (a) => (delivers(a, 'api') ? APP_BESIDE_API : {}),
  },
  {
    id: 'production-quarto',
    dir: 'phase/production/quarto',
    phase: 'production',
    when: isQuarto,
  },
  {
    id: 'production-ci-github',
    dir: 'phase/production/ci-github',
    phase: 'production',
    when: onGithub,
  },
  {
    id: 'production-ci-github-quarto',
    dir: 'phase/production/ci-github-quarto',
    phase: 'production',
    when: (a) => onGithub(a) && isQuarto(a),
  },
  {
    id: 'production-ci-gitlab',
    dir: 'phase/production/ci-gitlab',
    phase: 'production',
    when: onGitlab,
  },
  {
    id: 'production-ci-gitlab-quarto',
    dir: 'phase/production/ci-gitlab-quarto',
    phase: 'production',
    when: (a) => onGitlab(a) && isQuarto(a),
  },
  {
    id: 'maintenance',
    dir: 'phase/maintenance/base',
    phase: 'maintenance',
    when: () => true,
    // drift.py: Kolmogorov-Smirnov and chi-squared tests.
    dependencies: ['scipy'],
  },
  {
    id: 'maintenance-api',
    dir: 'phase/maintenance/api',
    phase: 'maintenance',
    when: (a) => delivers(a, 'api'),
    // monitoring_api.py: /metrics.
    dependencies: ['prometheus-client'],
  },
  {
    // The prediction logs exported to Parquet on S3, read back by the drift check, and the
    // monitoring dashboard over them: only the API and the app predict.
    id: 'maintenance-monitoring',
    dir: 'phase/maintenance/monitoring',
    phase: 'maintenance',
    when: (a) => delivers(a, 'api') || delivers(a, 'app'),
    // The export runs in the image (CronWorkflow), so pyarrow is a runtime dependency.
    dependencies: ['pyarrow'],
    groups: {
      // The tests run the export against a real S3 server on loopback, and draw the figures.
      dev: ['moto[server]', 'matplotlib'],
      // quarto render monitoring/dashboard.qmd runs its cells in a Jupyter kernel.
      dashboard: ['jupyter', 'matplotlib'],
    },
    gitignore: ['monitoring/*.html', 'monitoring/*_files/', '/.quarto/'],
  },
  {
    // docs/model-card.md and docs/data-card.md; the website has its own, as Quarto pages.
    id: 'maintenance-cards',
    dir: 'phase/maintenance/cards',
    phase: 'maintenance',
    when: (a) => !delivers(a, 'website'),
  },
  {
    id: 'maintenance-ci-github',
    dir: 'phase/maintenance/ci-github',
    phase: 'maintenance',
    when: onGithub,
  },
  {
    id: 'maintenance-ci-github-quarto',
    dir: 'phase/maintenance/ci-github-quarto',
    phase: 'maintenance',
    when: (a) => onGithub(a) && isQuarto(a),
  },
  {
    id: 'maintenance-ci-gitlab',
    dir: 'phase/maintenance/ci-gitlab',
    phase: 'maintenance',
    when: onGitlab,
  },
];

export function selectLayers(answers: Answers, layers: readonly Layer[] = LAYERS): Layer[] {
  return layers.filter((layer) => phaseAtLeast(answers.phase, layer.phase ?? 'development') && layer.when(answers));
}
