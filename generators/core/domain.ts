/**
 * The vocabulary of create-livrable, stated once. Answers, validation, prompts, --help, presets,
 * the one-shot command, `upgrade` and `doctor` all derive from this table, so a new option or
 * choice is one entry here and nothing drifts apart. It sits in the domain layer (core/) because
 * the engine and doctor need it as much as the command line does; it imports nothing.
 */
export const DELIVERABLES = ['api', 'app', 'report', 'website'] as const;
/** In lifecycle order: a later phase includes everything an earlier one adds. */
export const PHASES = ['development', 'production', 'maintenance'] as const;
export const CI_PROVIDERS = ['github', 'gitlab'] as const;
export const LICENSES = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'none'] as const;
export const PYTHONS = ['3.11', '3.12', '3.13'] as const;
export const LANGUAGES = ['en', 'fr'] as const;

export type Deliverable = (typeof DELIVERABLES)[number];
export type Phase = (typeof PHASES)[number];
export type CiProvider = (typeof CI_PROVIDERS)[number];
export type License = (typeof LICENSES)[number];
export type PythonVersion = (typeof PYTHONS)[number];
export type Language = (typeof LANGUAGES)[number];

/** Position of a phase in the lifecycle (0 = development). */
export function phaseRank(phase: Phase): number {
  return PHASES.indexOf(phase);
}

/** True when `phase` is `minimum` or later: phases are cumulative. */
export function phaseAtLeast(phase: Phase, minimum: Phase): boolean {
  return phaseRank(phase) >= phaseRank(minimum);
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export interface AnswerOption {
  /** Flag name without dashes; also the preset key and the answers key. */
  key: string;
  help: string;
  /** Closed set of values; absent for free text. */
  choices?: readonly Choice[];
  /** The value used when none is given; absent when it is derived (name, package, author…). */
  default?: string;
  /**
   * The question asked interactively when the answer is missing; absent: defaulted silently.
   * An option with a prompt is required in a non-interactive run (an error without --yes), unless
   * `defaultWhenNotInteractive` is set.
   */
  prompt?: string;
  /**
   * With `prompt`: asked interactively, but a non-interactive run takes the default silently
   * instead of requiring the answer (or --yes). For a choice whose default suits most projects and
   * that scripts written before it was asked must keep working without it.
   */
  defaultWhenNotInteractive?: true;
}

const plain = (values: readonly string[]): Choice[] => values.map((value) => ({ value, label: value }));

export const ANSWER_OPTIONS: readonly AnswerOption[] = [
  {
    key: 'deliverable',
    help: 'what the project delivers; several as a list, the first the primary: api,website, api,report or api,app (up to production)',
    choices: [
      { value: 'api', label: 'API', hint: 'FastAPI service that serves the model' },
      { value: 'app', label: 'App', hint: 'interactive Streamlit application' },
      { value: 'report', label: 'Report', hint: 'automated, parameterised Quarto report' },
      { value: 'website', label: 'Website', hint: 'Quarto website: model card, data card, results' },
    ] satisfies (Choice & { value: Deliverable })[],
    default: 'api' satisfies Deliverable,
    prompt: 'What does this project deliver?',
  },
  {
    key: 'phase',
    help: 'lifecycle phase the project is in',
    choices: [
      { value: 'development', label: 'Development', hint: 'code, exploration, tests, CI' },
      { value: 'production', label: 'Production', hint: 'container, Kubernetes, GitOps, Argo Workflows' },
      { value: 'maintenance', label: 'Maintenance', hint: 'monitoring, drift checks, dependency upkeep' },
    ] satisfies (Choice & { value: Phase })[],
    default: 'development' satisfies Phase,
    prompt: 'Which lifecycle phase is it in?',
  },
  {
    key: 'ci',
    help: 'continuous-integration provider',
    choices: [
      { value: 'github', label: 'GitHub Actions', hint: '.github/workflows/, Dependabot, GitHub Pages, ghcr.io' },
      { value: 'gitlab', label: 'GitLab CI/CD', hint: '.gitlab-ci.yml, Renovate, GitLab Pages, the GitLab registry' },
    ] satisfies (Choice & { value: CiProvider })[],
    default: 'github' satisfies CiProvider,
    prompt: 'Where is the project hosted (its CI)?',
    defaultWhenNotInteractive: true,
  },
  { key: 'name', help: 'project display name (default: the directory name)' },
  { key: 'package', help: 'Python import name (default: derived from the name)' },
  { key: 'description', help: 'one-line description' },
  { key: 'author', help: 'author (default: git config user.name)' },
  {
    key: 'license',
    help: 'licence of the generated project',
    choices: plain(LICENSES),
    default: 'MIT' satisfies License,
  },
  {
    key: 'python',
    help: 'minimum Python version of the generated project',
    choices: plain(PYTHONS),
    default: '3.11' satisfies PythonVersion,
  },
  {
    key: 'lang',
    help: 'language of the messages and of the generated documents (default: from the locale)',
    choices: [
      { value: 'en', label: 'English' },
      { value: 'fr', label: 'Français' },
    ] satisfies (Choice & { value: Language })[],
    default: 'en' satisfies Language,
  },
];

/**
 * Options that bring the user's own table (`--dataset FILE --target COL`): flags and preset keys
 * like the answers, listed in --help and repeated by the one-shot command, but not answers: what
 * they lead to is the DatasetSpec inferred from the file (core/infer-dataset.ts), not a string.
 * Each needs the other.
 */
export interface DatasetOption {
  key: 'dataset' | 'target';
  help: string;
  /** The value's placeholder in --help. */
  value: string;
}

export const DATASET_OPTIONS: readonly DatasetOption[] = [
  {
    key: 'dataset',
    help: 'CSV or Parquet file to use instead of the penguins (a sample of it ships)',
    value: 'file',
  },
  { key: 'target', help: 'the column of --dataset to predict', value: 'column' },
];

/**
 * The keys of recorded answers, in the order .livrable.json lists them: every option, plus the
 * distribution name, which is derived from the display name and recorded right after it.
 */
export const ANSWER_KEYS: readonly string[] = ANSWER_OPTIONS.flatMap((o) =>
  o.key === 'name' ? ['name', 'distribution'] : [o.key],
);

/** The folder a `--yes` run writes to when none is given. */
export const DEFAULT_DIRECTORY = 'livrable-project';

export function answerOption(key: string): AnswerOption | undefined {
  return ANSWER_OPTIONS.find((o) => o.key === key);
}

/** The allowed values of a closed-choice option; undefined for free text or an unknown key. */
export function choiceValues(key: string): string[] | undefined {
  return answerOption(key)?.choices?.map((c) => c.value);
}

/** The default of an option; undefined when it has none (it is derived, or free text). */
export function defaultValue(key: string): string | undefined {
  return answerOption(key)?.default;
}
