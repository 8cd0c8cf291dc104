import { fail, pass, some, type Check } from './check.js';
import { say } from './messages.js';
import type { Repo } from './repo.js';
import { ciMatching, docsOfKind, invalidYamlNote, isTestPath, pythonFiles } from './scan.js';

/** Where GitHub and GitLab look for community files. */
function communityFile(repo: Repo, names: readonly string[]): string | undefined {
  return repo.findFile(names.flatMap((n) => [n, `.github/${n}`, `docs/${n}`, `.gitlab/${n}`]));
}

function communityCheck(id: string, title: string, names: readonly string[], fix: string): Check {
  return {
    id,
    phase: 'maintenance',
    title,
    check: ({ repo }) => {
      const found = communityFile(repo, names);
      return found ? pass(found) : fail(say('found_noFile', { name: names[0] ?? '' }));
    },
    fix,
  };
}

/**
 * A `schedule:` key with a `cron:` after it, or GitLab's schedule rule. Two linear searches: one
 * regular expression spanning both would rescan the rest of the file from every `schedule:`.
 */
function scheduled(text: string): boolean {
  const at = text.search(/^[ \t]*schedule[ \t]*:/m);
  return (at !== -1 && /\bcron[ \t]*:/.test(text.slice(at))) || /CI_PIPELINE_SOURCE[ \t]*==[ \t]*["']schedule/.test(text);
}
const DRIFT_CODE = /\b(ks_2samp|chi2_contingency|population_stability|evidently|nannyml|alibi_detect|whylogs)\b/;
const METRICS_CODE = /["']\/metrics["']|\bprometheus_client\b|prometheus[_-]fastapi[_-]instrumentator|starlette_exporter/;

export const MAINTENANCE_CHECKS: readonly Check[] = [
  {
    id: 'maintenance.dependency-updates',
    phase: 'maintenance',
    title: 'Dependency updates (Dependabot or Renovate)',
    check: ({ repo }) => {
      const found = repo.findFile([
        '.github/dependabot.yml',
        '.github/dependabot.yaml',
        'renovate.json',
        'renovate.json5',
        '.github/renovate.json',
        '.github/renovate.json5',
        '.gitlab/renovate.json',
        '.renovaterc',
        '.renovaterc.json',
      ]);
      return found ? pass(found) : fail(say('found_noDependabot'));
    },
    fix: 'Add .github/dependabot.yml for the uv, github-actions and docker ecosystems (grouped, with a cooldown), or a renovate.json.',
  },
  {
    id: 'maintenance.scheduled-checks',
    phase: 'maintenance',
    title: 'Scheduled CI run',
    check: ({ repo }) => {
      const hits = ciMatching(repo, scheduled);
      return hits.length > 0 ? pass(some(hits.map((f) => f.path))) : fail(say('found_noSchedule'));
    },
    fix: 'Add `schedule: - cron: …` to a workflow so the checks re-run weekly and outside breakage shows up first.',
  },
  {
    id: 'maintenance.scheduled-pipeline',
    phase: 'maintenance',
    title: 'Scheduled retraining or refresh (CronWorkflow)',
    check: ({ repo }) => {
      const docs = [
        ...docsOfKind(repo, ['CronWorkflow'], /^argoproj\.io\//),
        ...docsOfKind(repo, ['CronJob'], /^batch\//),
      ];
      if (docs.length > 0) return pass(some(docs.map((d) => `${d.path} (${d.kind})`)));
      const dags = pythonFiles(repo).filter(
        (f) => /^[ \t]*(?:from|import)[ \t]+airflow\b/m.test(f.text) && /\bschedule(_interval)?\s*=/.test(f.text),
      );
      return dags.length > 0 ? pass(some(dags.map((f) => f.path))) : fail(say('found_noCron', { note: invalidYamlNote(repo) }));
    },
    fix: 'Add an Argo CronWorkflow that re-runs the pipeline on a schedule (retraining, data refresh, re-render).',
  },
  {
    id: 'maintenance.drift-check',
    phase: 'maintenance',
    title: 'Monitoring: data drift check',
    check: ({ repo }) => {
      const named = repo
        .files()
        .filter((f) => /drift/i.test(f.path.split('/').at(-1) ?? '') && /\.(py|ya?ml|qmd)$/.test(f.path) && !isTestPath(f.path));
      const code = pythonFiles(repo).filter((f) => !isTestPath(f.path) && DRIFT_CODE.test(f.text));
      const found = [...new Set([...named, ...code].map((f) => f.path))];
      return found.length > 0 ? pass(some(found)) : fail(say('found_noDrift'));
    },
    fix: 'Add a drift check comparing recent inputs with the training reference (Kolmogorov–Smirnov, χ², PSI) that exits non-zero above a threshold, and schedule it.',
  },
  {
    id: 'maintenance.metrics',
    phase: 'maintenance',
    title: 'Monitoring: /metrics endpoint (Prometheus)',
    deliverables: ['api'],
    check: ({ repo }) => {
      const code = pythonFiles(repo).filter((f) => !isTestPath(f.path) && METRICS_CODE.test(f.text));
      return code.length > 0 ? pass(some(code.map((f) => f.path))) : fail(say('found_noMetrics'));
    },
    fix: 'Expose Prometheus metrics (request count, latency, errors) on /metrics, for example with prometheus_client.',
  },
  communityCheck('maintenance.security-policy', 'SECURITY.md', ['SECURITY.md', 'SECURITY.rst', 'SECURITY'], 'Add SECURITY.md: supported versions and how to report a vulnerability privately.'),
  communityCheck('maintenance.contributing', 'CONTRIBUTING.md', ['CONTRIBUTING.md', 'CONTRIBUTING.rst', 'CONTRIBUTING'], 'Add CONTRIBUTING.md: branches, pull requests, review against the checklist, how to run the checks.'),
  communityCheck('maintenance.changelog', 'CHANGELOG.md', ['CHANGELOG.md', 'CHANGELOG.rst', 'CHANGELOG', 'CHANGES.md', 'HISTORY.md', 'NEWS.md'], 'Add CHANGELOG.md (Keep a Changelog) and update it with every release.'),
  communityCheck('maintenance.codeowners', 'CODEOWNERS', ['CODEOWNERS'], 'Add .github/CODEOWNERS so every pull request gets a reviewer.'),
  {
    id: 'maintenance.pr-template',
    phase: 'maintenance',
    title: 'Pull-request template',
    check: ({ repo }) => {
      const file = communityFile(repo, ['pull_request_template.md', 'PULL_REQUEST_TEMPLATE.md']);
      const folder = ['.github/PULL_REQUEST_TEMPLATE', '.gitlab/merge_request_templates']
        .map((dir) => ({ dir, files: repo.list(dir).filter((n) => n.endsWith('.md')) }))
        .find((d) => d.files.length > 0);
      const found = file ?? (folder && `${folder.dir}/${folder.files[0]}`);
      return found ? pass(found) : fail(say('found_noPrTemplate'));
    },
    fix: 'Add .github/pull_request_template.md carrying the phase checklist.',
  },
];
