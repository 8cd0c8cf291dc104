import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DELIVERABLES, PHASES, type Deliverable, type Phase } from '../core/domain.js';
import { RECORD_PATH } from '../engine/record.js';
import { isIgnored, parseIgnore, type IgnoreRule } from './gitignore.js';

/** Folders never worth reading: environments, caches, dependencies. */
const SKIP_DIRS = new Set([
  '.git', '.venv', 'venv', 'env', 'node_modules', '__pycache__', '.mypy_cache', '.pytest_cache',
  '.ruff_cache', '.tox', '.nox', '.ipynb_checkpoints', '.quarto', '_freeze', 'site-packages',
]);
/** Text larger than this is not read (a data dump, not code or configuration). */
const MAX_TEXT = 1024 * 1024;
/** A runaway tree (a forgotten virtualenv under another name) must not make doctor hang. */
const MAX_FILES = 50_000;

export interface RepoFile {
  path: string;
  size: number;
  /** Known to git (in the index). Undefined when the listing does not come from git. */
  tracked?: boolean;
}

export interface RecordInfo {
  phase?: Phase;
  deliverable?: Deliverable;
  package?: string;
}

/**
 * Read-only view of the audited directory. Every read goes through here, and nothing here writes:
 * git is only asked to list (ls-files), with optional locks off.
 */
export class Repo {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly record: RecordInfo | undefined;
  readonly recordError: string | undefined;
  /** The folder holding .git (the root itself or a parent), when there is one. */
  readonly gitRoot: string | undefined;
  readonly ignoreRules: IgnoreRule[] | undefined;
  private listing: { files: RepoFile[]; fromGit: boolean; note?: string } | undefined;
  private texts = new Map<string, string | undefined>();

  constructor(root: string, env: NodeJS.ProcessEnv) {
    this.root = root;
    this.env = env;
    this.gitRoot = findGitRoot(root);
    const gitignore = this.readText('.gitignore');
    this.ignoreRules = gitignore === undefined ? undefined : parseIgnore(gitignore);
    const { record, error } = readRecord(this);
    this.record = record;
    this.recordError = error;
  }

  abs(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }

  isFile(rel: string): boolean {
    try {
      return statSync(this.abs(rel)).isFile();
    } catch {
      return false;
    }
  }

  isDir(rel: string): boolean {
    try {
      return statSync(this.abs(rel)).isDirectory();
    } catch {
      return false;
    }
  }

  /** Names in a folder of the repo ([] when it is not one). */
  list(rel: string): string[] {
    try {
      return readdirSync(this.abs(rel || '.')).sort();
    } catch {
      return [];
    }
  }

  /** The first of these paths that is a file, compared case-insensitively per folder. */
  findFile(candidates: readonly string[]): string | undefined {
    for (const candidate of candidates) {
      const dir = candidate.includes('/') ? candidate.slice(0, candidate.lastIndexOf('/')) : '';
      const name = candidate.slice(candidate.lastIndexOf('/') + 1).toLowerCase();
      const hit = this.list(dir).find((entry) => entry.toLowerCase() === name);
      const rel = hit && (dir ? `${dir}/${hit}` : hit);
      if (rel && this.isFile(rel)) return rel;
    }
    return undefined;
  }

  /** UTF-8 text of a file, or undefined when it is missing, too large or binary. */
  readText(rel: string): string | undefined {
    if (this.texts.has(rel)) return this.texts.get(rel);
    let text: string | undefined;
    try {
      const stat = lstatSync(this.abs(rel));
      if (stat.isFile() && stat.size <= MAX_TEXT) {
        const buffer = readFileSync(this.abs(rel));
        if (!buffer.subarray(0, 8000).includes(0)) text = buffer.toString('utf8');
      }
    } catch {
      text = undefined;
    }
    this.texts.set(rel, text);
    return text;
  }

  ignored(rel: string, isDir = false): boolean {
    return this.ignoreRules ? isIgnored(this.ignoreRules, rel, isDir) : false;
  }

  /**
   * What is (or would be) committed: with git, the files git tracks plus the untracked ones it
   * does not ignore; without git, the tree minus what .gitignore excludes. Environments, caches and
   * symlinks are left out either way.
   */
  files(): RepoFile[] {
    this.listing ??= this.listFromGit() ?? { files: this.walk(), fromGit: false, note: this.gitNote };
    return this.listing.files;
  }

  get filesFromGit(): boolean {
    this.files();
    return this.listing?.fromGit ?? false;
  }

  get listingNote(): string | undefined {
    this.files();
    return this.listing?.note;
  }

  private gitNote: string | undefined;

  private git(args: string[]): string | undefined {
    // A repository's own config must not run anything while we list it (core.fsmonitor is a command).
    const result = spawnSync('git', ['-C', this.root, '-c', 'core.fsmonitor=false', ...args], {
      encoding: 'utf8',
      env: { ...this.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.error) {
      this.gitNote = 'git is not installed: scanned the working tree instead';
      return undefined;
    }
    if (result.status !== 0) {
      this.gitNote = `git could not list the files (${(result.stderr || '').trim().split('\n')[0]}): scanned the working tree instead`;
      return undefined;
    }
    return result.stdout;
  }

  private listFromGit(): { files: RepoFile[]; fromGit: boolean } | undefined {
    if (!this.gitRoot) return undefined;
    const tracked = this.git(['ls-files', '-z', '--cached']);
    if (tracked === undefined) return undefined;
    const others = this.git(['ls-files', '-z', '--others', '--exclude-standard']);
    if (others === undefined) return undefined;
    const trackedSet = new Set(tracked.split('\0').filter(Boolean));
    const all = [...new Set([...trackedSet, ...others.split('\0').filter(Boolean)])].sort();
    const files: RepoFile[] = [];
    for (const rel of all) {
      if (rel.split('/').some((part) => SKIP_DIRS.has(part))) continue;
      try {
        const stat = lstatSync(this.abs(rel));
        if (stat.isFile()) files.push({ path: rel, size: stat.size, tracked: trackedSet.has(rel) });
      } catch {
        // deleted from the work tree but still in the index: nothing to read
      }
    }
    return { files, fromGit: true };
  }

  private walk(): RepoFile[] {
    const files: RepoFile[] = [];
    const visit = (rel: string) => {
      for (const name of this.list(rel)) {
        if (files.length >= MAX_FILES) return;
        const child = rel ? `${rel}/${name}` : name;
        let stat;
        try {
          stat = lstatSync(this.abs(child));
        } catch {
          continue;
        }
        if (stat.isDirectory()) {
          if (!SKIP_DIRS.has(name) && !this.ignored(child, true)) visit(child);
        } else if (stat.isFile() && !this.ignored(child)) {
          files.push({ path: child, size: stat.size });
        }
      }
    };
    visit('');
    return files;
  }
}

function findGitRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readRecord(repo: Repo): { record?: RecordInfo; error?: string } {
  if (!repo.isFile(RECORD_PATH)) return {};
  const text = repo.readText(RECORD_PATH);
  try {
    const answers = (JSON.parse(text ?? '') as { answers?: Record<string, unknown> }).answers ?? {};
    const pick = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
      typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
    return {
      record: {
        phase: pick(answers.phase, PHASES),
        deliverable: pick(answers.deliverable, DELIVERABLES),
        package: typeof answers.package === 'string' ? answers.package : undefined,
      },
    };
  } catch {
    return { error: `${RECORD_PATH} is not valid JSON: ignored` };
  }
}
