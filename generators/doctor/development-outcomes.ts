/** What the development checks look at, one function per check that needs more than a line. */
import { type DoctorKey, say } from './messages.js';
import path from 'node:path';
import { fail, pass, skip, some, warn, type Context, type Outcome } from './check.js';
import { contentScan, incompleteScan } from './content.js';
import type { Repo } from './repo.js';
import { isTestPath, packages, parseYaml, pyproject, pythonFiles, tableAt } from './scan.js';

/** Larger than this, a committed data file is a data set, not a shipped sample. */
export const DATA_SIZE_LIMIT = 1024 * 1024;
/** More code lines than this, a Python file is a script to split into modules. */
export const MAX_PY_LINES = 500;

const DATA_EXT = /\.(csv|tsv|parquet|feather|arrow|xlsx|xls|h5|hdf5|sqlite|sqlite3|db|dta|sav|sas7bdat|rds)$/i;
const MODEL_EXT = /\.(pkl|pickle|joblib|skops|onnx|pt|pth|safetensors|ckpt)$/i;

/** A pass when .gitignore covers one of `probes`; otherwise what is not covered and what to add (message keys). */
export function gitignoreCovers(ctx: Context, probes: readonly string[], notCovered: DoctorKey, suggestion: DoctorKey): Outcome {
  const { repo } = ctx;
  if (!repo.gitignore) return skip(say('found_noGitignore'));
  const covered = probes.filter((p) => repo.ignored(p));
  if (covered.length > 0) return pass(say('found_ignores', { paths: some(covered) }));
  return fail(say('found_notIgnored', { notCovered: say(notCovered), tried: some(probes, 5), suggestion: say(suggestion) }));
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
  if (tracked) return say('found_committed');
  return say(repo.filesFromGit ? 'found_untrackedNotIgnored' : 'found_notIgnoredState');
}

export function lockfileOutcome(repo: Repo): Outcome {
  const lock = ['uv.lock', 'poetry.lock', 'pdm.lock', 'pixi.lock', 'Pipfile.lock', 'conda-lock.yml'].find((p) =>
    repo.isFile(p),
  );
  if (lock) {
    const entry = repo.files().find((f) => f.path === lock);
    if (!entry) return fail(say('found_lockIgnored', { lock }));
    if (repo.filesFromGit && !entry.tracked) return fail(say('found_lockNotCommitted', { lock }));
    return pass(lock);
  }
  const requirements = repo
    .files()
    .map((f) => f.path)
    .filter((p) => /^requirements[^/]*\.txt$/.test(p) || /^requirements\/[^/]+\.txt$/.test(p));
  if (requirements.length === 0) return fail(say('found_noLock'));
  const unpinned: string[] = [];
  for (const file of requirements) {
    for (const raw of (repo.readText(file) ?? '').split('\n')) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (!line || line.startsWith('-')) continue;
      if (!/===?/.test(line)) unpinned.push(`${line} (${file})`);
    }
  }
  if (unpinned.length > 0) return fail(say('found_unpinned', { items: some(unpinned) }));
  return pass(say('found_pinned', { files: some(requirements) }));
}

const LINTERS = /ruff|black|flake8|pylint/;

/** The hooks a pre-commit configuration runs (by id and repository), or its text when it is not YAML. */
function preCommitHooks(text: string): string {
  const parsed = parseYaml(text);
  if (parsed.error !== undefined || parsed.skipped !== undefined) return text;
  const repos = (parsed.docs[0] as { repos?: unknown } | undefined)?.repos;
  if (!Array.isArray(repos)) return '';
  return repos
    .flatMap((r: { repo?: unknown; hooks?: unknown }) => [
      String(r?.repo ?? ''),
      ...(Array.isArray(r?.hooks) ? r.hooks.map((h: { id?: unknown }) => String(h?.id ?? '')) : []),
    ])
    .join('\n');
}

export function lintOutcome(repo: Repo): Outcome {
  const found: string[] = [];
  const project = pyproject(repo);
  const text = repo.readText('pyproject.toml') ?? '';
  for (const tool of ['ruff', 'black', 'pylint', 'flake8', 'isort', 'mypy']) {
    // A pyproject the TOML parser refuses (reported by development.dependencies) is read by its headers.
    const configured = project?.data
      ? tableAt(project.data, 'tool', tool) !== undefined
      : new RegExp(`^[ \\t]*\\[tool\\.${tool}[\\].]`, 'm').test(text);
    if (configured) found.push(`[tool.${tool}] in pyproject.toml`);
  }
  for (const file of ['ruff.toml', '.ruff.toml', '.flake8', '.pylintrc', 'pylintrc']) {
    if (repo.isFile(file)) found.push(file);
  }
  for (const file of ['setup.cfg', 'tox.ini']) {
    if (/^\[(flake8|pylint[^\]]*)\]/m.test(repo.readText(file) ?? '')) found.push(file);
  }
  const preCommit = repo.readText('.pre-commit-config.yaml') ?? '';
  if (LINTERS.test(preCommitHooks(preCommit))) found.push('.pre-commit-config.yaml');
  return found.length > 0 ? pass(some(found)) : fail(say('found_noLinter'));
}

export function dependenciesOutcome(repo: Repo): Outcome {
  const project = pyproject(repo);
  if (project === undefined) {
    const requirements = repo.list('').filter((n) => /^requirements.*\.txt$/.test(n));
    return fail(
      requirements.length > 0 ? say('found_noPyprojectOnly', { files: some(requirements) }) : say('found_noPyproject'),
    );
  }
  if (project.error !== undefined) return fail(say('found_pyprojectNotToml', { error: project.error }));
  const pep621 = tableAt(project.data, 'project')?.dependencies;
  if (Array.isArray(pep621) && pep621.length > 0) return pass(say('found_depsProject', { count: pep621.length }));
  const poetry = tableAt(project.data, 'tool', 'poetry', 'dependencies') ?? {};
  const poetryDeps = Object.keys(poetry).filter((name) => name.toLowerCase() !== 'python');
  if (poetryDeps.length > 0) return pass(say('found_depsPoetry', { count: poetryDeps.length }));
  return fail(say('found_noDeps'));
}

export function noDataOutcome(repo: Repo): Outcome {
  const findings: string[] = [];
  for (const f of repo.files()) {
    const name = path.posix.basename(f.path);
    const state = committedPhrase(repo, f.tracked);
    if (MODEL_EXT.test(name)) findings.push(say('found_modelFile', { path: f.path, state }));
    else if (DATA_EXT.test(name)) {
      if (f.size > DATA_SIZE_LIMIT) findings.push(`${f.path} (${(f.size / 1024 / 1024).toFixed(1)} MB, ${state})`);
      else if (f.tracked && repo.ignored(f.path)) findings.push(say('found_committedIgnored', { path: f.path }));
    }
  }
  return findings.length > 0
    ? fail(some(findings))
    : pass(say('found_noData', { size: DATA_SIZE_LIMIT / 1024 / 1024 }));
}

export function noSecretsOutcome(repo: Repo): Outcome {
  const findings = contentScan(repo).secrets.map((f) => `${f.path}${f.line ? `:${f.line}` : ''}: ${f.what}`);
  const scanned = say(repo.filesFromGit ? 'found_scannedTracked' : 'found_scannedTree');
  const note = repo.listingNote ? ` (${repo.listingNote})` : '';
  if (findings.length > 0) return fail(`${some(findings)}${note}`);
  // "No secrets" is a promise: never made about a scan that stopped early.
  const incomplete = incompleteScan(repo);
  if (incomplete) {
    return warn(
      say('found_secretsIncomplete', { incomplete, note }),
      say('found_secretsIncompleteFix'),
    );
  }
  return pass(say('found_nothingIn', { scanned, note }));
}

export function conflictMarkersOutcome(repo: Repo): Outcome {
  const { conflicts } = contentScan(repo);
  if (conflicts.length > 0) {
    const where = some(conflicts.map((c) => `${c.path}:${c.line}`), 5);
    return fail(say(conflicts.length === 1 ? 'found_markersOne' : 'found_markersMany', { count: conflicts.length, where }));
  }
  const incomplete = incompleteScan(repo);
  if (incomplete) {
    return warn(say('found_markersIncomplete', { incomplete }), say('found_markersIncompleteFix'));
  }
  return pass(say('found_noMarkers'));
}

export function noPrintOutcome(repo: Repo): Outcome {
  const roots = packages(repo);
  if (roots.length === 0) return skip(say('found_noPackage'));
  const hits: string[] = [];
  for (const file of pythonFiles(repo)) {
    if (!roots.some((r) => file.path.startsWith(`${r}/`)) || isTestPath(file.path)) continue;
    file.text.split('\n').forEach((line, i) => {
      if (!/^\s*#/.test(line) && /(?<![\w.])print\s*\(/.test(line)) hits.push(`${file.path}:${i + 1}`);
    });
  }
  return hits.length > 0 ? fail(say('found_prints', { count: hits.length, where: some(hits) })) : pass(say('found_noPrint'));
}

