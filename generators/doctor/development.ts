import { fail, pass, skip, some, warn, type Check } from './check.js';
import { say } from './messages.js';
import {
  codeLines,
  conflictMarkersOutcome,
  dependenciesOutcome,
  gitignoreCovers,
  lintOutcome,
  lockfileOutcome,
  MAX_PY_LINES,
  noDataOutcome,
  noPrintOutcome,
  noSecretsOutcome,
} from './development-outcomes.js';
import { recoveryAdvice } from '../engine/apply.js';
import { addedFilesCheck } from './added.js';
import { stagingFolders } from './repo.js';
import { ciFiles, ciMatching, packages, pythonFiles } from './scan.js';

/** A sentence's first letter in capitals (the recovery advice is written to follow a colon). */
function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

export const DEVELOPMENT_CHECKS: readonly Check[] = [
  {
    id: 'development.git',
    phase: 'development',
    title: 'Git repository',
    check: ({ repo }) =>
      repo.gitRoot
        ? pass(repo.gitRoot === repo.root ? say('found_gitFound') : say('found_insideGit', { root: repo.gitRoot }))
        : fail(say('found_notGit')),
    fix: 'Run `git init`, then commit: `git add --all && git commit -m "Initial commit"`.',
  },
  {
    id: 'development.gitignore',
    phase: 'development',
    title: '.gitignore present',
    check: ({ repo }) => {
      if (!repo.gitignore) {
        const link = repo.outsideLink('.gitignore');
        return fail(link ? say('found_gitignoreLink', { link: repo.refusedLinks.get(link) ?? '' }) : say('found_noGitignore'));
      }
      const problems = repo.ignoreProblems();
      if (problems.length > 0) {
        return warn(
          say(problems.length === 1 ? 'found_gitignoreLineOne' : 'found_gitignoreLineMany', { rules: repo.gitignore.rules, count: problems.length, lines: some(problems, 3) }),
          say('found_gitignoreLinesFix'),
        );
      }
      return pass(say('found_rules', { rules: repo.gitignore.rules }));
    },
    fix: 'Add a .gitignore (start from GitHub\'s Python one) that excludes data, outputs, models and .env.',
  },
  {
    id: 'development.gitignore-data',
    phase: 'development',
    title: '.gitignore covers data',
    check: (ctx) => gitignoreCovers(ctx, ['data/raw.csv', 'data/sample.parquet'], 'found_dataNotIgnored', 'found_dataSuggestion'),
    fix: 'Add `/data/` (and `*.parquet`) to .gitignore; keep data on object storage (S3/MinIO).',
  },
  {
    id: 'development.gitignore-models',
    phase: 'development',
    title: '.gitignore covers outputs and models',
    check: (ctx) =>
      gitignoreCovers(
        ctx,
        ['models/model.skops', 'outputs/model.skops', 'model.skops', 'model.pkl', 'model.joblib'],
        'found_modelsNotIgnored',
        'found_modelsSuggestion',
      ),
    fix: 'Add `/models/`, `/outputs/`, `*.skops`, `*.pkl` and `*.joblib` to .gitignore.',
  },
  {
    id: 'development.gitignore-secrets',
    phase: 'development',
    title: '.gitignore covers secrets (.env)',
    check: (ctx) => gitignoreCovers(ctx, ['.env'], 'found_envNotIgnored', 'found_envSuggestion'),
    fix: 'Add `.env` and `.env.*` with `!.env.example` to .gitignore.',
  },
  {
    id: 'development.readme',
    phase: 'development',
    title: 'README explains the project',
    check: ({ repo }) => {
      const readme = repo.findFile(['README.md', 'README.rst', 'README.txt', 'README']);
      if (!readme) return fail(say('found_noReadme'));
      const words = (repo.readText(readme) ?? '').split(/\s+/).filter((w) => /\w/.test(w)).length;
      return words >= 50 ? pass(say('found_readmeWords', { readme, words })) : fail(say('found_readmeShort', { readme, words }));
    },
    fix: 'Write a README.md (50 words at least): the context, how to install and run, how to contribute.',
  },
  {
    id: 'development.license',
    phase: 'development',
    title: 'LICENSE',
    check: ({ repo }) => {
      const license = repo.list('').find((n) => /^(licen[cs]e|copying)(\.\w+)?$/i.test(n) && repo.isFile(n));
      return license ? pass(license) : fail(say('found_noLicense'));
    },
    fix: 'Add a LICENSE file (MIT, Apache-2.0, BSD-3-Clause, …) and name it in pyproject.toml.',
  },
  {
    id: 'development.dependencies',
    phase: 'development',
    title: 'Dependencies declared in pyproject.toml',
    check: ({ repo }) => dependenciesOutcome(repo),
    fix: 'Declare the dependencies in pyproject.toml: `uv init`, then `uv add <package>` (or `uv add -r requirements.txt`).',
  },
  {
    id: 'development.lockfile',
    phase: 'development',
    title: 'Dependencies locked',
    check: ({ repo }) => lockfileOutcome(repo),
    fix: 'Run `uv lock` and commit uv.lock (or pin every line of requirements.txt with ==).',
  },
  {
    id: 'development.lint',
    phase: 'development',
    title: 'Linter and formatter configured',
    check: ({ repo }) => lintOutcome(repo),
    fix: 'Configure ruff: a [tool.ruff] table in pyproject.toml, `uv add --dev ruff`, then `ruff check` and `ruff format`.',
  },
  {
    id: 'development.tests',
    phase: 'development',
    title: 'Tests present',
    check: ({ repo }) => {
      const tests = repo
        .files()
        .map((f) => f.path)
        .filter((p) => /(^|\/)tests?\//.test(p) && /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(p));
      return tests.length > 0 ? pass(say('found_testFiles', { count: tests.length })) : fail(say('found_noTests'));
    },
    fix: 'Add tests under tests/ (tests/test_<module>.py) and run them with `uv run pytest`.',
  },
  {
    id: 'development.ci',
    phase: 'development',
    title: 'Continuous integration',
    check: ({ repo }) => {
      const files = ciFiles(repo);
      const broken = files.filter((f) => f.yamlError !== undefined);
      if (broken.length > 0) {
        return {
          status: 'fail',
          detail: say('found_ciNotYaml', { files: some(broken.map((f) => `${f.path} (${f.yamlError})`)) }),
          fix: say('found_ciNotYamlFix'),
        };
      }
      if (files.length > 0) return pass(some(files.map((f) => f.path)));
      const link = repo.outsideLink('.github/workflows');
      const why = link ? say('found_linkNotRead', { link, what: repo.refusedLinks.get(link) ?? '' }) : '';
      return fail(say('found_noCi', { why }));
    },
    fix: 'Add a CI workflow (.github/workflows/ci.yml) that runs lint, format check and tests on every push.',
  },
  {
    id: 'development.ci-tests',
    phase: 'development',
    title: 'Tests run in CI',
    check: ({ repo }) => {
      if (ciFiles(repo).length === 0) return skip(say('found_noCiShort'));
      const hits = ciMatching(repo, /\bpytest\b|\b(tox|nox)\b|make\s+test|\bunittest\b/);
      return hits.length > 0 ? pass(some(hits.map((f) => f.path))) : fail(say('found_noPytestJob'));
    },
    fix: 'Add a CI step that runs the tests: `uv run pytest`.',
  },
  {
    id: 'development.package',
    phase: 'development',
    title: 'Modular code: a package',
    check: ({ repo }) => {
      const found = packages(repo);
      if (found.length > 0) return pass(some(found));
      const scripts = repo.files().filter((f) => /^[^/]+\.py$/.test(f.path)).map((f) => f.path);
      return fail(scripts.length > 0 ? say('found_onlyScripts', { scripts: some(scripts) }) : say('found_noPythonPackage'));
    },
    fix: 'Move the code into a package, src/<package>/ with an __init__.py, and keep the entry point thin.',
  },
  {
    id: 'development.file-size',
    phase: 'development',
    title: `No giant script (≤ ${MAX_PY_LINES} lines of code per file)`,
    check: ({ repo }) => {
      const files = pythonFiles(repo);
      if (files.length === 0) return skip(say('found_noPythonFiles'));
      const big = files
        .map((f) => ({ path: f.path, lines: codeLines(f.text) }))
        .filter((f) => f.lines > MAX_PY_LINES)
        .sort((a, b) => b.lines - a.lines);
      return big.length > 0
        ? fail(some(big.map((f) => say('found_bigFile', { path: f.path, lines: f.lines }))))
        : pass(say(files.length === 1 ? 'found_pyFilesOne' : 'found_pyFilesMany', { count: files.length, max: MAX_PY_LINES }));
    },
    fix: `Split files over ${MAX_PY_LINES} lines into modules (data loading, validation, model, pipeline, entry point).`,
  },
  {
    id: 'development.no-data',
    phase: 'development',
    title: 'No data or model files committed',
    check: ({ repo }) => noDataOutcome(repo),
    fix: 'Remove them from git (`git rm --cached <file>`), ignore them in .gitignore, and put data on object storage (S3/MinIO); purge the history if they are large.',
  },
  {
    id: 'development.no-secrets',
    phase: 'development',
    title: 'No secrets committed',
    check: ({ repo }) => noSecretsOutcome(repo),
    fix: 'Revoke the secret now, remove it (`git rm --cached .env`, purge the history), and read it from the environment or a gitignored .env.',
  },
  {
    id: 'development.conflict-markers',
    phase: 'development',
    title: 'No unresolved conflict markers',
    check: ({ repo }) => conflictMarkersOutcome(repo),
    fix: 'Resolve each conflict: keep the right lines between `<<<<<<<`, `=======` and `>>>>>>>`, delete the markers, then run the checks and commit.',
  },
  {
    id: 'development.interrupted-change',
    phase: 'development',
    title: 'No interrupted create-livrable change',
    check: ({ repo }) => {
      const folders = stagingFolders(repo);
      const stuck = folders.filter((f) => f.state === 'journal' || f.state === 'orphan');
      if (stuck.length > 0) {
        const names = some(stuck.map((f) => f.name));
        const journal = stuck.some((f) => f.state === 'journal');
        return {
          status: 'fail',
          detail: say(journal ? 'found_interrupted' : 'found_orphanBackups', { names }),
          fix: journal
            ? say('found_interruptedFix', { advice: capitalized(recoveryAdvice(repo.root)) })
            : say('found_orphanBackupsFix'),
        };
      }
      const running = folders.find((f) => f.state === 'running');
      if (running) {
        return warn(
          say('found_running', { name: running.name, pid: String(running.pid) }),
          say('found_runningFix'),
        );
      }
      if (folders.length > 0) {
        return warn(say('found_leftover', { names: some(folders.map((f) => f.name)) }), say('found_leftoverFix'));
      }
      return pass(say('found_noStaging'));
    },
    fix: 'Run `create-livrable upgrade --resume` to finish the interrupted change, or `create-livrable upgrade --rollback` to undo it.',
  },
  addedFilesCheck,
  {
    id: 'development.env-example',
    phase: 'development',
    title: 'Configuration via the environment (.env.example)',
    advisory: true,
    check: ({ repo }) => {
      const example = repo.findFile(['.env.example', '.env.sample', '.env.template', '.env.dist', 'example.env']);
      return example ? pass(example) : fail(say('found_noEnvExample'));
    },
    fix: 'Read parameters from environment variables and ship a .env.example listing them (no values that are secret).',
  },
  {
    id: 'development.no-print',
    phase: 'development',
    title: 'logging, not print, in the package',
    advisory: true,
    check: ({ repo }) => noPrintOutcome(repo),
    fix: 'Replace print() with a module logger: `logger = logging.getLogger(__name__)`, then `logger.info(...)`.',
  },
];
