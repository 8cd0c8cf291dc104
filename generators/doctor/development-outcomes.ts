/** What the development checks look at, one function per check that needs more than a line. */
import path from 'node:path';
import { fail, pass, skip, some, type Context, type Outcome } from './check.js';
import type { Repo } from './repo.js';
import { secretFindings } from './secrets.js';
import { isTestPath, packages, pythonFiles, tomlStringArray, tomlTable } from './scan.js';

/** Larger than this, a committed data file is a data set, not a shipped sample. */
export const DATA_SIZE_LIMIT = 1024 * 1024;
/** More code lines than this, a Python file is a script to split into modules. */
export const MAX_PY_LINES = 500;

const DATA_EXT = /\.(csv|tsv|parquet|feather|arrow|xlsx|xls|h5|hdf5|sqlite|sqlite3|db|dta|sav|sas7bdat|rds)$/i;
const MODEL_EXT = /\.(pkl|pickle|joblib|skops|onnx|pt|pth|safetensors|ckpt)$/i;

export function gitignoreCovers(ctx: Context, probes: readonly string[], notCovered: string, suggestion: string): Outcome {
  const { repo } = ctx;
  if (!repo.ignoreRules) return skip('no .gitignore');
  const covered = probes.filter((p) => repo.ignored(p));
  if (covered.length > 0) return pass(`ignores ${some(covered)}`);
  return fail(`${notCovered} (tried ${some(probes, 5)}); add ${suggestion}`);
}

/**
 * Lines of code: not blank, not only a comment, not inside a docstring. Documentation is not
 * what makes a script giant, and the course asks for docstrings.
 */
export function codeLines(text: string): number {
  let count = 0;
  let inDocstring: string | undefined;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (inDocstring) {
      if (trimmed.includes(inDocstring)) inDocstring = undefined;
      continue;
    }
    if (!trimmed || trimmed.startsWith('#')) continue;
    const opening = /^[rRuU]?("""|''')/.exec(trimmed);
    if (opening) {
      const quote = opening[1] as string;
      if (!trimmed.slice(opening[0].length).includes(quote)) inDocstring = quote;
      continue;
    }
    count++;
  }
  return count;
}

function committedPhrase(repo: Repo, tracked: boolean | undefined): string {
  if (tracked) return 'committed';
  return repo.filesFromGit ? 'untracked but not ignored' : 'not ignored';
}

export function lockfileOutcome(repo: Repo): Outcome {
  const lock = ['uv.lock', 'poetry.lock', 'pdm.lock', 'pixi.lock', 'Pipfile.lock', 'conda-lock.yml'].find((p) =>
    repo.isFile(p),
  );
  if (lock) {
    const entry = repo.files().find((f) => f.path === lock);
    if (!entry) return fail(`${lock} exists but is ignored: commit it`);
    if (repo.filesFromGit && !entry.tracked) return fail(`${lock} exists but is not committed`);
    return pass(lock);
  }
  const requirements = repo
    .files()
    .map((f) => f.path)
    .filter((p) => /^requirements[^/]*\.txt$/.test(p) || /^requirements\/[^/]+\.txt$/.test(p));
  if (requirements.length === 0) return fail('no lock file (uv.lock) and no pinned requirements*.txt');
  const unpinned: string[] = [];
  for (const file of requirements) {
    for (const raw of (repo.readText(file) ?? '').split('\n')) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (!line || line.startsWith('-')) continue;
      if (!/===?/.test(line)) unpinned.push(`${line} (${file})`);
    }
  }
  if (unpinned.length > 0) return fail(`no uv.lock, and not pinned with ==: ${some(unpinned)}`);
  return pass(`${some(requirements)} pin every dependency with ==`);
}

export function lintOutcome(repo: Repo): Outcome {
  const found: string[] = [];
  const pyproject = repo.readText('pyproject.toml') ?? '';
  for (const tool of ['ruff', 'black', 'pylint', 'flake8', 'isort', 'mypy']) {
    if (new RegExp(`^\\s*\\[tool\\.${tool}[\\].]`, 'm').test(pyproject)) found.push(`[tool.${tool}] in pyproject.toml`);
  }
  for (const file of ['ruff.toml', '.ruff.toml', '.flake8', '.pylintrc', 'pylintrc']) {
    if (repo.isFile(file)) found.push(file);
  }
  for (const file of ['setup.cfg', 'tox.ini']) {
    if (/^\[(flake8|pylint[^\]]*)\]/m.test(repo.readText(file) ?? '')) found.push(file);
  }
  const preCommit = repo.readText('.pre-commit-config.yaml') ?? '';
  if (/ruff|black|flake8|pylint/.test(preCommit)) found.push('.pre-commit-config.yaml');
  return found.length > 0 ? pass(some(found)) : fail('no ruff, black, flake8 or pylint configuration');
}

export function dependenciesOutcome(repo: Repo): Outcome {
  const pyproject = repo.readText('pyproject.toml');
  if (pyproject === undefined) {
    const requirements = repo.list('').filter((n) => /^requirements.*\.txt$/.test(n));
    return fail(
      requirements.length > 0 ? `no pyproject.toml (only ${some(requirements)})` : 'no pyproject.toml',
    );
  }
  const project = tomlTable(pyproject, 'project');
  const pep621 = project === undefined ? undefined : tomlStringArray(project, 'dependencies');
  if (pep621 && pep621.length > 0) return pass(`${pep621.length} dependencies in [project]`);
  const poetry = tomlTable(pyproject, 'tool.poetry.dependencies');
  const poetryDeps = (poetry ?? '').split('\n').filter((l) => /^\s*[A-Za-z0-9_.-]+\s*=/.test(l) && !/^\s*python\s*=/.test(l));
  if (poetryDeps.length > 0) return pass(`${poetryDeps.length} dependencies in [tool.poetry.dependencies]`);
  return fail('pyproject.toml declares no dependencies under [project] dependencies');
}

export function noDataOutcome(repo: Repo): Outcome {
  const findings: string[] = [];
  for (const f of repo.files()) {
    const name = path.posix.basename(f.path);
    const state = committedPhrase(repo, f.tracked);
    if (MODEL_EXT.test(name)) findings.push(`${f.path} (model file, ${state})`);
    else if (DATA_EXT.test(name)) {
      if (f.size > DATA_SIZE_LIMIT) findings.push(`${f.path} (${(f.size / 1024 / 1024).toFixed(1)} MB, ${state})`);
      else if (f.tracked && repo.ignored(f.path)) findings.push(`${f.path} (committed although .gitignore excludes it)`);
    }
  }
  return findings.length > 0
    ? fail(some(findings))
    : pass(`no data file over ${DATA_SIZE_LIMIT / 1024 / 1024} MB, no model file`);
}

export function noSecretsOutcome(repo: Repo): Outcome {
  const findings = secretFindings(repo).map((f) => `${f.path}${f.line ? `:${f.line}` : ''}: ${f.what}`);
  const scanned = repo.filesFromGit ? 'tracked and unignored files' : 'the working tree';
  const note = repo.listingNote ? ` (${repo.listingNote})` : '';
  return findings.length > 0 ? fail(`${some(findings)}${note}`) : pass(`nothing found in ${scanned}${note}`);
}

export function noPrintOutcome(repo: Repo): Outcome {
  const roots = packages(repo);
  if (roots.length === 0) return skip('no package');
  const hits: string[] = [];
  for (const file of pythonFiles(repo)) {
    if (!roots.some((r) => file.path.startsWith(`${r}/`)) || isTestPath(file.path)) continue;
    file.text.split('\n').forEach((line, i) => {
      if (!/^\s*#/.test(line) && /(?<![\w.])print\s*\(/.test(line)) hits.push(`${file.path}:${i + 1}`);
    });
  }
  return hits.length > 0 ? fail(`${hits.length} print() call(s): ${some(hits)}`) : pass('no print() in the package');
}

