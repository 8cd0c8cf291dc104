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

export function checkChoice(key: string, value: string): string {
  const allowed = choiceValues(key);
  if (allowed && !allowed.includes(value)) {
    throw new UserError(`Invalid --${key} "${value}". Choose one of: ${allowed.join(', ')}.`);
  }
  if (key === 'phase' && !AVAILABLE_PHASES.includes(value as Phase)) {
    throw new UserError(
      `--phase ${value} is not available in this version yet (available: ${AVAILABLE_PHASES.join(', ')}).`,
    );
  }
  return value;
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
export function resolveAnswers(raw: RawAnswers, ctx: ResolveContext): Answers {
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined) checkChoice(key, value);
  }
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
