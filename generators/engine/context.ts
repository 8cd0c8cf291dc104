import type { Answers } from '../core/answers.js';
import type { DatasetSpec, Scalar } from '../core/dataset.js';
import { delivers } from '../core/deliverables.js';
import type { Deliverable, Language, Phase } from '../core/domain.js';
import { hostingFor, type Hosting } from './hosting.js';
import type { Layer } from './layers.js';
import { FRAGMENT_SLOTS } from './paths.js';
import { requirement, type Requirement } from './versions.js';

export interface DependencyGroup {
  name: string;
  requirements: string[];
}

/** The data every template sees. Built once per plan; templates only read it. */
export interface TemplateContext extends Answers {
  generatorVersion: string;
  year: number;
  /** A DNS-1035 label (Kubernetes object names): starts with a letter, at most 63 characters. */
  kubeName: string;
  /**
   * The name of the app's Kubernetes objects: kubeName, or kubeName-app beside an API (whose
   * objects keep kubeName), still a DNS-1035 label of at most 63 characters.
   */
  appKubeName: string;
  /** The phase's name in prose, in the documents' language ("développement"); `phase` stays the id. */
  phaseName: string;
  /** "py311" for ruff's target-version. */
  pythonTag: string;
  isApi: boolean;
  isApp: boolean;
  isReport: boolean;
  isWebsite: boolean;
  isQuarto: boolean;
  /**
   * Whether something serves predictions (the API or the app): its logs feed the monitoring loop
   * (cron-export.yaml, the dashboard). Not "not Quarto": an API beside a website serves them too.
   */
  servesPredictions: boolean;
  /**
   * Whether the prediction logs are exported to a table read by the monitoring dashboard (the
   * maintenance-monitoring layer applies): a Quarto project's document test exports one first.
   */
  hasPredictionTable: boolean;
  isGitlab: boolean;
  /** Registry, URLs and words that follow from the CI provider. */
  hosting: Hosting;
  layers: string[];
  dependencies: string[];
  groups: DependencyGroup[];
  /** Optional dependencies ([project.optional-dependencies]). */
  extras: DependencyGroup[];
  gitignore: string[];
  /** The project's data (core/dataset.ts): what schema.py, the cards and the docs describe. */
  dataset: DatasetSpec;
  isClassification: boolean;
  isRegression: boolean;
  /** Whether the data has an id column (templates cannot test an absent optional key). */
  hasIdColumn: boolean;
  /** The data has a numeric feature (the drift tests shift the first one). */
  hasNumericFeature: boolean;
  /** The data has a categorical or boolean feature (the drift tests change its mix). */
  hasCategoricalFeature: boolean;
  /** The table has a `year` column besides the features: the default drift check compares its latest year with the years before. */
  hasYearColumn: boolean;
  /** The data is the shipped penguins sample, whose cards can say what is known about it. */
  isSampleDataset: boolean;
  /** The features as the cards' tables list them (every key present: templates render in strict mode). */
  datasetFeatures: { name: string; kind: string; values: Scalar[]; nullable: boolean; label: string }[];
  /** The features' labels for people, in column order. */
  datasetFeatureLabels: string[];
  /** The id column, '' when there is none. */
  datasetIdColumn: string;
  /** Where the data comes from, '' when the description does not say. */
  datasetSource: string;
  /** The body of a `/predict` request with the data's example record, quoted for a shell's `-d '…'`. */
  datasetExampleRequest: string;
  /** A Markdown code fence longer than any run of backticks in that request. */
  datasetExampleFence: string;
  /** Rendered fragments per slot (FRAGMENT_SLOTS in paths.ts), in layer order. */
  fragments: Record<string, string[]>;
}

function mergeGroups(entries: (Record<string, Requirement[]> | undefined)[]): DependencyGroup[] {
  const groups = new Map<string, Requirement[]>();
  for (const entry of entries) {
    for (const [name, reqs] of Object.entries(entry ?? {})) {
      groups.set(name, [...(groups.get(name) ?? []), ...reqs]);
    }
  }
  return [...groups]
    // Code-point order: localeCompare would load ICU's collator, about 12 ms of a 0.2 s run.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, reqs]) => ({ name, requirements: unique(reqs).sort().map(requirement) }));
}

function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

/**
 * The one answer value documents print as a word. Everything else a document says in its
 * language is in its language variant (paths.ts), not here: this table stays this small.
 */
const PHASE_NAMES: Readonly<Record<Language, Record<Phase, string>>> = {
  en: { development: 'development', production: 'production', maintenance: 'maintenance' },
  fr: { development: 'développement', production: 'production', maintenance: 'maintenance' },
};

/** The README's `curl … -d '…'` body for this data: its example record, in a shell's single quotes. */
function exampleRequest(dataset: DatasetSpec): { datasetExampleRequest: string; datasetExampleFence: string } {
  const body = JSON.stringify({ records: [dataset.example] });
  const request = body.replaceAll("'", "'\\''");
  const longest = Math.max(0, ...[...request.matchAll(/`+/g)].map((m) => m[0].length));
  return { datasetExampleRequest: request, datasetExampleFence: '`'.repeat(Math.max(3, longest + 1)) };
}

export function kubernetesName(distribution: string): string {
  const dashed = distribution.replace(/[^a-z0-9-]/g, '-');
  const lettered = /^[a-z]/.test(dashed) ? dashed : `app-${dashed}`;
  return lettered.slice(0, 63).replace(/-+$/, '');
}

export function buildContext(
  answers: Answers,
  layers: Layer[],
  generatorVersion: string,
  year: number,
  dataset: DatasetSpec,
  sampleDataset = true,
): TemplateContext {
  // Every deliverable of the project is on: a shared template speaks of each it has.
  const has = (deliverable: Deliverable) => delivers(answers, deliverable);
  const kubeName = kubernetesName(answers.distribution);
  return {
    ...answers,
    generatorVersion,
    year,
    phaseName: PHASE_NAMES[answers.lang][answers.phase],
    pythonTag: `py${answers.python.replace('.', '')}`,
    kubeName,
    appKubeName: has('api') && has('app') ? `${kubeName.slice(0, 59).replace(/-+$/, '')}-app` : kubeName,
    isApi: has('api'),
    isApp: has('app'),
    isReport: has('report'),
    isWebsite: has('website'),
    isQuarto: has('report') || has('website'),
    servesPredictions: has('api') || has('app'),
    hasPredictionTable: layers.some((l) => l.id === 'maintenance-monitoring'),
    isGitlab: answers.ci === 'gitlab',
    hosting: hostingFor(answers.ci, kubeName),
    layers: layers.map((l) => l.id),
    dependencies: unique(layers.flatMap((l) => l.dependencies ?? []))
      .sort()
      .map(requirement),
    groups: mergeGroups(layers.map((l) => l.groups)),
    extras: mergeGroups(layers.map((l) => l.extras)),
    dataset,
    isClassification: dataset.target.task === 'classification',
    isRegression: dataset.target.task === 'regression',
    hasIdColumn: dataset.idColumn !== undefined,
    hasNumericFeature: dataset.features.some((f) => f.kind === 'numeric'),
    hasCategoricalFeature: dataset.features.some((f) => f.kind !== 'numeric'),
    hasYearColumn: dataset.ignored.includes('year'),
    isSampleDataset: sampleDataset,
    datasetFeatures: dataset.features.map((f) => ({
      name: f.name,
      kind: f.kind,
      values: f.kind === 'categorical' ? f.values : [],
      nullable: f.nullable,
      label: f.label,
    })),
    datasetFeatureLabels: dataset.features.map((f) => f.label),
    datasetIdColumn: dataset.idColumn ?? '',
    datasetSource: dataset.source ?? '',
    ...exampleRequest(dataset),
    gitignore: unique(layers.flatMap((l) => l.gitignore ?? [])),
    // .env.example reads this slot, which development layers leave empty.
    // Every slot, even one no layer feeds: templates iterate over it in strict mode.
    fragments: Object.fromEntries(Object.keys(FRAGMENT_SLOTS).map((slot) => [slot, []])),
  };
}
