import {
  ANSWER_OPTIONS,
  choiceValues,
  defaultValue,
  type CiProvider,
  type Deliverable,
  type Language,
  type License,
  type Phase,
  type PythonVersion,
} from './domain.js';
import { checkDeliverableSet, deliverablesOf } from './deliverables.js';
import { UserError } from './errors.js';
import { deriveNames, validateOneLine } from './names.js';
import { didYouMean } from './suggest.js';
import { t } from './i18n.js';

/** Everything the plan depends on. Recorded verbatim in .livrable.json. */
export interface Answers {
  /** The primary deliverable (the first of `--deliverable api,website`). */
  deliverable: Deliverable;
  /** The others, in the order given (core/deliverables.ts); absent when there is one. */
  extraDeliverables?: Deliverable[];
  phase: Phase;
  ci: CiProvider;
  name: string;
  distribution: string;
  package: string;
  description: string;
  author: string;
  license: License;
  python: PythonVersion;
  /** Language of the generated documents (README, AGENTS.md, report…); code stays English. */
  lang: Language;
}

/** Answers as they arrive from flags, a preset or prompts: strings, any of them missing. */
export type RawAnswers = Partial<Record<string, string>>;

/**
 * The canonical spelling of a closed-choice value (`API` → `api`, `mit` → `MIT`), or a UserError
 * that suggests the nearest choice. `source` says where the value came from when not a flag.
 */
export function checkChoice(key: string, value: string, source?: string): string {
  if (key === 'deliverable' && value.includes(',')) return checkDeliverableList(value, source);
  const allowed = choiceValues(key);
  let canonical = value;
  if (allowed && !allowed.includes(value)) {
    const match = allowed.find((choice) => choice.toLowerCase() === value.toLowerCase());
    if (match === undefined) {
      const from = source ? ` (${source})` : '';
      throw new UserError(
        t('invalidChoice', { key, value, source: from, suggestion: didYouMean(value, allowed), choices: allowed.join(', ') }),
      );
    }
    canonical = match;
  }
  return canonical;
}

/**
 * `--deliverable api,website`: each name checked and canonical, none twice; the canonical list
 * joined again, which resolveAnswers splits into the primary and the others.
 */
function checkDeliverableList(value: string, source?: string): string {
  const names = value.split(',').map((name) => checkChoice('deliverable', name.trim(), source));
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) throw new UserError(t('deliverableRepeated', { value, deliverable: twice }));
  return names.join(',');
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
  /** The language when none is given: the locale's (core/i18n.ts localeLanguage); default English. */
  language?: Language;
}

/** The description when none is given: the README's second line, in the documents' language. */
const DEFAULT_DESCRIPTION: Readonly<Record<Language, (name: string) => string>> = {
  en: (name) => `${name}: a data-science project`,
  // U+202F before the colon: French typography, as in the generated documents.
  fr: (name) => `${name}\u202f: un projet de science des données`,
};

/** Fill defaults, validate every value and derive the names. Pure. */
export function resolveAnswers(given: RawAnswers, ctx: ResolveContext): Answers {
  const raw = canonicalChoices(given);
  const names = deriveNames(raw.name ?? ctx.directoryName, raw.package);
  const lang = (raw.lang ?? ctx.language ?? defaultValue('lang')) as Language;
  const description = validateOneLine(raw.description ?? DEFAULT_DESCRIPTION[lang](names.display), 'description');
  const [deliverable, ...extraDeliverables] = (raw.deliverable ?? (defaultValue('deliverable') as string)).split(',') as [
    Deliverable,
    ...Deliverable[],
  ];
  const phase = (raw.phase ?? defaultValue('phase')) as Phase;
  checkDeliverableSet([deliverable, ...extraDeliverables], phase);
  return {
    deliverable,
    // Only when there are others: a one-deliverable project keeps its record byte for byte.
    ...(extraDeliverables.length > 0 ? { extraDeliverables } : {}),
    phase,
    ci: (raw.ci ?? defaultValue('ci')) as CiProvider,
    name: names.display,
    distribution: names.distribution,
    package: names.package,
    description,
    author: validateOneLine(raw.author ?? ctx.defaultAuthor, 'author', 200),
    license: (raw.license ?? defaultValue('license')) as License,
    python: (raw.python ?? defaultValue('python')) as PythonVersion,
    lang,
  };
}

/** The table a project was made for, as flags name it (`--dataset FILE --target COL`). */
export interface DatasetFlags {
  dataset: string;
  target: string;
}

/**
 * The one-shot command that reproduces these answers without prompts (and the dataset flags,
 * which infer the same schema again; a correction made at the prompt is not repeated by it).
 */
export function oneShotCommand(answers: Answers, directory: string, dataset?: DatasetFlags): string {
  const quote = (s: string) => (/^[A-Za-z0-9._/=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const value = (key: string) =>
    key === 'deliverable' ? deliverablesOf(answers).join(',') : (answers[key as keyof Answers] as string);
  const flags = ANSWER_OPTIONS.map((o) => `--${o.key} ${quote(value(o.key))}`);
  if (dataset) flags.push(`--dataset ${quote(dataset.dataset)} --target ${quote(dataset.target)}`);
  return `npm create livrable@latest ${quote(directory)} -- ${flags.join(' ')} --yes`;
}
