import path from 'node:path';
import type { Writable } from 'node:stream';
import { checkChoice, missingRequired, oneShotCommand, resolveAnswers, type Answers, type RawAnswers } from '../core/answers.js';
import { DEFAULT_DIRECTORY } from '../core/domain.js';
import { CancelledError, EXIT, expectedError, UserError } from '../core/errors.js';
import { gitUserName } from '../core/git-config.js';
import { validateTargetDir } from '../core/names.js';
import { loadPreset } from '../core/preset.js';
import { selectLayers } from '../engine/layers.js';
import { plan, type PlannedFile } from '../engine/plan.js';
import { gitConfigValue, initGit, installWithUv, onPath, type StepResult } from '../engine/post.js';
import { targetState, writePlan } from '../engine/write.js';
import { parseCli, type ParsedArgs } from './args.js';
import { helpText } from './help.js';
import { askDirectory, askMissing, confirmOverwrite, intro } from './prompts.js';
import type { Runtime } from './runtime.js';

export type { Runtime } from './runtime.js';

interface Session {
  args: ParsedArgs;
  rt: Runtime;
  interactive: boolean;
}

function say(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

function isInteractive(args: ParsedArgs, rt: Runtime): boolean {
  if (!args.flags.interactive) return false;
  if (rt.env.CI && rt.env.CI !== 'false' && rt.env.CI !== '0') return false;
  return rt.stdin.isTTY === true;
}

/** flags ∪ preset ∪ prompts; in a non-interactive run, missing answers are an error unless --yes. */
async function gatherAnswers(s: Session): Promise<{ directory: string; raw: RawAnswers }> {
  const { args } = s;
  const preset = args.flags.preset ? await loadPreset(path.resolve(s.rt.cwd, args.flags.preset)) : {};
  const raw: RawAnswers = { ...preset, ...args.answers };
  // A bad value is reported before a missing one: it is the more precise message.
  for (const [key, value] of Object.entries(raw)) if (value !== undefined) checkChoice(key, value);
  let directory = args.directory;
  const missing = missingRequired(raw);
  if (args.flags.yes) return { directory: directory ?? DEFAULT_DIRECTORY, raw };
  if (!s.interactive) {
    const needed = [...(directory ? [] : ['[directory]']), ...missing.map((k) => `--${k}`)];
    if (needed.length > 0) {
      throw new UserError(
        `Missing ${needed.join(', ')} in a non-interactive run. Pass them, or --yes to accept the defaults.`,
      );
    }
    return { directory: directory as string, raw };
  }
  const io = { input: s.rt.stdin, output: s.rt.stdout };
  await intro('create-livrable', io);
  directory ??= await askDirectory(io);
  return { directory, raw: { ...raw, ...(await askMissing(missing, io)) } };
}

/** Where a planned file comes from, relative to the package root: one hop to edit it. */
function sources(file: PlannedFile): { template: string | null; fragments?: string[] } {
  const template = file.template ? `templates/${file.template}` : null;
  return file.fragments ? { template, fragments: file.fragments.map((f) => `templates/${f}`) } : { template };
}

function printPlan(files: PlannedFile[], answers: Answers, target: string, s: Session): void {
  if (s.args.flags.json) {
    const json = {
      target,
      answers,
      layers: selectLayers(answers).map((l) => ({ id: l.id, dir: `templates/${l.dir}` })),
      files: files.map((f) => ({ path: f.path, layer: f.layer, ...sources(f) })),
    };
    say(s.rt.stdout, JSON.stringify(json, null, 2));
    return;
  }
  const width = Math.max(...files.map((f) => f.path.length));
  const lines = files.flatMap((f) => {
    const { template, fragments = [] } = sources(f);
    const first = `  ${f.path.padEnd(width)}  ← ${template ?? `(${f.layer}: computed)`}`;
    return [first, ...fragments.map((fragment) => `  ${''.padEnd(width)}    + ${fragment}`)];
  });
  say(s.rt.stdout, `Dry run: ${files.length} files would be written to ${target}\n${lines.join('\n')}`);
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

async function postSteps(target: string, answers: Answers, s: Session): Promise<StepResult[]> {
  const results: StepResult[] = [];
  if (s.args.flags.install ?? onPath('uv', s.rt.env)) results.push(...(await installWithUv(target)));
  if (gitWillRun(s)) results.push(...(await initGit(target, answers.author)));
  return results;
}

function nextSteps(target: string, answers: Answers, installed: boolean, s: Session): string {
  const relative = path.relative(s.rt.cwd, target) || '.';
  const rel = relative.startsWith('..') ? target : relative;
  const cd = rel === '.' ? [] : [`cd ${rel.includes(' ') ? `"${rel}"` : rel}`];
  const run: Record<Answers['deliverable'], string> = {
    api: `uv run uvicorn ${answers.package}.api:app --reload`,
    app: 'uv run streamlit run app/streamlit_app.py',
    report: 'quarto render report/',
    website: 'quarto preview website/',
  };
  const steps = [
    ...cd,
    ...(installed ? [] : ['uv sync']),
    `uv run python -m ${answers.package}.pipeline`,
    'uv run pytest',
    run[answers.deliverable],
  ];
  return [
    `Created ${answers.name} (${answers.deliverable}, ${answers.phase}) in ${target}`,
    '',
    'Next steps:',
    ...steps.map((step) => `  ${step}`),
    '',
    'Same project, no questions asked:',
    `  ${oneShotCommand(answers, rel)}`,
  ].join('\n');
}

async function create(s: Session): Promise<number> {
  const { directory, raw } = await gatherAnswers(s);
  const target = validateTargetDir(directory, s.rt.cwd);
  const answers = resolveAnswers(raw, {
    directoryName: path.basename(target),
    defaultAuthor: raw.author === undefined ? await defaultAuthor(s) : '',
  });
  const files = plan(answers, { store: s.rt.store, generatorVersion: s.rt.version });
  if (s.args.flags.dryRun) {
    printPlan(files, answers, target, s);
    return EXIT.ok;
  }
  let overwrite = s.args.flags.overwrite;
  if (!overwrite && targetState(target) === 'non-empty' && s.interactive) {
    overwrite = await confirmOverwrite(target, { input: s.rt.stdin, output: s.rt.stdout });
    if (!overwrite) throw new CancelledError(`Left ${target} untouched: nothing was written.`);
  }
  writePlan(files, target, { overwrite });
  const results = await postSteps(target, answers, s);
  for (const failed of results.filter((r) => !r.ok)) {
    say(s.rt.stderr, `warning: \`${failed.step}\` failed; the project is written, run it yourself.\n${failed.detail ?? ''}`);
  }
  const installed = results.some((r) => r.step === 'uv sync' && r.ok);
  say(s.rt.stdout, nextSteps(target, answers, installed, s));
  return EXIT.ok;
}

type Subcommand = (argv: string[], rt: Runtime) => Promise<number>;

/** Loaded only when called, so the create path pays nothing for them. */
const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  upgrade: async () => (await import('./upgrade.js')).runUpgrade,
  doctor: async () => (await import('./doctor.js')).runDoctor,
};

const FILESYSTEM_CODES = new Set(['EACCES', 'EPERM', 'ENOTDIR', 'EROFS', 'ENOSPC', 'EEXIST', 'EISDIR']);

/** The whole command. Returns the exit code; never calls process.exit (tests run it in-process). */
export async function main(argv: string[], rt: Runtime): Promise<number> {
  try {
    // Subcommands own their flags; `create` is the default, so a project folder named
    // "upgrade" or "doctor" is written ./upgrade.
    const [first, ...rest] = argv;
    const subcommand = first ? SUBCOMMANDS[first] : undefined;
    if (subcommand) return await (await subcommand())(rest, rt);
    const args = parseCli(argv);
    if (args.help) {
      say(rt.stdout, helpText(rt.version));
      return EXIT.ok;
    }
    if (args.version) {
      say(rt.stdout, rt.version);
      return EXIT.ok;
    }
    if (args.flags.json && !args.flags.dryRun) throw new UserError('--json goes with --dry-run.');
    // Lazy: reading process.stdin builds a stream, which a scripted run never needs.
    return await create({
      args,
      rt,
      get interactive() {
        return isInteractive(args, rt);
      },
    });
  } catch (error) {
    const expected = expectedError(error);
    if (expected) {
      say(rt.stderr, `create-livrable: ${expected.message}`);
      return expected.exitCode;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code && FILESYSTEM_CODES.has(code)) {
      // The disk said no (permissions, read-only, full): a message is more useful than a stack.
      say(rt.stderr, `create-livrable: cannot write the project: ${(error as Error).message}`);
      return EXIT.failure;
    }
    say(rt.stderr, `create-livrable: unexpected error\n${(error as Error).stack ?? String(error)}`);
    return EXIT.failure;
  }
}
