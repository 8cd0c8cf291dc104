import {
  ANSWER_OPTIONS,
  choiceValues,
  defaultValue,
  type CiProvider,
  type Deliverable,
  type License,
  type Phase,
  type PythonVersion,
} from './domain.js';
import { UserError } from './errors.js';
import { deriveNames, validateOneLine } from './names.js';
import { didYouMean } from './suggest.js';

/** Everything the plan depends on. Recorded verbatim in .livrable.json. */
export interface Answers {
  deliverable: Deliverable;
  phase: Phase;
  ci: CiProvider;
  name: string;
  distribution: string;
  package: string;
  description: string;
  author: string;
  license: License;
  python: PythonVersion;
}

/** Answers as they arrive from flags, a preset or prompts: strings, any of them missing. */
export type RawAnswers = Partial<Record<string, string>>;

/**
 * The canonical spelling of a closed-choice value (`API` → `api`, `mit` → `MIT`), or a UserError
 * that suggests the nearest choice. `source` says where the value came from when not a flag.
 */
export function checkChoice(key: string, value: string, source?: string): string {
  const allowed = choiceValues(key);
  let canonical = value;
  if (allowed && !allowed.includes(value)) {
    const match = allowed.find((choice) => choice.toLowerCase() === value.toLowerCase());
    if (match === undefined) {
      const from = source ? ` (${source})` : '';
      throw new UserError(
        `Invalid --${key} "${value}"${from}.${didYouMean(value, allowed)} Choose one of: ${allowed.join(', ')}.`,
      );
    }
    canonical = match;
  }
  return canonical;
}

/** The same answers with every closed-choice value in its canonical spelling. */
export function canonicalChoices(raw: RawAnswers): RawAnswers {
  const out: RawAnswers = {};
  for (const [key, value] of Object.entries(raw)) out[key] = value === undefined ? value : checkChoice(key, value);
  return out;
}

/** Closed-choice answers a terminal asks for when flags and the preset did not give them. */
export function unansweredQuestions(raw: RawAnswers): string[] {
  return ANSWER_OPTIONS.filter((o) => o.prompt !== undefined && raw[o.key] === undefined).map((o) => o.key);
}

/**
 * Closed-choice answers the user must give (or accept by --yes) in a non-interactive run: the
 * unanswered questions, less those defaulted silently when no one can be asked.
 */
export function missingRequired(raw: RawAnswers): string[] {
  return ANSWER_OPTIONS.filter((o) => o.prompt && !o.defaultWhenNotInteractive && raw[o.key] === undefined).map((o) => o.key);
}

export interface ResolveContext {
  /** Basename of the target directory: the default display name. */
  directoryName: string;
  defaultAuthor: string;
}

/** Fill defaults, validate every value and derive the names. Pure. */
export function resolveAnswers(given: RawAnswers, ctx: ResolveContext): Answers {
  const raw = canonicalChoices(given);
  const names = deriveNames(raw.name ?? ctx.directoryName, raw.package);
  const description = validateOneLine(
    raw.description ?? `${names.display}: a data-science project`,
    'description',
  );
  return {
    deliverable: (raw.deliverable ?? defaultValue('deliverable')) as Deliverable,
    phase: (raw.phase ?? defaultValue('phase')) as Phase,
    ci: (raw.ci ?? defaultValue('ci')) as CiProvider,
    name: names.display,
    distribution: names.distribution,
    package: names.package,
    description,
    author: validateOneLine(raw.author ?? ctx.defaultAuthor, 'author', 200),
    license: (raw.license ?? defaultValue('license')) as License,
    python: (raw.python ?? defaultValue('python')) as PythonVersion,
  };
}

/** The one-shot command that reproduces these answers without prompts. */
export function oneShotCommand(answers: Answers, directory: string): string {
  const quote = (s: string) => (/^[A-Za-z0-9._/=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const flags = ANSWER_OPTIONS.map((o) => `--${o.key} ${quote(answers[o.key as keyof Answers])}`);
  return `npm create livrable@latest ${quote(directory)} -- ${flags.join(' ')} --yes`;
}
