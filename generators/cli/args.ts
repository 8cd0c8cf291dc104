import { parseArgs } from 'node:util';
import type { RawAnswers } from '../core/answers.js';
import { UserError } from '../core/errors.js';
import { explainArgv } from './argv-errors.js';
import { givenFlags, npmHint } from './npm-hint.js';
import { ANSWER_OPTIONS, DATASET_OPTIONS } from '../core/domain.js';
import { t } from '../core/i18n.js';

/** Flags that steer the run rather than describe the project. */
export interface RunFlags {
  yes: boolean;
  interactive: boolean;
  dryRun: boolean;
  json: boolean;
  overwrite: boolean;
  git: boolean | undefined;
  install: boolean | undefined;
  preset: string | undefined;
}

export interface ParsedArgs {
  directory: string | undefined;
  answers: RawAnswers;
  /** --dataset and --target as given (checked as a pair once the preset is read). */
  dataset: { dataset?: string; target?: string };
  flags: RunFlags;
  help: boolean;
  version: boolean;
}

const answerFlags = Object.fromEntries(
  ANSWER_OPTIONS.map((o) => [o.key, { type: 'string' as const }]),
);

const datasetFlags = Object.fromEntries(DATASET_OPTIONS.map((o) => [o.key, { type: 'string' as const }]));

const CONFIG = {
  ...answerFlags,
  ...datasetFlags,
  preset: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  interactive: { type: 'boolean' },
  'no-interactive': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  overwrite: { type: 'boolean' },
  git: { type: 'boolean' },
  'no-git': { type: 'boolean' },
  install: { type: 'boolean' },
  'no-install': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** A --x / --no-x pair: the last one given wins; undefined when neither is. */
function toggle(argv: string[], name: string): boolean | undefined {
  let value: boolean | undefined;
  for (const arg of argv) {
    if (arg === `--${name}`) value = true;
    else if (arg === `--no-${name}`) value = false;
  }
  return value;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = {}): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: CONFIG, allowPositionals: true, strict: true });
  } catch (error) {
    const message = explainArgv(argv, CONFIG) ?? (error as Error).message.replace(/\. To specify a positional.*$/s, '.');
    throw new UserError(`${message}${npmHint(env, givenFlags(argv))}${t('seeHelp')}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new UserError(
      `${t('oneDirectory', { count: positionals.length, given: positionals.join(' ') })}${npmHint(env, givenFlags(argv))}`,
    );
  }
  const answers: RawAnswers = {};
  for (const option of ANSWER_OPTIONS) {
    const value = values[option.key as keyof typeof values];
    if (typeof value === 'string') answers[option.key] = value;
  }
  const dataset: ParsedArgs['dataset'] = {};
  for (const option of DATASET_OPTIONS) {
    const value = values[option.key as keyof typeof values];
    if (typeof value === 'string') dataset[option.key] = value;
  }
  return {
    directory: positionals[0],
    answers,
    dataset,
    help: values.help === true,
    version: values.version === true,
    flags: {
      yes: values.yes === true,
      interactive: toggle(argv, 'interactive') ?? true,
      dryRun: values['dry-run'] === true,
      json: values.json === true,
      overwrite: values.overwrite === true,
      git: toggle(argv, 'git'),
      install: toggle(argv, 'install'),
      preset: values.preset,
    },
  };
}
