import type { Answers } from '../core/answers.js';
import type { Requirement } from './versions.js';

/**
 * The declarative manifest: which template layers a project is made of, and what each
 * contributes to the files several layers share (pyproject.toml, .gitignore, README).
 * Order matters: later layers come later in README sections and dependency lists.
 */
export interface Layer {
  id: string;
  /** Folder under templates/. */
  dir: string;
  when: (answers: Answers) => boolean;
  dependencies?: Requirement[];
  /** PEP 735 dependency groups, merged across layers. */
  groups?: Record<string, Requirement[]>;
  /** Optional dependencies (extras), merged across layers. */
  extras?: Record<string, Requirement[]>;
  gitignore?: string[];
  /** Paths this layer may take over from an earlier layer; any other collision is an error. */
  overrides?: string[];
}

const isQuarto = (a: Answers) => a.deliverable === 'report' || a.deliverable === 'website';
/** Phases are cumulative: maintenance includes everything production adds. */
const atLeastProduction = (a: Answers) => a.phase === 'production' || a.phase === 'maintenance';

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
    when: (a) => a.deliverable === 'api',
    dependencies: ['fastapi', 'uvicorn[standard]'],
    // TestClient: recent Starlette uses httpx2 (warns if it falls back to httpx); older needs httpx.
    groups: { dev: ['httpx', 'httpx2'] },
  },
  {
    id: 'app',
    dir: 'deliverable/app',
    when: (a) => a.deliverable === 'app',
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
    when: (a) => a.deliverable === 'report',
    // `quarto render report.qmd -P name:value` runs the parameters through papermill.
    groups: { quarto: ['papermill'] },
    gitignore: ['report/*.html', 'report/*.pdf'],
  },
  {
    id: 'website',
    dir: 'deliverable/website',
    when: (a) => a.deliverable === 'website',
    gitignore: ['website/_site/'],
  },
  {
    id: 'production',
    dir: 'phase/production/base',
    when: atLeastProduction,
    // The MLflow client only: the tracking server is a separate service.
    extras: { mlflow: ['mlflow-skinny'] },
    // tests/test_deploy.py parses the Kubernetes and Argo manifests.
    groups: { dev: ['pyyaml'] },
  },
  {
    id: 'production-api',
    dir: 'phase/production/api',
    when: (a) => atLeastProduction(a) && a.deliverable === 'api',
  },
  {
    id: 'production-app',
    dir: 'phase/production/app',
    when: (a) => atLeastProduction(a) && a.deliverable === 'app',
  },
  {
    id: 'production-quarto',
    dir: 'phase/production/quarto',
    when: (a) => atLeastProduction(a) && isQuarto(a),
  },
  {
    id: 'maintenance',
    dir: 'phase/maintenance/base',
    when: (a) => a.phase === 'maintenance',
    // drift.py: Kolmogorov-Smirnov and chi-squared tests.
    dependencies: ['scipy'],
  },
  {
    id: 'maintenance-api',
    dir: 'phase/maintenance/api',
    when: (a) => a.phase === 'maintenance' && a.deliverable === 'api',
    // monitoring_api.py: /metrics.
    dependencies: ['prometheus-client'],
  },
  {
    // docs/model-card.md and docs/data-card.md; the website has its own, as Quarto pages.
    id: 'maintenance-cards',
    dir: 'phase/maintenance/cards',
    when: (a) => a.phase === 'maintenance' && a.deliverable !== 'website',
  },
  {
    id: 'maintenance-ci-github',
    dir: 'phase/maintenance/ci-github',
    when: (a) => a.phase === 'maintenance' && a.ci === 'github',
  },
  {
    id: 'maintenance-ci-github-quarto',
    dir: 'phase/maintenance/ci-github-quarto',
    when: (a) => a.phase === 'maintenance' && a.ci === 'github' && isQuarto(a),
  },
  {
    id: 'ci-github',
    dir: 'ci/github',
    when: (a) => a.ci === 'github',
  },
  {
    id: 'ci-github-quarto',
    dir: 'ci/github-quarto',
    when: (a) => a.ci === 'github' && isQuarto(a),
  },
  {
    id: 'production-ci-github',
    dir: 'phase/production/ci-github',
    when: (a) => atLeastProduction(a) && a.ci === 'github',
  },
  {
    id: 'production-ci-github-quarto',
    dir: 'phase/production/ci-github-quarto',
    when: (a) => atLeastProduction(a) && a.ci === 'github' && isQuarto(a),
  },
];

export function selectLayers(answers: Answers, layers: readonly Layer[] = LAYERS): Layer[] {
  return layers.filter((layer) => layer.when(answers));
}
