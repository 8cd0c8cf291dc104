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
import { said } from '../engine/upgrade-messages.js';
import { t } from '../core/i18n.js';

/** Written, but conflict blocks need resolving: distinct from 0 so a script cannot miss it. */
export const EXIT_CONFLICTS = 3;

/** Phases one can upgrade to: every one but the first. */
const LATER_PHASES = PHASES.slice(1).join('|');

export function upgradeHelpText(version: string): string {
  return said('help', { version, phases: LATER_PHASES, providers: CI_PROVIDERS.join('|'), languages: LANGUAGES.join('|'), ...MARKERS });
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
    throw new UserError(said('seeHelp', { error: message }));
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  if (!help && positionals.length > 1) {
    throw new UserError(said('oneDirectory', { count: positionals.length, given: positionals.join(' ') }));
  }
  const changes: AnswerChanges = {};
  const recover = values.resume ? 'resume' : values.rollback ? 'rollback' : undefined;
  if (!help && recover) {
    const others = ['phase', 'ci', 'lang', 'dry-run', 'json', 'force', ...(values.resume && values.rollback ? ['rollback'] : [])];
    const extra = others.filter((k) => values[k as keyof typeof values] !== undefined);
    if (extra.length > 0) throw new UserError(said('goesAlone', { recover, extra: extra.join(', --') }));
  } else if (!help) {
    if (values.phase !== undefined) changes.phase = checkChoice('phase', values.phase) as Phase;
    if (values.ci !== undefined) changes.ci = checkChoice('ci', values.ci) as CiProvider;
    if (values.lang !== undefined) changes.lang = checkChoice('lang', values.lang) as Language;
    if (changes.phase === undefined && changes.ci === undefined && changes.lang === undefined) {
      throw new UserError(said('sayWhat', { phases: LATER_PHASES, providers: CI_PROVIDERS.join('|') }));
    }
    if (values.json && !values['dry-run']) throw new UserError(t('jsonNeedsDryRun'));
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
      ? said('dryRunHeader', { name: result.to.name, where, changes: changedAnswers(result) })
      : said('upgraded', { name: result.to.name, where, changes: changedAnswers(result) }),
  );
  // Per file: everything in a dry run; what changed (or needs you) in a real one.
  const shown = result.actions.filter((a) => dryRun || a.action !== 'keep');
  const width = Math.max(0, ...shown.map((a) => a.path.length));
  lines.push('', ...shown.map((a) => `  ${a.action.padEnd(8)}  ${a.path.padEnd(width)}  ${a.reason}`));
  const counts = ACTION_KINDS.filter((k) => result.counts[k] > 0).map((k) => `${result.counts[k]} ${k}`);
  lines.push('', said(dryRun ? 'would' : 'done', { counts: counts.join(', ') }));
  if (result.recordedVersion !== result.generatorVersion) {
    // The old plan is recomputed with this version's templates: say so when they may differ.
    lines.push(
      said('olderVersion', { recorded: result.recordedVersion, current: result.generatorVersion }),
    );
  }
  if (result.conflicts.length > 0) {
    lines.push(
      '',
      dryRun
        ? said('conflictsWould', { ...MARKERS })
        : said('conflictsResolve', { ...MARKERS }),
      ...result.conflicts.map((p) => `  ${p}`),
    );
  }
  if (!dryRun) {
    const pyproject = result.actions.some((a) => a.path === 'pyproject.toml' && a.action !== 'keep' && a.action !== 'skip');
    const cd = where === '.' ? [] : [`cd ${where.includes(' ') ? `"${where}"` : where}`];
    lines.push(
      '',
      said('nextSteps'),
      ...cd.map((s) => `  ${s}`),
      ...(result.conflicts.length > 0 ? [said('resolveAbove')] : []),
      said('reviewDiff'),
      ...(pyproject ? [said('pyprojectChanged')] : ['  uv sync']),
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
    say(rt.stdout, said('upToDate', { name: result.to.name, state: describe(result.to) }));
    return EXIT.ok;
  }
  say(rt.stdout, report(result, args.dryRun, rt.cwd));
  return result.conflicts.length > 0 && result.written ? EXIT_CONFLICTS : EXIT.ok;
}

function recover(target: string, mode: 'resume' | 'rollback', rt: Runtime): number {
  const result = recoverProject(target, mode);
  const rel = path.relative(rt.cwd, target);
  const where = rel === '' ? said('thisFolder') : rel.startsWith('..') ? target : rel;
  if (result.recovered.length === 0) {
    const cleaned = result.cleaned > 0 ? said('cleaned') : '';
    say(rt.stdout, said(mode === 'resume' ? 'nothingToResume' : 'nothingToRollBack', { where, cleaned }));
    return EXIT.ok;
  }
  const conflicts: string[] = [];
  for (const r of result.recovered) {
    conflicts.push(...r.conflicts);
    say(
      rt.stdout,
      r.outcome === 'finished'
        ? said('finished', { change: r.change, where })
        : `${said('undone', { change: r.change, where })}${mode === 'resume' ? said('rollbackBegun') : ''}`,
    );
  }
  if (conflicts.length > 0) {
    say(rt.stdout, [said('conflictsInRecovery', { ...MARKERS }), ...conflicts.map((p) => `  ${p}`)].join('\n'));
    return EXIT_CONFLICTS;
  }
  return EXIT.ok;
}
