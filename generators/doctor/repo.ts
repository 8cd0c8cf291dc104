import { spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, opendirSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { DELIVERABLES, PHASES, type Deliverable, type Phase } from '../core/domain.js';
import { isDeliverableList } from '../core/deliverables.js';
import { DONE_FILE, JOURNAL_FILE, lockHolder, stagingPid } from '../engine/journal.js';
import { isAlive, LOCK_DIR, STAGING_PREFIX } from '../engine/staging-names.js';
import { RECORD_PATH } from '../engine/record.js';
import { parseIgnore, type IgnoreFile } from './gitignore.js';
import { say } from './messages.js';
import { walkTree, type LimitReached, type WalkLimits } from './walk.js';

/** Folders never worth reading: environments, caches, dependencies (and git's own). */
const SKIP_DIRS = new Set([
  '.git', '.venv', 'venv', 'env', 'node_modules', '__pycache__', '.mypy_cache', '.pytest_cache',
  '.ruff_cache', '.tox', '.nox', '.ipynb_checkpoints', '.quarto', '_freeze', 'site-packages',
]);
/** Text larger than this is not read (a data dump, not code or configuration). */
export const MAX_TEXT = 1024 * 1024;

/**
 * What doctor looks at, at most. A repository is input we do not control: a tree thousands of
 * folders deep or a generated folder of a million files must cost a bounded time and memory.
 * Each limit, when reached, is reported in the text and the JSON, and the checks that read
 * every file (secrets, conflict markers) then say they are incomplete.
 */
export const SCAN_LIMITS: WalkLimits & { maxContentBytes: number; maxListed: number } = {
  maxDepth: 64,
  maxFiles: 50_000,
  /** Directory entries read by the walk without git (files, folders, skipped ones). */
  maxEntries: 200_000,
  /** Text read for the content checks (secrets, conflict markers, Python), all files together. */
  maxContentBytes: 64 * 1024 * 1024,
  /** Names read from one folder when a check lists it. */
  maxListed: 10_000,
};
/** git answers `ls-files` in well under a second on large repositories; a hung one must not hang us. */
export const GIT_TIMEOUT_MS = 30_000;

export interface RepoFile {
  path: string;
  size: number;
  /** Known to git (in the index). Undefined when the listing does not come from git. */
  tracked?: boolean;
}

export interface RecordInfo {
  phase?: Phase;
  deliverable?: Deliverable;
  /** The record's other deliverables (core/deliverables.ts), when it lists valid ones. */
  extraDeliverables?: Deliverable[];
  package?: string;
  /** "added", as read: checked by the added-files check (doctor/added.ts). */
  added?: unknown;
}

/** How the file list was made and whether it is the whole repository. */
export interface ScanInfo {
  source: 'git' | 'walk';
  files: number;
  /** Limits that stopped the listing (empty when it is complete). */
  reached: LimitReached[];
  /** Why git was not used, when it was not. */
  note?: string;
}

const isInside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : `${parent}${path.sep}`);

/**
 * Read-only view of the audited directory. Every read goes through here, and nothing here writes:
 * git is only asked to list (ls-files), with optional locks, fsmonitor and hooks off and a
 * timeout. No read follows a symbolic link out of the repository or reads inside `.git`; each
 * refused link is remembered so that the report can say what was not read.
 */
export class Repo {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly record: RecordInfo | undefined;
  readonly recordError: string | undefined;
  /** The folder holding .git (the root itself or a parent), when there is one. */
  readonly gitRoot: string | undefined;
  /** The top-level .gitignore. */
  readonly gitignore: IgnoreFile | undefined;
  /** Symbolic links a read would have followed out of the repository (or into .git): path → why. */
  readonly refusedLinks = new Map<string, string>();
  private readonly realRoot: string;
  private readonly gitDirs: string[];
  private listing: { files: RepoFile[]; scan: ScanInfo } | undefined;
  private texts = new Map<string, string | undefined>();
  private folders = new Map<string, string[]>();
  /** Real path of each folder already resolved (undefined: refused or missing). */
  private realDirs = new Map<string, string | undefined>();
  private ignoreFiles = new Map<string, IgnoreFile | undefined>();
  private ignoredDirs = new Map<string, boolean>();

  private readonly gitTimeoutMs: number;

  constructor(root: string, env: NodeJS.ProcessEnv, { gitTimeoutMs = GIT_TIMEOUT_MS }: { gitTimeoutMs?: number } = {}) {
    this.root = root;
    this.env = env;
    this.gitTimeoutMs = gitTimeoutMs;
    this.realRoot = realpathSync(root);
    this.gitRoot = findGitRoot(root);
    this.gitDirs = [path.join(this.realRoot, '.git')];
    if (this.gitRoot) {
      try {
        this.gitDirs.push(path.join(realpathSync(this.gitRoot), '.git'));
      } catch {
        // the parent vanished: nothing to protect there
      }
    }
    this.gitignore = this.ignoreFileIn('');
    const { record, error } = readRecord(this);
    this.record = record;
    this.recordError = error;
  }

  abs(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }

  /**
   * The absolute path to read for `rel`, or undefined when reading it would leave the repository
   * or enter .git. Links inside the repository are followed; one pointing out is refused.
   */
  private resolve(rel: string): string | undefined {
    const parts = rel.split('/').filter((p) => p && p !== '.');
    if (parts.some((p) => p === '..' || p.toLowerCase() === '.git')) return undefined;
    // A staging folder of an interrupted upgrade holds backups and staged copies, not the project.
    if (parts[0]?.startsWith(STAGING_PREFIX)) return undefined;
    if (parts.length === 0) return this.realRoot;
    const dirRel = parts.slice(0, -1).join('/');
    const dir = this.resolveDir(dirRel);
    if (dir === undefined) return undefined;
    return this.follow(path.join(dir, parts.at(-1) as string), parts.join('/'));
  }

  private resolveDir(dirRel: string): string | undefined {
    if (!dirRel) return this.realRoot;
    if (this.realDirs.has(dirRel)) return this.realDirs.get(dirRel);
    const cut = dirRel.lastIndexOf('/');
    const parent = this.resolveDir(cut === -1 ? '' : dirRel.slice(0, cut));
    const real = parent === undefined ? undefined : this.follow(path.join(parent, dirRel.slice(cut + 1)), dirRel);
    this.realDirs.set(dirRel, real);
    return real;
  }

  /** `abs` itself when it is not a link; its target when that stays inside; else undefined. */
  private follow(abs: string, rel: string): string | undefined {
    let stat;
    try {
      stat = lstatSync(abs);
    } catch {
      return abs; // missing: the caller's read fails as for any missing file
    }
    if (!stat.isSymbolicLink()) return abs;
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return undefined; // a broken link: nothing to read
    }
    if (!isInside(real, this.realRoot)) {
      this.refusedLinks.set(rel, say('scan_linkOut'));
      return undefined;
    }
    if (this.gitDirs.some((g) => isInside(real, g))) {
      this.refusedLinks.set(rel, say('scan_linkIntoGit'));
      return undefined;
    }
    return real;
  }

  /** The link that keeps `rel` from being read, when one does. */
  outsideLink(rel: string): string | undefined {
    this.resolve(rel);
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (this.refusedLinks.has(prefix)) return prefix;
    }
    return undefined;
  }

  private statOf(rel: string) {
    const abs = this.resolve(rel);
    if (abs === undefined) return undefined;
    try {
      return statSync(abs);
    } catch {
      return undefined;
    }
  }

  isFile(rel: string): boolean {
    return this.statOf(rel)?.isFile() ?? false;
  }

  isDir(rel: string): boolean {
    return this.statOf(rel)?.isDirectory() ?? false;
  }

  /** Names in a folder of the repo, sorted ([] when it is not one); at most SCAN_LIMITS.maxListed. */
  list(rel: string): string[] {
    const key = rel || '.';
    const cached = this.folders.get(key);
    if (cached) return cached;
    const names: string[] = [];
    const abs = this.resolve(rel);
    if (abs !== undefined) {
      try {
        const dir = opendirSync(abs);
        try {
          for (let e = dir.readSync(); e && names.length < SCAN_LIMITS.maxListed; e = dir.readSync()) {
            if (e.name.toLowerCase() !== '.git') names.push(e.name);
          }
        } finally {
          dir.closeSync();
        }
      } catch {
        // not a folder, or unreadable
      }
    }
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.folders.set(key, names);
    return names;
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

  /**
   * UTF-8 text of a file, or undefined when it is missing, not a regular file, too large, binary,
   * or behind a link out of the repository. Opened without blocking, so a FIFO cannot hang us.
   */
  readTextUncached(rel: string, max = MAX_TEXT): string | undefined {
    const abs = this.resolve(rel);
    if (abs === undefined) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
      const stat = fstatSync(fd);
      if (!stat.isFile() || stat.size > max) return undefined;
      const buffer = Buffer.alloc(stat.size);
      let read = 0;
      while (read < buffer.length) {
        const n = readSync(fd, buffer, read, buffer.length - read, read);
        if (n === 0) break;
        read += n;
      }
      const bytes = buffer.subarray(0, read);
      return bytes.subarray(0, 8000).includes(0) ? undefined : bytes.toString('utf8');
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** readTextUncached, remembered: for configuration files several checks read. */
  readText(rel: string): string | undefined {
    if (this.texts.has(rel)) return this.texts.get(rel);
    const text = this.readTextUncached(rel);
    this.texts.set(rel, text);
    return text;
  }

  /** The .gitignore of a folder of the repository ('' for the top level), parsed once. */
  ignoreFileIn(dir: string): IgnoreFile | undefined {
    if (this.ignoreFiles.has(dir)) return this.ignoreFiles.get(dir);
    const rel = dir ? `${dir}/.gitignore` : '.gitignore';
    const text = this.readText(rel);
    const file = text === undefined ? undefined : parseIgnore(text, rel);
    this.ignoreFiles.set(dir, file);
    return file;
  }

  /** The deepest .gitignore with a rule for this path decides, as in git (no parent check). */
  private decide(rel: string, isDir: boolean): boolean {
    const parts = rel.split('/');
    for (let i = parts.length - 1; i >= 0; i--) {
      const dir = parts.slice(0, i).join('/');
      const result = this.ignoreFileIn(dir)?.test(parts.slice(i).join('/'), isDir);
      if (result !== undefined) return result;
    }
    return false;
  }

  private dirIgnored(rel: string): boolean {
    const cached = this.ignoredDirs.get(rel);
    if (cached !== undefined) return cached;
    const cut = rel.lastIndexOf('/');
    const result = (cut !== -1 && this.dirIgnored(rel.slice(0, cut))) || this.decide(rel, true);
    this.ignoredDirs.set(rel, result);
    return result;
  }

  /**
   * Whether the repository's .gitignore files (the top-level one and those of the folders on the
   * way) exclude this path. As in git, nothing inside an excluded folder can be re-included.
   */
  ignored(rel: string, isDir = false): boolean {
    const cut = rel.lastIndexOf('/');
    if (cut !== -1 && this.dirIgnored(rel.slice(0, cut))) return true;
    return isDir ? this.dirIgnored(rel) : this.decide(rel, false);
  }

  /** Problems of every .gitignore of the repository (invalid or refused lines), one line each. */
  ignoreProblems(): string[] {
    const dirs = new Set(['']);
    for (const f of this.files()) {
      if (f.path === '.gitignore' || f.path.endsWith('/.gitignore')) dirs.add(f.path.slice(0, -'.gitignore'.length).replace(/\/$/, ''));
    }
    return [...dirs].sort().flatMap((dir) => this.ignoreFileIn(dir)?.problems ?? []);
  }

  /**
   * What is (or would be) committed: with git, the files git tracks plus the untracked ones it
   * does not ignore; without git, the tree minus what the .gitignore files exclude. Environments,
   * caches and symlinks are left out either way, and so is anything past the scan limits.
   */
  files(): RepoFile[] {
    this.listing ??= this.listFromGit() ?? this.listByWalk();
    return this.listing.files;
  }

  get scan(): ScanInfo {
    this.files();
    return (this.listing as { scan: ScanInfo }).scan;
  }

  get filesFromGit(): boolean {
    return this.scan.source === 'git';
  }

  get listingNote(): string | undefined {
    return this.scan.note;
  }

  private gitNote: string | undefined;

  private git(args: string[]): string | undefined {
    // A repository's own config must not run anything while we list it: core.fsmonitor is a
    // command, and hooks are programs (ls-files runs none today; a future git might).
    const result = spawnSync(
      'git',
      ['-C', this.root, '-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args],
      {
        encoding: 'utf8',
        env: { ...this.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
        maxBuffer: 256 * 1024 * 1024,
        timeout: this.gitTimeoutMs,
        killSignal: 'SIGKILL',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    if (result.error) {
      const code = (result.error as NodeJS.ErrnoException).code;
      this.gitNote =
        code === 'ENOENT'
          ? say('scan_noGit')
          : code === 'ETIMEDOUT'
            ? say('scan_gitTimeout', { seconds: this.gitTimeoutMs / 1000 })
            : say('scan_gitFailed', { reason: code ?? result.error.message });
      return undefined;
    }
    if (result.status !== 0) {
      const reason = (result.stderr || '').trim().split('\n')[0] ?? '';
      this.gitNote = say('scan_gitFailed', { reason });
      return undefined;
    }
    return result.stdout;
  }

  private listFromGit(): { files: RepoFile[]; scan: ScanInfo } | undefined {
    if (!this.gitRoot) return undefined;
    const tracked = this.git(['ls-files', '-z', '--cached']);
    if (tracked === undefined) return undefined;
    const others = this.git(['ls-files', '-z', '--others', '--exclude-standard']);
    if (others === undefined) return undefined;
    const trackedSet = new Set(tracked.split('\0').filter(Boolean));
    const all = [...new Set([...trackedSet, ...others.split('\0').filter(Boolean)])].sort();
    const files: RepoFile[] = [];
    const reached: LimitReached[] = [];
    for (const rel of all) {
      const parts = rel.split('/');
      if (parts.some((part) => SKIP_DIRS.has(part)) || isStaging(parts[0] as string)) continue;
      if (parts.length - 1 > SCAN_LIMITS.maxDepth) {
        if (!reached.some((r) => r.limit === 'depth')) reached.push({ limit: 'depth', max: SCAN_LIMITS.maxDepth, at: rel });
        continue;
      }
      if (files.length >= SCAN_LIMITS.maxFiles) {
        reached.push({ limit: 'files', max: SCAN_LIMITS.maxFiles, at: rel });
        break;
      }
      try {
        const stat = lstatSync(this.abs(rel));
        if (stat.isFile()) files.push({ path: rel, size: stat.size, tracked: trackedSet.has(rel) });
      } catch {
        // deleted from the work tree but still in the index: nothing to read
      }
    }
    return { files, scan: { source: 'git', files: files.length, reached } };
  }

  private listByWalk(): { files: RepoFile[]; scan: ScanInfo } {
    const { files, reached } = walkTree(this.root, {
      limits: SCAN_LIMITS,
      skipDir: (rel, name) =>
        SKIP_DIRS.has(name) || name.toLowerCase() === '.git' || (rel === name && isStaging(name)) || this.ignored(rel, true),
      skipFile: (rel) => this.ignored(rel),
    });
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files, scan: { source: 'walk', files: files.length, reached, note: this.gitNote } };
  }
}

/**
 * A top-level folder where create-livrable stages a change (engine/journal.ts): its backups and
 * staged copies are not the project's files (a backed-up .env would count as a committed secret),
 * so no check reads inside; development.interrupted-change reports the folder itself.
 */
const isStaging = (name: string) => name.startsWith(STAGING_PREFIX);

export interface StagingFolder {
  name: string;
  /** journal: an interrupted change to resume or roll back; orphan: backups without a journal. */
  state: 'running' | 'journal' | 'orphan' | 'finished';
  pid?: number;
}

/**
 * The staging folders at the top of root, told apart by lstat only (no file inside is opened: a
 * FIFO named journal.json cannot hang the audit, and nothing inside is read).
 */
export function stagingFolders(repo: Repo): StagingFolder[] {
  const found: StagingFolder[] = [];
  for (const name of repo.list('')) {
    if (!isStaging(name)) continue;
    const dir = path.join(repo.root, name);
    if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
    if (name === LOCK_DIR) {
      // The lock of a change: only its pid file is read (checked to be a regular file first).
      const holder = lockHolder(dir);
      found.push(holder.state === 'alive' ? { name, state: 'running', pid: holder.pid } : { name, state: 'finished' });
      continue;
    }
    const pid = stagingPid(name);
    const has = (rel: string) => lstatSync(path.join(dir, rel), { throwIfNoEntry: false }) !== undefined;
    if (pid !== undefined && isAlive(pid)) found.push({ name, state: 'running', pid });
    else if (has(JOURNAL_FILE)) found.push({ name, state: 'journal' });
    else if (!has(DONE_FILE) && has('backup')) found.push({ name, state: 'orphan' });
    else found.push({ name, state: 'finished' });
  }
  return found;
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
    const data = JSON.parse(text ?? '') as { answers?: Record<string, unknown>; added?: unknown };
    const answers = data.answers ?? {};
    const pick = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
      typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
    return {
      record: {
        phase: pick(answers.phase, PHASES),
        deliverable: pick(answers.deliverable, DELIVERABLES),
        ...(isDeliverableList(answers.extraDeliverables, answers.deliverable) ? { extraDeliverables: answers.extraDeliverables } : {}),
        package: typeof answers.package === 'string' ? answers.package : undefined,
        added: data.added,
      },
    };
  } catch {
    return { error: `${RECORD_PATH} is not valid JSON: ignored` };
  }
}
