import {
  ANSWER_OPTIONS,
  DEFAULTS,
  choiceValues,
  type CiProvider,
  type Deliverable,
  type License,
  type Phase,
  type PythonVersion,
} from '../cli/options.js';
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

export const ANSWER_KEYS = ANSWER_OPTIONS.map((o) => o.key);

/** Phases whose layers exist. A phase outside this list is refused, never silently downgraded. */
export const AVAILABLE_PHASES: readonly Phase[] = ['development', 'production', 'maintenance'];

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
  if (key === 'phase' && !AVAILABLE_PHASES.includes(canonical as Phase)) {
    throw new UserError(
      `--phase ${canonical} is not available in this version yet (available: ${AVAILABLE_PHASES.join(', ')}).`,
    );
  }
  return canonical;
}

/** The same answers with every closed-choice value in its canonical spelling. */
export function canonicalChoices(raw: RawAnswers): RawAnswers {
  const out: RawAnswers = {};
  for (const [key, value] of Object.entries(raw)) out[key] = value === undefined ? value : checkChoice(key, value);
  return out;
}

/** Closed-choice answers the user must give (or accept by --yes) before anything is planned. */
export function missingRequired(raw: RawAnswers): string[] {
  return ANSWER_OPTIONS.filter((o) => o.ask && raw[o.key] === undefined).map((o) => o.key);
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
    deliverable: (raw.deliverable ?? DEFAULTS.deliverable) as Deliverable,
    phase: (raw.phase ?? DEFAULTS.phase) as Phase,
    ci: (raw.ci ?? DEFAULTS.ci) as CiProvider,
    name: names.display,
    distribution: names.distribution,
    package: names.package,
    description,
    author: validateOneLine(raw.author ?? ctx.defaultAuthor, 'author', 200),
    license: (raw.license ?? DEFAULTS.license) as License,
    python: (raw.python ?? DEFAULTS.python) as PythonVersion,
  };
}

/** The one-shot command that reproduces these answers without prompts. */
export function oneShotCommand(answers: Answers, directory: string): string {
  const quote = (s: string) => (/^[A-Za-z0-9._\/=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const flags = [
    `--deliverable ${answers.deliverable}`,
    `--phase ${answers.phase}`,
    `--ci ${answers.ci}`,
    `--name ${quote(answers.name)}`,
    `--package ${answers.package}`,
    `--description ${quote(answers.description)}`,
    `--author ${quote(answers.author)}`,
    `--license ${answers.license}`,
    `--python ${answers.python}`,
  ];
  return `npm create livrable@latest ${quote(directory)} -- ${flags.join(' ')} --yes`;
}
