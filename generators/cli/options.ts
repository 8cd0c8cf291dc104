/**
 * The one table of options. Flags, prompts, --help, preset keys and validation all read it,
 * so a new option is one entry here and nothing drifts apart.
 */
export const DELIVERABLES = ['api', 'app', 'report', 'website'] as const;
export const PHASES = ['development', 'production', 'maintenance'] as const;
export const CI_PROVIDERS = ['github'] as const;
export const LICENSES = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'none'] as const;
export const PYTHONS = ['3.11', '3.12', '3.13'] as const;

export type Deliverable = (typeof DELIVERABLES)[number];
export type Phase = (typeof PHASES)[number];
export type CiProvider = (typeof CI_PROVIDERS)[number];
export type License = (typeof LICENSES)[number];
export type PythonVersion = (typeof PYTHONS)[number];

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
  /** Asked interactively when missing (otherwise defaulted silently). */
  ask: boolean;
  /** Prompt message. */
  message: string;
}

export const DELIVERABLE_CHOICES: readonly Choice[] = [
  { value: 'api', label: 'API', hint: 'FastAPI service that serves the model' },
  { value: 'app', label: 'App', hint: 'interactive Streamlit application' },
  { value: 'report', label: 'Report', hint: 'automated, parameterised Quarto report' },
  { value: 'website', label: 'Website', hint: 'Quarto website: model card, data card, results' },
];

export const PHASE_CHOICES: readonly Choice[] = [
  { value: 'development', label: 'Development', hint: 'code, exploration, tests, CI' },
  { value: 'production', label: 'Production', hint: 'container, Kubernetes, GitOps, Argo Workflows' },
  { value: 'maintenance', label: 'Maintenance', hint: 'monitoring, drift checks, dependency upkeep' },
];

export const ANSWER_OPTIONS: readonly AnswerOption[] = [
  {
    key: 'deliverable',
    help: 'what the project delivers',
    choices: DELIVERABLE_CHOICES,
    ask: true,
    message: 'What does this project deliver?',
  },
  {
    key: 'phase',
    help: 'lifecycle phase the project is in',
    choices: PHASE_CHOICES,
    ask: true,
    message: 'Which lifecycle phase is it in?',
  },
  {
    key: 'ci',
    help: 'continuous-integration provider',
    choices: [{ value: 'github', label: 'GitHub Actions' }],
    ask: false,
    message: 'Which CI provider?',
  },
  { key: 'name', help: 'project display name (default: the directory name)', ask: false, message: 'Project name' },
  {
    key: 'package',
    help: 'Python import name (default: derived from the name)',
    ask: false,
    message: 'Python package name',
  },
  { key: 'description', help: 'one-line description', ask: false, message: 'Description' },
  { key: 'author', help: 'author (default: git config user.name)', ask: false, message: 'Author' },
  {
    key: 'license',
    help: 'licence of the generated project',
    choices: LICENSES.map((value) => ({ value, label: value })),
    ask: false,
    message: 'Licence',
  },
  {
    key: 'python',
    help: 'minimum Python version of the generated project',
    choices: PYTHONS.map((value) => ({ value, label: value })),
    ask: false,
    message: 'Minimum Python version',
  },
];

export const DEFAULTS = {
  deliverable: 'api',
  phase: 'development',
  ci: 'github',
  license: 'MIT',
  python: '3.11',
  directory: 'livrable-project',
} as const;

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

export function choiceValues(key: string): string[] | undefined {
  return ANSWER_OPTIONS.find((o) => o.key === key)?.choices?.map((c) => c.value);
}
