import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkChoice, type Answers } from '../core/answers.js';
import { deliverablesOf, isDeliverableList } from '../core/deliverables.js';
import { ANSWER_KEYS, ANSWER_OPTIONS, choiceValues, DELIVERABLES, PHASES, phaseRank } from '../core/domain.js';
import { datasetNotReady, validateDatasetSpec, type DatasetChoice } from '../core/dataset.js';
import { UserError } from '../core/errors.js';
import { validateDisplayName, validateOneLine, validatePackageName } from '../core/names.js';
import type { Layer } from './layers.js';
import { conflictMarkerLine, isText, merge3 } from './merge.js';
import { planWithAdditions, validateAdditions } from './additions.js';
import { datasetPaths, type PlannedFile } from './plan.js';
import { RECORD_PATH, sha256, type ProjectRecord } from './record.js';
import type { TemplateStore } from './store.js';
import { applyChanges, recoveryAdvice, resumeTransaction, rollbackTransaction, withLock, type FileChange } from './apply.js';
import { SAFE_GIT_FLAGS, safeGitEnv, safeGitEnvIn } from './git.js';
import { findLeftovers, type Journal, type Leftover } from './journal.js';
import { actionWord, inspectPath, type PathAction, printable, unsafePathReason } from './safe-path.js';
import { said } from './upgrade-messages.js';

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
export type AnswerChanges = Partial<Pick<Answers, 'phase' | 'ci' | 'lang'>>;
/** The answers upgrade can change, in the order its summary names them. */
export const CHANGEABLE_KEYS = ['phase', 'ci', 'lang'] as const;

/**
 * Answers a record may lack because it was written before they existed, with the value that
 * reproduces what that version generated (every project before `lang` was English).
 */
const ANSWERS_ADDED_LATER: Readonly<Record<string, string>> = { lang: 'en' };

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
  /** The new plan, when the caller computed it (`add`: the recorded plan plus one addition). */
  theirs?: PlannedFile[];
  /** How the per-file reasons name the change (`add` says "the step explain", not "the upgrade"). */
  wording?: ChangeWording;
}

/** The words of the per-file reasons and refusals, so that each command speaks of itself. */
export interface ChangeWording {
  /** The verb of the refusals: "Cannot upgrade: …", "Cannot add: …". */
  verb: 'upgrade' | 'add';
  /** The change, as the subject of "changed by …": "the upgrade", "the step explain". */
  change: string;
  /** Why an untouched file is rewritten. */
  update: string;
  /** Why the record is rewritten. */
  record: string;
}

/** upgrade's own wording, in the current language (the verb is the command's name). */
export function upgradeWording(): ChangeWording {
  return { verb: 'upgrade', change: said('wordingChange'), update: said('wordingUpdate'), record: said('wordingRecord') };
}

// ── reading the record ───────────────────────────────────────────────────────────────────────────

const CLOSED_KEYS = ANSWER_OPTIONS.filter((o) => o.choices).map((o) => o.key);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The recorded answers, checked as strictly as flags are: they name paths and land in files. */
export function validateRecordedAnswers(recorded: unknown, where: string): Answers {
  if (!isObject(recorded)) throw new UserError(said('noAnswers', { where }));
  const { extraDeliverables, ...rest } = recorded;
  const raw: Record<string, unknown> = { ...ANSWERS_ADDED_LATER, ...rest };
  const unknown = Object.keys(raw).filter((k) => !ANSWER_KEYS.includes(k));
  if (unknown.length > 0) {
    throw new UserError(said('recordNewerAnswers', { where, keys: unknown.join(', ') }));
  }
  for (const key of ANSWER_KEYS) {
    if (typeof raw[key] !== 'string') throw new UserError(said('recordAnswerMissing', { where, key }));
  }
  for (const key of CLOSED_KEYS) {
    const value = raw[key] as string;
    const allowed = choiceValues(key) ?? [];
    if (!allowed.includes(value)) {
      throw new UserError(said('recordAnswerInvalid', { where, key, value, choices: allowed.join(', ') }));
    }
  }
  try {
    validateDisplayName(raw.name as string);
    validatePackageName(raw.package as string, where);
    validateOneLine(raw.description as string, 'description');
    validateOneLine(raw.author as string, 'author', 200);
  } catch (error) {
    throw new UserError(said('recordAnswerBad', { where, error: (error as Error).message }));
  }
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(raw.distribution as string)) {
    throw new UserError(said('recordDistribution', { where, value: String(raw.distribution) }));
  }
  if (extraDeliverables !== undefined && !isDeliverableList(extraDeliverables, raw.deliverable)) {
    const value = JSON.stringify(extraDeliverables) ?? '';
    throw new UserError(said('recordAnswerInvalid', { where, key: 'extraDeliverables', value, choices: DELIVERABLES.join(', ') }));
  }
  // The same key order as a new record: the extra deliverables right after the primary.
  return Object.fromEntries(
    ANSWER_KEYS.flatMap((k) =>
      k === 'deliverable' && extraDeliverables !== undefined
        ? [
            [k, raw[k]],
            ['extraDeliverables', extraDeliverables],
          ]
        : [[k, raw[k]]],
    ),
  ) as unknown as Answers;
}

/** Read and check <dir>/.livrable.json. Every way it can be wrong is a UserError (exit 2). */
export function readRecord(target: string): ProjectRecord {
  if (!existsSync(target)) throw new UserError(said('missing', { target }));
  if (!statSync(target).isDirectory()) throw new UserError(said('notDirectory', { target }));
  const file = path.join(target, RECORD_PATH);
  const stat = lstatSync(file, { throwIfNoEntry: false });
  if (!stat) {
    throw new UserError(said('noRecord', { target, record: RECORD_PATH }));
  }
  // Never read through a link (it could copy an outside file's content in) nor from a FIFO.
  if (!stat.isFile()) throw new UserError(said('recordNotFile', { file }));
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(said('recordNotJson', { file, error: (error as Error).message }));
  }
  if (!isObject(data)) throw new UserError(said('recordNotObject', { file }));
  const generator = data.generator;
  if (!isObject(generator) || generator.name !== 'create-livrable') {
    throw new UserError(said('notLivrable', { file }));
  }
  const answers = validateRecordedAnswers(data.answers, file);
  const files = data.files;
  if (!isObject(files) || !Object.values(files).every((h) => typeof h === 'string' && h.startsWith('sha256:'))) {
    throw new UserError(said('recordHashes', { file }));
  }
  for (const p of Object.keys(files)) {
    const reason = unsafePathReason(p);
    if (reason) throw new UserError(said('recordUnsafePath', { file, path: printable(p), reason }));
  }
  return {
    generator: { name: 'create-livrable', version: typeof generator.version === 'string' ? generator.version : 'unknown' },
    answers,
    layers: Array.isArray(data.layers) ? data.layers.filter((l): l is string => typeof l === 'string') : [],
    files: files as Record<string, string>,
    added: validateAdditions(data.added, answers, file),
    ...(data.dataset === undefined ? {} : { dataset: validateDatasetSpec(data.dataset, file) }),
  };
}

/**
 * The project's own data, for both plans of an upgrade or an add: the recorded spec and the
 * sample as it is on disk (so the sample is never rewritten, and the new tests are built on it).
 * Undefined for a project on the default penguins.
 */
export function recordedDataset(target: string, record: ProjectRecord): DatasetChoice | undefined {
  if (record.dataset === undefined) return undefined;
  const p = datasetPaths(record.answers.package, record.dataset).sample;
  const sample = readIfFile(target, p, 'readSample');
  if (sample === undefined) {
    throw new UserError(said('sampleMissing', { path: p, record: RECORD_PATH }));
  }
  return { spec: record.dataset, sample };
}

// ── answers ──────────────────────────────────────────────────────────────────────────────────────

/** The new answers; refuses a downgrade. Equal answers mean there is nothing to do. */
export function upgradedAnswers(from: Answers, changes: AnswerChanges): Answers {
  const to: Answers = { ...from, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
  for (const key of CHANGEABLE_KEYS) checkChoice(key, to[key]);
  if (phaseRank(to.phase) < phaseRank(from.phase)) {
    throw new UserError(said('downgrade', { from: from.phase, to: to.phase, phases: PHASES.join(' → ') }));
  }
  return to;
}

export function sameAnswers(a: Answers, b: Answers): boolean {
  return (
    ANSWER_KEYS.every((k) => a[k as keyof Answers] === b[k as keyof Answers]) &&
    deliverablesOf(a).join(',') === deliverablesOf(b).join(',')
  );
}

// ── git ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Uncommitted changes under target (`git status --porcelain`, untracked files included), or
 * undefined when target is not in a git work tree or git cannot run.
 */
export function uncommittedChanges(target: string, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const git = (args: string[], gitEnv = safeGitEnv(env)) =>
    spawnSync('git', [...SAFE_GIT_FLAGS, ...args], { cwd: target, env: gitEnv, encoding: 'utf8' });
  const inside = git(['rev-parse', '--is-inside-work-tree']);
  if (inside.error || inside.status !== 0 || inside.stdout.trim() !== 'true') return undefined;
  // No filter command of the repository's may run while status re-reads a touched file.
  const status = git(['status', '--porcelain', '--', '.'], safeGitEnvIn(target, env, spawnSync));
  if (status.error || status.status !== 0) {
    throw new UserError(said('gitStatusFailed', { target, error: status.stderr?.trim() || status.error?.message || '' }));
  }
  return status.stdout.split('\n').filter((line) => line.trim() !== '');
}

// ── planning ────────────────────────────────────────────────────────────────────────────────────

/** The file at p, or undefined; never through a link, never outside target (see safe-path.ts). */
function readIfFile(target: string, p: string, action: PathAction): Buffer | undefined {
  const entry = inspectPath(target, p, action);
  if (entry.kind === 'missing') return undefined;
  if (entry.kind === 'directory') {
    throw new UserError(said('directoryInTheWay', { path: p, verb: actionWord(action) }));
  }
  return readFileSync(path.join(target, p));
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
  const words = options.wording ?? upgradeWording();
  const dataset = recordedDataset(target, record);
  const notReady = dataset && datasetNotReady(to.deliverable, to.phase);
  if (notReady) throw new UserError(notReady);
  const planOptions = {
    ...(dataset ? { dataset } : {}),
    store: options.store,
    generatorVersion: options.generatorVersion,
    year: options.year,
    layers: options.layers,
  };
  // What `add` grew the project with is part of both plans: an upgrade keeps it, and adds the
  // parts the new phase brings (the Argo task of an added step).
  const added = record.added ?? [];
  const base = new Map(planWithAdditions(from, added, planOptions).map((f) => [f.path, f]));
  const theirs = new Map((options.theirs ?? planWithAdditions(to, added, planOptions)).map((f) => [f.path, f]));
  const newRecord = theirs.get(RECORD_PATH) as PlannedFile;
  base.delete(RECORD_PATH);
  theirs.delete(RECORD_PATH);

  const paths = [...new Set([...base.keys(), ...theirs.keys(), ...Object.keys(record.files)])]
    .filter((p) => p !== RECORD_PATH)
    .sort();
  const actions: UpgradeAction[] = [];
  const changes: FileChange[] = [];
  const act = (p: string, action: ActionKind, reason: string) => actions.push({ path: p, action, reason });
  /** Edited files the upgrade would merge into that still hold conflict markers. */
  const unresolved: string[] = [];

  for (const p of paths) {
    const file = path.join(target, p);
    const disk = readIfFile(target, p, words.verb);
    const old = base.get(p);
    const next = theirs.get(p);
    const recorded = record.files[p];
    // Untouched: the bytes the generator wrote (per the record), or exactly the old plan's.
    const untouched =
      disk !== undefined && (recorded === `sha256:${sha256(disk)}` || (old !== undefined && disk.equals(old.content)));

    if (!next) {
      if (!disk) {
        if (recorded || old) act(p, 'skip', said('reasonDeletedGone'));
      } else if (untouched) {
        act(p, 'remove', said('reasonRemove'));
        changes.push({ path: p, kind: 'remove' });
      } else act(p, 'keep', said('reasonKeptYours'));
      continue;
    }
    if (!disk) {
      if (recorded) act(p, 'skip', said('reasonStaysDeleted'));
      else {
        act(p, 'create', said('reasonNew', { layer: next.layer }));
        changes.push({ path: p, kind: 'write', content: next.content, mode: defaultMode(next.executable) });
      }
      continue;
    }
    if (disk.equals(next.content)) {
      act(p, 'keep', said('reasonSame'));
      continue;
    }
    if (old?.content.equals(next.content)) {
      act(p, 'keep', said(untouched ? 'reasonNotChanged' : 'reasonNotChangedEdits', { change: words.change }));
      continue;
    }
    if (untouched) {
      act(p, 'update', words.update);
      const mode = fileMode(file) | (next.executable ? defaultMode(true) & 0o111 : 0);
      changes.push({ path: p, kind: 'write', content: next.content, mode });
      continue;
    }
    // Edited by the user (or never generated here: a file of theirs where the plan puts one) and
    // changed by the upgrade: 3-way merge, the old plan as base (empty when there is none).
    if (!isText(disk) || !isText(next.content) || (old && !isText(old.content))) {
      act(p, 'conflict', said('reasonBinary', { change: words.change }));
      continue;
    }
    const markerLine = conflictMarkerLine(disk.toString('utf8'));
    if (markerLine > 0) {
      unresolved.push(`${p}:${markerLine}`);
      continue;
    }
    const merged = merge3(disk.toString('utf8'), old ? old.content.toString('utf8') : '', next.content.toString('utf8'));
    const content = Buffer.from(merged.text, 'utf8');
    if (merged.conflicts === 0) {
      if (content.equals(disk)) act(p, 'keep', said('reasonAlreadyHas', { change: words.change }));
      else {
        act(p, 'merge', said('reasonMerged', { change: words.change }));
        changes.push({ path: p, kind: 'write', content, mode: fileMode(file) });
      }
    } else {
      const why = said(old ? 'reasonSameLines' : 'reasonYourFileThere', { change: words.change });
      act(p, 'conflict', said(merged.conflicts > 1 ? 'reasonConflictMany' : 'reasonConflictOne', { why, count: merged.conflicts }));
      changes.push({ path: p, kind: 'write', content, mode: fileMode(file) });
    }
  }
  if (unresolved.length > 0) {
    // Merging into a file that still has markers would nest conflicts and hide the old ones.
    throw new UserError(said('unresolvedMarkers', { paths: unresolved.join(', '), verb: words.verb }));
  }
  // The record: the new answers and the hashes of the new plan as generated, never of what the
  // merge wrote (see README, "Upgrade": the next upgrade must tell edits apart).
  act(RECORD_PATH, 'update', words.record);
  changes.push({ path: RECORD_PATH, kind: 'write', content: newRecord.content, mode: defaultMode(false) });
  return { target, record, from, to, actions, changes };
}

export function applyUpgrade(upgrade: UpgradePlan): void {
  const keys = CHANGEABLE_KEYS.filter((k) => upgrade.from[k] !== upgrade.to[k]);
  applyChanges(upgrade.target, upgrade.changes, {
    command: 'upgrade',
    summary: keys.map((k) => `${k} ${upgrade.from[k]} → ${upgrade.to[k]}`).join(', '),
    conflicts: upgrade.actions.filter((a) => a.action === 'conflict').map((a) => a.path),
  });
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
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) settleLeftovers(target);
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
  if (!options.dryRun && !options.force) requireCleanTree(target, options.env, 'the upgrade');
  const upgrade = planUpgrade(target, record, to, options);
  if (!options.dryRun) applyUpgrade(upgrade);
  return result(upgrade.actions, false, !options.dryRun);
}

// ── interrupted changes ─────────────────────────────────────────────────────────────────────────

function describeJournal(journal: Journal): string {
  if (journal.command === 'upgrade') return `upgrade (${journal.summary})`;
  return `${journal.command} ${journal.summary}`;
}

/** Refusals for staging folders an upgrade must not work past; deletes the harmless ones. */
function unusable(target: string, leftover: Leftover): UserError | undefined {
  switch (leftover.state) {
    case 'running':
      return new UserError(said('anotherChanging', { pid: leftover.pid, target }));
    case 'unreadable':
    case 'orphan':
      return new UserError(said(leftover.state === 'orphan' ? 'orphanBackups' : 'unreadableJournal', { dir: leftover.dir }));
    case 'finished':
    case 'journal':
      return undefined;
  }
}

/**
 * Refuse a change to a git work tree with uncommitted changes (untracked files included), so
 * that `git diff` afterwards shows exactly what `what` did. Shared by upgrade and add.
 */
export function requireCleanTree(target: string, env: NodeJS.ProcessEnv | undefined, what: string): void {
  const dirty = uncommittedChanges(target, env);
  if (!dirty || dirty.length === 0) return;
  const shown = dirty.slice(0, 10).map((line) => `  ${line}`);
  if (dirty.length > 10) shown.push(said('andMore', { count: dirty.length - 10 }));
  throw new UserError(said('uncommitted', { target, changes: shown.join('\n'), what }));
}

/**
 * Before a plain upgrade: a change a crash interrupted is never worked past (its files are half
 * moved); the user chooses --resume or --rollback. Staging folders of a finished change, or of
 * one killed before its journal (nothing had changed), are deleted.
 */
export function settleLeftovers(target: string): void {
  const leftovers = findLeftovers(target, readdirSync(target));
  // Every refusal before any deletion: a refused run changes nothing.
  for (const leftover of leftovers) {
    const refusal = unusable(target, leftover);
    if (refusal) throw refusal;
    if (leftover.state === 'journal') {
      throw new UserError(said('interruptedFound', { change: describeJournal(leftover.journal), target, advice: recoveryAdvice(target) }));
    }
  }
  removeFinished(leftovers);
}

function removeFinished(leftovers: readonly Leftover[]): void {
  for (const leftover of leftovers) {
    if (leftover.state === 'finished') rmSync(leftover.dir, { recursive: true, force: true });
  }
}

export interface RecoveryResult {
  target: string;
  /** What was finished or undone, for people; empty when there was no interrupted change. */
  recovered: { change: string; outcome: 'finished' | 'undone'; conflicts: string[] }[];
  /** Leftover staging folders deleted (a change killed before it began, or after it ended). */
  cleaned: number;
}

/**
 * `upgrade --resume` / `--rollback`: finish or undo the change a crash or kill interrupted in
 * target, from its journal. A change whose rollback had already begun can only be undone, so
 * --resume completes that rollback (and says so). No git check: the tree is mid-change by nature.
 */
export function recoverProject(target: string, mode: 'resume' | 'rollback'): RecoveryResult {
  if (!existsSync(target)) throw new UserError(said('missing', { target }));
  if (!statSync(target).isDirectory()) throw new UserError(said('notDirectory', { target }));
  return withLock(target, () => recoverLocked(target, mode));
}

function recoverLocked(target: string, mode: 'resume' | 'rollback'): RecoveryResult {
  const result: RecoveryResult = { target, recovered: [], cleaned: 0 };
  const leftovers = findLeftovers(target, readdirSync(target));
  for (const leftover of leftovers) {
    const refusal = unusable(target, leftover);
    if (refusal) throw refusal;
  }
  removeFinished(leftovers);
  for (const leftover of leftovers) {
    if (leftover.state === 'finished') result.cleaned += 1;
    if (leftover.state !== 'journal') continue;
    const { journal, dir } = leftover;
    const forward = mode === 'resume' && journal.direction === 'forward';
    if (forward) resumeTransaction(target, dir, journal);
    else rollbackTransaction(target, dir, journal);
    result.recovered.push({
      change: describeJournal(journal),
      outcome: forward ? 'finished' : 'undone',
      conflicts: forward ? journal.conflicts : [],
    });
  }
  return result;
}
