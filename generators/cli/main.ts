import path from 'node:path';
import type { Writable } from 'node:stream';
import { checkChoice, missingRequired, resolveAnswers, unansweredQuestions, type Answers, type DatasetFlags, type RawAnswers } from '../core/answers.js';
import { datasetNotReady, type DatasetChoice } from '../core/dataset.js';
import type { ChosenDataset } from './dataset.js';
import { DEFAULT_DIRECTORY, type Language } from '../core/domain.js';
import { CancelledError, EXIT, expectedError, UserError } from '../core/errors.js';
import { gitUserName } from '../core/git-config.js';
import { isLanguage, languageFlag, localeLanguage, t, useLanguage } from '../core/i18n.js';
import { validateTargetDir } from '../core/names.js';
import { loadPreset } from '../core/preset.js';
import { selectLayers } from '../engine/layers.js';
import { plan, type PlannedFile } from '../engine/plan.js';
import { gitConfigValue, onPath } from '../engine/post.js';
import { targetState } from '../engine/target-state.js';
import { writePlan } from '../engine/write.js';
import { parseCli, type ParsedArgs } from './args.js';
import { helpText } from './help.js';
import { nextSteps, shownPath } from './next-steps.js';
import { givenFlags, npmHint } from './npm-hint.js';
import { chooseSteps, EXIT_INTERRUPTED, failureWarning, interruptedMessage, runPostSteps, watchInterrupts } from './post-run.js';
import { canAnimate, createProgress } from './progress.js';
import { askDirectory, askMissing, confirmOverwrite, intro } from './prompts.js';
import type { Runtime } from './runtime.js';

export type { Runtime } from './runtime.js';

interface Session {
  args: ParsedArgs;
  rt: Runtime;
  interactive: boolean;
  /** The language of the locale: the project's language when neither --lang nor the preset names one. */
  localeLanguage: Language;
}

function say(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

function isInteractive(args: ParsedArgs, rt: Runtime): boolean {
  if (!args.flags.interactive) return false;
  if (rt.env.CI && rt.env.CI !== 'false' && rt.env.CI !== '0') return false;
  return rt.stdin.isTTY === true;
}

interface Gathered {
  directory: string;
  raw: RawAnswers;
  overwrite?: boolean;
  dataset?: DatasetFlags;
}

/** --dataset's lazy file: reading, inference and its questions (dist/lazy/dataset.cjs). */
const datasetModule = () => import('./dataset.js');

/** flags ∪ preset ∪ prompts; in a non-interactive run, missing answers are an error unless --yes. */
async function gatherAnswers(s: Session): Promise<Gathered> {
  const { args } = s;
  const { dataset: presetDataset, target: presetTarget, ...preset } = args.flags.preset
    ? await loadPreset(path.resolve(s.rt.cwd, args.flags.preset))
    : {};
  const given = { dataset: args.dataset.dataset ?? presetDataset, target: args.dataset.target ?? presetTarget };
  // Checked before any question: a missing half of the pair is a usage error.
  const either = given.dataset !== undefined || given.target !== undefined;
  const dataset = either ? (await datasetModule()).datasetFlags(given) : undefined;
  const raw: RawAnswers = { ...preset, ...args.answers };
  // A bad value is reported before a missing one: it is the more precise message.
  for (const [key, value] of Object.entries(raw)) if (value !== undefined) checkChoice(key, value);
  // The preset's language speaks from here on (a --lang flag already spoke from the start).
  if (raw.lang !== undefined) await useLanguage(checkChoice('lang', raw.lang) as Language);
  let directory = args.directory;
  if (args.flags.yes) return { directory: directory ?? DEFAULT_DIRECTORY, raw, dataset };
  if (!s.interactive) {
    const needed = [...(directory ? [] : ['[directory]']), ...missingRequired(raw).map((k) => `--${k}`)];
    if (needed.length > 0) {
      throw new UserError(t('missingNonInteractive', { needed: needed.join(', ') }));
    }
    return { directory: directory as string, raw, dataset };
  }
  const io = { input: s.rt.stdin, output: s.rt.stdout };
  await intro('create-livrable', io, raw.lang !== undefined);
  directory ??= await askDirectory(io);
  // Asked right after the folder: a "no" should not come after every other question.
  const overwrite = await confirmNonEmpty(directory, s);
  return { directory, raw: { ...raw, ...(await askMissing(unansweredQuestions(raw), io)) }, overwrite, dataset };
}

/** Interactively: true when the user agreed to write into a non-empty folder; throws on "no". */
async function confirmNonEmpty(directory: string, s: Session): Promise<boolean> {
  if (s.args.flags.overwrite || s.args.flags.dryRun) return s.args.flags.overwrite;
  const target = validateTargetDir(directory, s.rt.cwd);
  if (targetState(target) !== 'non-empty') return false;
  if (await confirmOverwrite(target, { input: s.rt.stdin, output: s.rt.stdout })) return true;
  throw new CancelledError(t('leftUntouched', { target }));
}

/** A dry run says so when the real run would stop at the target (a non-empty folder, a file). */
function dryRunTargetNote(target: string, s: Session): string | undefined {
  let state;
  try {
    state = targetState(target);
  } catch (error) {
    if (expectedError(error)) return t('dryRunRefused', { reason: (error as Error).message });
    throw error;
  }
  if (state !== 'non-empty' || s.args.flags.overwrite) return undefined;
  return t(s.interactive ? 'dryRunWouldAsk' : 'dryRunNonEmpty', { target });
}

/** Where a planned file comes from, relative to the package root: one hop to edit it. */
function sources(file: PlannedFile): { template: string | null; fragments?: string[] } {
  const template = file.template ? `templates/${file.template}` : null;
  return file.fragments ? { template, fragments: file.fragments.map((f) => `templates/${f}`) } : { template };
}

function printPlan(files: PlannedFile[], answers: Answers, target: string, s: Session, dataset?: ChosenDataset): void {
  if (s.args.flags.json) {
    const json = {
      target,
      answers,
      ...(dataset ? { dataset: dataset.choice.spec } : {}),
      layers: selectLayers(answers).map((l) => ({ id: l.id, dir: `templates/${l.dir}` })),
      files: files.map((f) => ({ path: f.path, layer: f.layer, ...sources(f) })),
    };
    say(s.rt.stdout, JSON.stringify(json, null, 2));
    return;
  }
  const width = Math.max(...files.map((f) => f.path.length));
  const lines = files.flatMap((f) => {
    const { template, fragments = [] } = sources(f);
    const first = `  ${f.path.padEnd(width)}  ← ${template ?? `(${f.layer}: ${t('computed')})`}`;
    return [first, ...fragments.map((fragment) => `  ${''.padEnd(width)}    + ${fragment}`)];
  });
  const data = dataset ? `\n${dataset.line}` : '';
  say(s.rt.stdout, `${t('dryRunHeader', { count: files.length, target })}${data}\n${lines.join('\n')}`);
}

/** Whether this run makes a git repository: --git, or git installed unless --no-git. */
function gitWillRun(s: Session): boolean {
  return s.args.flags.git ?? onPath('git', s.rt.env);
}

/**
 * The author when --author and the preset give none: the name git would record. A run that runs
 * git anyway asks git (`git config --get user.name`: includes and conditions resolved as git does).
 * A run that does not (--no-git, or no git installed) must spawn nothing, so it reads the global
 * config files itself (core/git-config.ts, which follows [include]). A --dry-run decides the same
 * way as the real run, so that both plan the same files.
 */
async function defaultAuthor(s: Session): Promise<string> {
  if (s.rt.env.GIT_AUTHOR_NAME) return s.rt.env.GIT_AUTHOR_NAME;
  if (gitWillRun(s)) return (await gitConfigValue('user.name', s.rt.cwd, s.rt.env)) ?? '';
  return gitUserName(s.rt.env);
}

async function create(s: Session): Promise<number> {
  const { directory, raw, overwrite: confirmed, dataset: datasetFlags } = await gatherAnswers(s);
  const target = validateTargetDir(directory, s.rt.cwd);
  const answers = resolveAnswers(raw, {
    directoryName: path.basename(target),
    defaultAuthor: raw.author === undefined ? await defaultAuthor(s) : '',
    language: s.localeLanguage,
  });
  // Refused before the file is read: some deliverables and phases cannot take other data yet.
  const notReady = datasetFlags && datasetNotReady(answers.deliverable, answers.phase);
  if (notReady) throw new UserError(notReady);
  const dataset = datasetFlags ? await chooseDataset(datasetFlags, s) : undefined;
  // `dataset` is read by plan(): the schema module, the sample and the record come from it.
  const planOptions: Parameters<typeof plan>[1] & { dataset?: DatasetChoice } = {
    store: s.rt.store,
    generatorVersion: s.rt.version,
    ...(dataset ? { dataset: dataset.choice } : {}),
  };
  const files = plan(answers, planOptions);
  if (s.args.flags.dryRun) {
    printPlan(files, answers, target, s, dataset);
    const note = dryRunTargetNote(target, s);
    if (note) say(s.rt.stderr, `${t('note')}${note}`);
    return EXIT.ok;
  }
  let overwrite = s.args.flags.overwrite || confirmed === true;
  if (!overwrite && targetState(target) === 'non-empty' && s.interactive) {
    overwrite = await confirmOverwrite(target, { input: s.rt.stdin, output: s.rt.stdout });
    if (!overwrite) throw new CancelledError(t('leftUntouched', { target }));
  }
  const { groups, warnings } = chooseSteps({ install: s.args.flags.install, git: s.args.flags.git, author: answers.author }, s.rt.env);
  // Only a run that spawns listens for Ctrl-C: a scripted --no-git --no-install run stays as it was.
  const watch = groups.length > 0 ? watchInterrupts(s.rt.signals ?? process) : undefined;
  try {
    for (const note of await writePlan(files, target, { overwrite })) say(s.rt.stderr, `${t('note')}${note}`);
    for (const warning of warnings) say(s.rt.stderr, `${t('warning')}${warning}`);
    if (!watch) {
      say(s.rt.stdout, nextSteps(target, answers, false, s.rt.cwd, datasetFlags));
      return EXIT.ok;
    }
    const progress = createProgress(s.rt.stdout, canAnimate(s.rt.stdout as Writable & { isTTY?: boolean }, s.rt.env));
    const outcome = await runPostSteps(groups, target, s.rt.env, progress, watch);
    if (outcome.interrupted) {
      say(s.rt.stderr, `create-livrable: ${interruptedMessage(outcome.interrupted, target, shownPath(target, s.rt.cwd))}`);
      return EXIT_INTERRUPTED;
    }
    for (const failed of outcome.results.filter((r) => !r.ok)) say(s.rt.stderr, `${t('warning')}${failureWarning(failed)}`);
    const installed = outcome.results.some((r) => r.step === 'uv sync' && r.ok);
    say(s.rt.stdout, nextSteps(target, answers, installed, s.rt.cwd, datasetFlags));
    return EXIT.ok;
  } finally {
    watch?.stop();
  }
}

/** The table's schema, inferred (and in a terminal confirmed); its reader is loaded only here. */
async function chooseDataset(flags: DatasetFlags, s: Session): Promise<ChosenDataset> {
  const { chooseDataset: choose } = await datasetModule();
  return choose(flags.dataset, flags.target, {
    cwd: s.rt.cwd,
    // --yes accepts the inferred schema as it accepts the defaults.
    interactive: s.interactive && !s.args.flags.yes,
    io: { input: s.rt.stdin, output: s.rt.stdout },
    stderr: s.rt.stderr,
  });
}

type Subcommand = (argv: string[], rt: Runtime) => Promise<number>;

/** upgrade's lazy file, which also leads to add's (dist/lazy/add.cjs, with plop) when run. */
const changeCommands = () => import('./upgrade.js');

/** Loaded only when called, so the create path pays nothing for them. */
const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  upgrade: async () => (await changeCommands()).runUpgrade,
  doctor: async () => (await import('./doctor.js')).runDoctor,
  // Through upgrade's lazy file: the entry keeps its fixed set of lazy files (test/startup.test.ts).
  add: async () => (await changeCommands()).runAdd,
};

const FILESYSTEM_CODES = new Set(['EACCES', 'EPERM', 'ENOTDIR', 'EROFS', 'ENOSPC', 'EEXIST', 'EISDIR']);

/** The whole command. Returns the exit code; never calls process.exit (tests run it in-process). */
export async function main(argv: string[], rt: Runtime): Promise<number> {
  try {
    // --lang speaks from the first word, subcommands included; a bad value is refused in the
    // locale's language (the only one known then).
    const locale = localeLanguage(rt.env);
    const flag = languageFlag(argv)?.toLowerCase();
    await useLanguage(flag !== undefined && isLanguage(flag) ? flag : locale);
    if (flag !== undefined && !isLanguage(flag)) checkChoice('lang', flag);
    // Subcommands own their flags; `create` is the default, so a project folder named
    // "upgrade" or "doctor" is written ./upgrade.
    const [first, ...rest] = argv;
    const subcommand = first ? SUBCOMMANDS[first] : undefined;
    if (subcommand) return await (await subcommand())(rest, rt);
    const args = parseCli(argv, rt.env);
    if (args.help) {
      say(rt.stdout, helpText(rt.version));
      return EXIT.ok;
    }
    if (args.version) {
      say(rt.stdout, rt.version);
      return EXIT.ok;
    }
    if (args.flags.json && !args.flags.dryRun) throw new UserError(t('jsonNeedsDryRun'));
    const npmNote = npmHint(rt.env, givenFlags(argv), args.directory);
    if (npmNote) say(rt.stderr, `create-livrable: ${t('note').trimEnd()}${npmNote}`);
    // Lazy: reading process.stdin builds a stream, which a scripted run never needs.
    return await create({
      args,
      rt,
      localeLanguage: locale,
      get interactive() {
        return isInteractive(args, rt);
      },
    });
  } catch (error) {
    return reportError(error, rt);
  }
}

/**
 * Every message is one line: Node's own messages (`--name -x`: three lines) and values the user
 * typed (a newline in a quoted argument) are folded, control characters shown as escapes.
 */
export function oneLine(message: string): string {
  return visible(
    message
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .join(' '),
  );
}

/** Control characters (a terminal would obey them) shown as escapes. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The one place errors become output: an expected error is its message and its exit code; a
 * file-system refusal a one-line message, exit 1; anything else (a bug) a one-line message, exit
 * 1, with the stack trace only when DEBUG is set, so a user never has to read a stack to know
 * what went wrong, and a maintainer can still get one.
 */
function reportError(error: unknown, rt: Runtime): number {
  const expected = expectedError(error);
  if (expected) {
    say(rt.stderr, `create-livrable: ${oneLine(expected.message)}`);
    const detail = (error as { detail?: unknown }).detail;
    if (typeof detail === 'string' && detail) say(rt.stderr, detail.split(/\r?\n/).map(visible).join('\n'));
    return expected.exitCode;
  }
  const message = oneLine(error instanceof Error ? error.message : String(error)) || t('noMessage');
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && FILESYSTEM_CODES.has(code)) {
    // The disk said no (permissions, read-only, full): a message is more useful than a stack.
    say(rt.stderr, `create-livrable: ${t('cannotWrite', { message })}`);
    return EXIT.failure;
  }
  const debug = rt.env.DEBUG !== undefined && rt.env.DEBUG !== '' && rt.env.DEBUG !== '0';
  say(rt.stderr, `create-livrable: ${t('unexpected', { message })}${debug ? '' : t('debugHint')}`);
  if (debug) say(rt.stderr, (error as Error | undefined)?.stack ?? String(error));
  return EXIT.failure;
}
