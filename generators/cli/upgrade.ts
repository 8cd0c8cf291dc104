import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { checkChoice, type Answers } from '../core/answers.js';
import { EXIT, UserError } from '../core/errors.js';
import { CI_PROVIDERS, LANGUAGES, PHASES, type CiProvider, type Language, type Phase } from '../core/domain.js';
import { MARKERS } from '../engine/merge.js';
import {
  ACTION_KINDS,
  recoverProject,
  upgradeProject,
  CHANGEABLE_KEYS,
  type AnswerChanges,
  type UpgradeResult,
} from '../engine/upgrade.js';
import type { Runtime } from './runtime.js';

/** Written, but conflict blocks need resolving: distinct from 0 so a script cannot miss it. */
export const EXIT_CONFLICTS = 3;

/** Phases one can upgrade to: every one but the first. */
const LATER_PHASES = PHASES.slice(1).join('|');

export function upgradeHelpText(version: string): string {
  return `create-livrable ${version} upgrade
Move a generated project to a later phase (or other answers) without losing your edits.

Usage:
  create-livrable upgrade [directory] --phase <${LATER_PHASES}> [options]
  create-livrable upgrade [directory] --resume | --rollback
  npx create-livrable@latest upgrade [directory] --phase production

Reads <directory>/.livrable.json (default directory: .), plans the project for the new answers and
applies the difference, file by file:
  create    new file: written
  update    generated file you never touched: replaced by the new version
  merge     file you edited that the upgrade changes: 3-way merged, your edits kept
  conflict  you and the upgrade changed the same lines: both written between
            ${MARKERS.ours} / ${MARKERS.separator} / ${MARKERS.theirs}
  keep      nothing to do (the upgrade does not change it, or it is already up to date)
  skip      generated file you deleted: stays deleted
  remove    no longer generated and untouched: removed (if you edited it, it is kept)
Files you added are never read or written. .livrable.json gets the new answers and hashes.

Options:
  --phase <${LATER_PHASES}>
                        the phase to move to (a later one: downgrades are refused)
  --ci <${CI_PROVIDERS.join('|')}>         the CI provider
  --lang <${LANGUAGES.join('|')}>            the language of the generated documents (untouched ones are
                        switched, edited ones 3-way merged)
  --dry-run             print the action for every file and write nothing
  --json                with --dry-run: {"target","from","to","actions":[{"path","action","reason"}],"counts","conflicts"}
  --force               upgrade even if the git work tree has uncommitted changes
  --resume              finish an upgrade (or create --overwrite) that a crash or kill interrupted
  --rollback            undo it instead: every file back as it was before it began
  -h, --help            show this help

A journal is written before the first change. If the upgrade is interrupted (kill, crash, power
cut), the next upgrade refuses until you choose --resume or --rollback; nothing is lost meanwhile
(replaced files wait in .livrable-upgrade-*/backup/, which git does not list).

Exit codes:
  0  upgraded (or already up to date, or a dry run)
  1  unexpected error; the project is left as it was
  2  usage or validation error: bad flag or value, no or corrupt .livrable.json, a phase not
     available yet, a downgrade, uncommitted changes without --force; nothing is written
  3  upgraded with conflicts: resolve the marked blocks in the files listed, then commit
  4  the upgrade failed and could not be undone either (a second I/O error): every backup is
     kept in the folder the message names; run upgrade --rollback (or --resume) again
`;
}

interface UpgradeArgs {
  directory: string;
  changes: AnswerChanges;
  dryRun: boolean;
  json: boolean;
  force: boolean;
  recover: 'resume' | 'rollback' | undefined;
  help: boolean;
}

export function parseUpgradeArgs(argv: string[]): UpgradeArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        phase: { type: 'string' },
        ci: { type: 'string' },
        lang: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        force: { type: 'boolean' },
        resume: { type: 'boolean' },
        rollback: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional.*$/s, '.');
    throw new UserError(`${message} Run \`create-livrable upgrade --help\` to see the options.`);
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  if (!help && positionals.length > 1) {
    throw new UserError(`Expected one project directory, got ${positionals.length}: ${positionals.join(' ')}.`);
  }
  const changes: AnswerChanges = {};
  const recover = values.resume ? 'resume' : values.rollback ? 'rollback' : undefined;
  if (!help && recover) {
    const others = ['phase', 'ci', 'lang', 'dry-run', 'json', 'force', ...(values.resume && values.rollback ? ['rollback'] : [])];
    const extra = others.filter((k) => values[k as keyof typeof values] !== undefined);
    if (extra.length > 0) throw new UserError(`--${recover} goes alone (not with --${extra.join(', --')}).`);
  } else if (!help) {
    if (values.phase !== undefined) changes.phase = checkChoice('phase', values.phase) as Phase;
    if (values.ci !== undefined) changes.ci = checkChoice('ci', values.ci) as CiProvider;
    if (values.lang !== undefined) changes.lang = checkChoice('lang', values.lang) as Language;
    if (changes.phase === undefined && changes.ci === undefined && changes.lang === undefined) {
      throw new UserError(
        `Say what to upgrade to: --phase <${LATER_PHASES}> (or --ci <${CI_PROVIDERS.join('|')}>), or --resume / --rollback after an interruption.`,
      );
    }
    if (values.json && !values['dry-run']) throw new UserError('--json goes with --dry-run.');
  }
  return {
    directory: positionals[0] ?? '.',
    changes,
    dryRun: values['dry-run'] === true,
    json: values.json === true,
    force: values.force === true,
    recover,
    help,
  };
}

function say(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

function describe(answers: Answers): string {
  return `${answers.phase}, ci ${answers.ci}`;
}

function changedAnswers(result: UpgradeResult): string {
  const keys = CHANGEABLE_KEYS.filter((k) => result.from[k] !== result.to[k]);
  return keys.map((k) => `${k} ${result.from[k]} → ${result.to[k]}`).join(', ');
}

function report(result: UpgradeResult, dryRun: boolean, cwd: string): string {
  const rel = path.relative(cwd, result.target) || '.';
  const where = rel.startsWith('..') ? result.target : rel;
  const lines: string[] = [];
  lines.push(
    dryRun
      ? `Dry run: upgrading ${result.to.name} in ${where} (${changedAnswers(result)}) would do:`
      : `Upgraded ${result.to.name} in ${where}: ${changedAnswers(result)}.`,
  );
  // Per file: everything in a dry run; what changed (or needs you) in a real one.
  const shown = result.actions.filter((a) => dryRun || a.action !== 'keep');
  const width = Math.max(0, ...shown.map((a) => a.path.length));
  lines.push('', ...shown.map((a) => `  ${a.action.padEnd(8)}  ${a.path.padEnd(width)}  ${a.reason}`));
  const counts = ACTION_KINDS.filter((k) => result.counts[k] > 0).map((k) => `${result.counts[k]} ${k}`);
  lines.push('', `${dryRun ? 'Would' : 'Done'}: ${counts.join(', ')}.`);
  if (result.recordedVersion !== result.generatorVersion) {
    // The old plan is recomputed with this version's templates: say so when they may differ.
    lines.push(
      `Note: the project was generated by create-livrable ${result.recordedVersion}; the merge base is this version's (${result.generatorVersion}) templates for the recorded answers.`,
    );
  }
  if (result.conflicts.length > 0) {
    lines.push(
      '',
      dryRun
        ? `Conflicts (would be marked ${MARKERS.ours} … ${MARKERS.theirs}):`
        : `Conflicts: resolve the ${MARKERS.ours} … ${MARKERS.separator} … ${MARKERS.theirs} blocks in:`,
      ...result.conflicts.map((p) => `  ${p}`),
    );
  }
  if (!dryRun) {
    const pyproject = result.actions.some((a) => a.path === 'pyproject.toml' && a.action !== 'keep' && a.action !== 'skip');
    const cd = where === '.' ? [] : [`cd ${where.includes(' ') ? `"${where}"` : where}`];
    lines.push(
      '',
      'Next steps:',
      ...cd.map((s) => `  ${s}`),
      ...(result.conflicts.length > 0 ? ['  resolve the conflicts above (search for <<<<<<<)'] : []),
      '  git diff                  review every change',
      ...(pyproject ? ['  uv lock && uv sync        pyproject.toml changed'] : ['  uv sync']),
      '  uv run ruff check . && uv run pytest',
      '  git add -A && git commit',
    );
  }
  return lines.join('\n');
}

/** `create-livrable add`: its code and plop load only now (see cli/main.ts). */
export async function runAdd(argv: string[], rt: Runtime): Promise<number> {
  return (await import('./add.js')).runAdd(argv, rt);
}

export async function runUpgrade(argv: string[], rt: Runtime): Promise<number> {
  const args = parseUpgradeArgs(argv);
  if (args.help) {
    say(rt.stdout, upgradeHelpText(rt.version));
    return EXIT.ok;
  }
  const target = path.resolve(rt.cwd, args.directory);
  if (args.recover) return recover(target, args.recover, rt);
  const result = upgradeProject(target, args.changes, {
    store: rt.store,
    generatorVersion: rt.version,
    dryRun: args.dryRun,
    force: args.force,
    env: rt.env,
  });
  if (args.json) {
    const { target: t, from, to, upToDate, actions, counts, conflicts } = result;
    say(rt.stdout, JSON.stringify({ target: t, from, to, upToDate, actions, counts, conflicts }, null, 2));
    return EXIT.ok;
  }
  if (result.upToDate) {
    say(rt.stdout, `${result.to.name} is already up to date (${describe(result.to)}): nothing to do.`);
    return EXIT.ok;
  }
  say(rt.stdout, report(result, args.dryRun, rt.cwd));
  return result.conflicts.length > 0 && result.written ? EXIT_CONFLICTS : EXIT.ok;
}

function recover(target: string, mode: 'resume' | 'rollback', rt: Runtime): number {
  const result = recoverProject(target, mode);
  const rel = path.relative(rt.cwd, target);
  const where = rel === '' ? 'this folder' : rel.startsWith('..') ? target : rel;
  if (result.recovered.length === 0) {
    const cleaned = result.cleaned > 0 ? ' (removed a temporary folder left by a run killed before it changed anything)' : '';
    say(rt.stdout, `Nothing to ${mode === 'resume' ? 'resume' : 'roll back'} in ${where}: no interrupted upgrade${cleaned}.`);
    return EXIT.ok;
  }
  const conflicts: string[] = [];
  for (const r of result.recovered) {
    conflicts.push(...r.conflicts);
    say(
      rt.stdout,
      r.outcome === 'finished'
        ? `Finished the interrupted ${r.change} in ${where}. Review with \`git diff\`.`
        : `Undid the interrupted ${r.change} in ${where}: every file is back as it was before it began.${mode === 'resume' ? ' (Its rollback had already begun, so it could only be completed.)' : ''}`,
    );
  }
  if (conflicts.length > 0) {
    say(rt.stdout, [`Conflicts: resolve the ${MARKERS.ours} … ${MARKERS.theirs} blocks in:`, ...conflicts.map((p) => `  ${p}`)].join('\n'));
    return EXIT_CONFLICTS;
  }
  return EXIT.ok;
}
