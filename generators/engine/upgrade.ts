import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkChoice, type Answers } from '../core/answers.js';
import { ANSWER_KEYS, ANSWER_OPTIONS, choiceValues, PHASES, phaseRank } from '../core/domain.js';
import { UserError } from '../core/errors.js';
import { validateDisplayName, validateOneLine, validatePackageName } from '../core/names.js';
import type { Layer } from './layers.js';
import { isText, merge3 } from './merge.js';
import { plan, type PlannedFile } from './plan.js';
import { RECORD_PATH, sha256, type ProjectRecord } from './record.js';
import type { TemplateStore } from './store.js';
import { applyChanges, type FileChange } from './apply.js';

/**
 * `create-livrable upgrade`: move a generated project to new answers (a later phase, another CI)
 * without losing what its user wrote. Pure planning (planUpgrade) is separate from writing
 * (applyUpgrade), so --dry-run and the real run decide exactly the same way.
 *
 * Per file, with base = plan(recorded answers), theirs = plan(new answers), ours = the disk:
 *   create    in the new plan, not on disk, never generated before
 *   update    generated and untouched since (hash = the record's, or content = base): replaced
 *   merge     edited by the user and changed by the upgrade: 3-way merged cleanly
 *   conflict  edited and changed on the same lines: written with conflict markers
 *   keep      nothing to do: the upgrade does not change it, or the disk already has the new content
 *   skip      generated before, deleted by the user: stays deleted
 *   remove    no longer generated and untouched: removed (an edited one is kept, as `keep`)
 * Files that were never generated (the user's own) are never read or written.
 */
export const ACTION_KINDS = ['create', 'update', 'merge', 'conflict', 'keep', 'skip', 'remove'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export interface UpgradeAction {
  path: string;
  action: ActionKind;
  /** One line saying why, for people. */
  reason: string;
}

/** Answers `upgrade` may change; everything else is the project's identity and stays. */
export type AnswerChanges = Partial<Pick<Answers, 'phase' | 'ci'>>;

export interface UpgradePlan {
  target: string;
  record: ProjectRecord;
  from: Answers;
  to: Answers;
  actions: UpgradeAction[];
  /** What applyUpgrade writes or removes, .livrable.json included. */
  changes: FileChange[];
}

export interface UpgradeOptions {
  store: TemplateStore;
  generatorVersion: string;
  /** Fixed in tests; defaults to this year (only LICENSE uses it). */
  year?: number;
  /** Fixture layers in tests; defaults to the real manifest. */
  layers?: readonly Layer[];
}

// ── reading the record ───────────────────────────────────────────────────────────────────────────

const CLOSED_KEYS = ANSWER_OPTIONS.filter((o) => o.choices).map((o) => o.key);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The recorded answers, checked as strictly as flags are: they name paths and land in files. */
export function validateRecordedAnswers(raw: unknown, where: string): Answers {
  if (!isObject(raw)) throw new UserError(`${where} has no "answers" object: it is corrupt.`);
  const unknown = Object.keys(raw).filter((k) => !ANSWER_KEYS.includes(k));
  if (unknown.length > 0) {
    throw new UserError(
      `${where} has answers this version does not know (${unknown.join(', ')}): it was written by a newer create-livrable? Upgrade create-livrable first.`,
    );
  }
  for (const key of ANSWER_KEYS) {
    if (typeof raw[key] !== 'string') throw new UserError(`${where}: the answer "${key}" is missing or not a string.`);
  }
  for (const key of CLOSED_KEYS) {
    const value = raw[key] as string;
    const allowed = choiceValues(key) ?? [];
    if (!allowed.includes(value)) {
      throw new UserError(`${where}: the recorded ${key} "${value}" is not valid. Choices: ${allowed.join(', ')}.`);
    }
  }
  try {
    validateDisplayName(raw.name as string);
    validatePackageName(raw.package as string, where);
    validateOneLine(raw.description as string, 'description');
    validateOneLine(raw.author as string, 'author', 200);
  } catch (error) {
    throw new UserError(`${where}: ${(error as Error).message}`);
  }
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(raw.distribution as string)) {
    throw new UserError(`${where}: the recorded distribution "${String(raw.distribution)}" is not a normalised name.`);
  }
  return Object.fromEntries(ANSWER_KEYS.map((k) => [k, raw[k]])) as unknown as Answers;
}

/** Read and check <dir>/.livrable.json. Every way it can be wrong is a UserError (exit 2). */
export function readRecord(target: string): ProjectRecord {
  if (!existsSync(target)) throw new UserError(`${target} does not exist.`);
  if (!statSync(target).isDirectory()) throw new UserError(`${target} is not a directory.`);
  const file = path.join(target, RECORD_PATH);
  if (!existsSync(file)) {
    throw new UserError(
      `${target} has no ${RECORD_PATH}: it was not generated by create-livrable (or the file was deleted), so there is nothing to upgrade from.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file} is not valid JSON (${(error as Error).message}): restore it from git.`);
  }
  if (!isObject(data)) throw new UserError(`${file} is corrupt: not a JSON object.`);
  const generator = data.generator;
  if (!isObject(generator) || generator.name !== 'create-livrable') {
    throw new UserError(`${file} was not written by create-livrable: this is not a livrable project.`);
  }
  const answers = validateRecordedAnswers(data.answers, file);
  const files = data.files;
  if (!isObject(files) || !Object.values(files).every((h) => typeof h === 'string' && h.startsWith('sha256:'))) {
    throw new UserError(`${file} is corrupt: "files" must map paths to "sha256:…" hashes.`);
  }
  for (const p of Object.keys(files)) {
    if (path.posix.isAbsolute(p) || p.split('/').includes('..') || p.includes('\\') || p === '') {
      throw new UserError(`${file} is corrupt: "${p}" is not a path inside the project.`);
    }
  }
  return {
    generator: { name: 'create-livrable', version: typeof generator.version === 'string' ? generator.version : 'unknown' },
    answers,
    layers: Array.isArray(data.layers) ? data.layers.filter((l): l is string => typeof l === 'string') : [],
    files: files as Record<string, string>,
  };
}

// ── answers ──────────────────────────────────────────────────────────────────────────────────────

/** The new answers; refuses a downgrade. Equal answers mean there is nothing to do. */
export function upgradedAnswers(from: Answers, changes: AnswerChanges): Answers {
  const to: Answers = { ...from, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
  for (const key of ['phase', 'ci'] as const) checkChoice(key, to[key]);
  if (phaseRank(to.phase) < phaseRank(from.phase)) {
    throw new UserError(
      `Refusing to downgrade from ${from.phase} to ${to.phase}: upgrade only moves a project forward (${PHASES.join(' → ')}). Remove the files yourself, or regenerate.`,
    );
  }
  return to;
}

export function sameAnswers(a: Answers, b: Answers): boolean {
  return ANSWER_KEYS.every((k) => a[k as keyof Answers] === b[k as keyof Answers]);
}

// ── git ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Uncommitted changes under target (`git status --porcelain`, untracked files included), or
 * undefined when target is not in a git work tree or git cannot run.
 */
export function uncommittedChanges(target: string, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const inside = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: target, env, encoding: 'utf8' });
  if (inside.error || inside.status !== 0 || inside.stdout.trim() !== 'true') return undefined;
  const status = spawnSync('git', ['status', '--porcelain', '--', '.'], { cwd: target, env, encoding: 'utf8' });
  if (status.error || status.status !== 0) {
    throw new UserError(
      `\`git status\` failed in ${target}: ${status.stderr?.trim() || status.error?.message}. Pass --force to upgrade without the check.`,
    );
  }
  return status.stdout.split('\n').filter((line) => line.trim() !== '');
}

// ── planning ────────────────────────────────────────────────────────────────────────────────────

function readIfFile(file: string, target: string): Buffer | undefined {
  let stat;
  try {
    stat = statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
    // The first folder on the way that is a file (earlier ones are folders: stat cannot fail).
    let parent = target;
    for (const part of path.relative(target, file).split(path.sep).slice(0, -1)) {
      parent = path.join(parent, part);
      if (statSync(parent, { throwIfNoEntry: false })?.isFile()) break;
    }
    throw new UserError(
      `Cannot upgrade: ${path.relative(target, parent)} is a file where the upgrade needs a folder (for ${path.relative(target, file)}). Move it away first.`,
    );
  }
  if (!stat) return undefined;
  if (stat.isDirectory()) throw new UserError(`Cannot upgrade: ${file} is a directory, the generator writes a file there.`);
  return readFileSync(file);
}

function fileMode(file: string): number {
  return statSync(file).mode & 0o777;
}

function defaultMode(executable: boolean): number {
  return (executable ? 0o777 : 0o666) & ~process.umask();
}

/**
 * Decide, for every file the old or new plan or the record knows, what the upgrade does. Reads
 * the disk, writes nothing.
 */
export function planUpgrade(target: string, record: ProjectRecord, to: Answers, options: UpgradeOptions): UpgradePlan {
  const from = record.answers;
  const planOptions = {
    store: options.store,
    generatorVersion: options.generatorVersion,
    year: options.year,
    layers: options.layers,
  };
  const base = new Map(plan(from, planOptions).map((f) => [f.path, f]));
  const theirs = new Map(plan(to, planOptions).map((f) => [f.path, f]));
  const newRecord = theirs.get(RECORD_PATH) as PlannedFile;
  base.delete(RECORD_PATH);
  theirs.delete(RECORD_PATH);

  const paths = [...new Set([...base.keys(), ...theirs.keys(), ...Object.keys(record.files)])]
    .filter((p) => p !== RECORD_PATH)
    .sort();
  const actions: UpgradeAction[] = [];
  const changes: FileChange[] = [];
  const act = (p: string, action: ActionKind, reason: string) => actions.push({ path: p, action, reason });

  for (const p of paths) {
    const file = path.join(target, p);
    const disk = readIfFile(file, target);
    const old = base.get(p);
    const next = theirs.get(p);
    const recorded = record.files[p];
    // Untouched: the bytes the generator wrote (per the record), or exactly the old plan's.
    const untouched =
      disk !== undefined && (recorded === `sha256:${sha256(disk)}` || (old !== undefined && disk.equals(old.content)));

    if (!next) {
      if (!disk) {
        if (recorded || old) act(p, 'skip', 'deleted by you, and no longer generated');
      } else if (untouched) {
        act(p, 'remove', 'no longer generated, and untouched since it was');
        changes.push({ path: p, kind: 'remove' });
      } else act(p, 'keep', 'no longer generated, but edited by you: kept as your file');
      continue;
    }
    if (!disk) {
      if (recorded) act(p, 'skip', 'deleted by you: stays deleted');
      else {
        act(p, 'create', `new in ${next.layer}`);
        changes.push({ path: p, kind: 'write', content: next.content, mode: defaultMode(next.executable) });
      }
      continue;
    }
    if (disk.equals(next.content)) {
      act(p, 'keep', 'same as the new version');
      continue;
    }
    if (old?.content.equals(next.content)) {
      act(p, 'keep', untouched ? 'not changed by the upgrade' : 'not changed by the upgrade: your edits stay');
      continue;
    }
    if (untouched) {
      act(p, 'update', 'untouched since generated: replaced by the new version');
      const mode = fileMode(file) | (next.executable ? defaultMode(true) & 0o111 : 0);
      changes.push({ path: p, kind: 'write', content: next.content, mode });
      continue;
    }
    // Edited by the user (or never generated here: a file of theirs where the plan puts one) and
    // changed by the upgrade: 3-way merge, the old plan as base (empty when there is none).
    if (!isText(disk) || !isText(next.content) || (old && !isText(old.content))) {
      act(p, 'conflict', 'binary file edited by you and changed by the upgrade: yours kept, not merged');
      continue;
    }
    const merged = merge3(disk.toString('utf8'), old ? old.content.toString('utf8') : '', next.content.toString('utf8'));
    const content = Buffer.from(merged.text, 'utf8');
    if (merged.conflicts === 0) {
      if (content.equals(disk)) act(p, 'keep', 'your version already has the upgrade’s changes');
      else {
        act(p, 'merge', 'edited by you and changed by the upgrade: merged');
        changes.push({ path: p, kind: 'write', content, mode: fileMode(file) });
      }
    } else {
      const why = old ? 'edited by you and changed by the upgrade on the same lines' : 'your file is where the upgrade puts one';
      act(p, 'conflict', `${why}: ${merged.conflicts} conflict block${merged.conflicts > 1 ? 's' : ''} marked`);
      changes.push({ path: p, kind: 'write', content, mode: fileMode(file) });
    }
  }
  // The record: the new answers and the hashes of the new plan as generated, never of what the
  // merge wrote (see README, "Upgrade": the next upgrade must tell edits apart).
  act(RECORD_PATH, 'update', 'new answers and hashes');
  changes.push({ path: RECORD_PATH, kind: 'write', content: newRecord.content, mode: defaultMode(false) });
  return { target, record, from, to, actions, changes };
}

export function applyUpgrade(upgrade: UpgradePlan): void {
  applyChanges(upgrade.target, upgrade.changes);
}

export function countActions(actions: UpgradeAction[]): Record<ActionKind, number> {
  const counts = Object.fromEntries(ACTION_KINDS.map((k) => [k, 0])) as Record<ActionKind, number>;
  for (const a of actions) counts[a.action] += 1;
  return counts;
}

// ── the whole operation, for the CLI and the generated-repo tests ────────────────────────────────

export interface UpgradeProjectOptions extends UpgradeOptions {
  dryRun?: boolean;
  /** Upgrade even with uncommitted changes in git. */
  force?: boolean;
  /** Environment for `git status` (PATH). */
  env?: NodeJS.ProcessEnv;
}

export interface UpgradeResult {
  target: string;
  from: Answers;
  to: Answers;
  /** The generator version that wrote the record being upgraded, and this one. */
  recordedVersion: string;
  generatorVersion: string;
  upToDate: boolean;
  written: boolean;
  actions: UpgradeAction[];
  counts: Record<ActionKind, number>;
  conflicts: string[];
}

/**
 * Read the record, plan, check git, apply. Throws UserError for every refusal (no record,
 * invalid answers, downgrade, dirty work tree without force); writes nothing unless it returns
 * `written: true`.
 */
export function upgradeProject(target: string, changes: AnswerChanges, options: UpgradeProjectOptions): UpgradeResult {
  const record = readRecord(target);
  const from = record.answers;
  const to = upgradedAnswers(from, changes);
  const result = (actions: UpgradeAction[], upToDate: boolean, written: boolean): UpgradeResult => ({
    target,
    from,
    to,
    recordedVersion: record.generator.version,
    generatorVersion: options.generatorVersion,
    upToDate,
    written,
    actions,
    counts: countActions(actions),
    conflicts: actions.filter((a) => a.action === 'conflict').map((a) => a.path),
  });
  if (sameAnswers(from, to)) return result([], true, false);
  if (!options.dryRun && !options.force) {
    const dirty = uncommittedChanges(target, options.env);
    if (dirty && dirty.length > 0) {
      const shown = dirty.slice(0, 10).map((line) => `  ${line}`);
      if (dirty.length > 10) shown.push(`  … and ${dirty.length - 10} more`);
      throw new UserError(
        `${target} has uncommitted changes:\n${shown.join('\n')}\nCommit or stash them first, so that \`git diff\` shows exactly what the upgrade did (or pass --force).`,
      );
    }
  }
  const upgrade = planUpgrade(target, record, to, options);
  if (!options.dryRun) applyUpgrade(upgrade);
  return result(upgrade.actions, false, !options.dryRun);
}
