import type { Answers } from '../core/answers.js';
import type { DatasetChoice, DatasetSpec } from '../core/dataset.js';
import { checkDeliverableSet, deliverablesOf } from '../core/deliverables.js';
import type { Language } from '../core/domain.js';
import { buildContext, type TemplateContext } from './context.js';
import { LAYERS, selectLayers, type Layer } from './layers.js';
import { FRAGMENT_SLOTS, FRAGMENTS_DIR, isFragment, outputPath, selectLanguage, variantPath } from './paths.js';
import { recordContent, RECORD_PATH } from './record.js';
import type { TemplateStore } from './store.js';

/** One file the generator will write. The plan is a list of these: pure data, no disk writes. */
export interface PlannedFile {
  /** Posix path inside the project. */
  path: string;
  /** Id of the layer that contributed it. */
  layer: string;
  /** Template path it came from (relative to templates/); "" for computed files. */
  template: string;
  /** For a shared file composed from fragments (README.md…): their template paths, in order. */
  fragments?: string[];
  content: Buffer;
  executable: boolean;
}

export interface PlanOptions {
  store: TemplateStore;
  generatorVersion: string;
  /** Fixed in tests so that plans are reproducible; defaults to this year. */
  year?: number;
  layers?: readonly Layer[];
  /** The project's data; absent means the Palmer penguins sample the templates ship. */
  dataset?: DatasetChoice;
}

/** Where the package keeps its data description and its sample. */
export function datasetPaths(pkg: string, spec: DatasetSpec): { description: string; sample: string } {
  return { description: `src/${pkg}/dataset.json`, sample: `src/${pkg}/data/${spec.sampleFile}` };
}

const DEFAULT_SAMPLE = 'penguins.csv';
/** Files of the data folder that describe the penguins sample, left out with another data set. */
const SAMPLE_ONLY = [DEFAULT_SAMPLE, 'README.md'];
/**
 * The default data's description (the Palmer penguins, core/penguins.ts): data under templates/,
 * outside every layer, read when a plan needs it rather than bundled into the entry.
 */
const DEFAULT_DATASET = 'datasets/penguins.json';

/**
 * The default description in the project's language: its title, labels and descriptions are what
 * the app's form, the API's documentation and the README show (`penguins.fr.json`, a variant
 * like any document's). A user's own data keeps the words the user gave it.
 */
function defaultDataset(store: TemplateStore, lang: Language): DatasetSpec {
  const file = lang === 'en' ? DEFAULT_DATASET : variantPath(DEFAULT_DATASET, lang);
  return JSON.parse(store.read(file).toString('utf8')) as DatasetSpec;
}

/** The bytes of dataset.json: the spec as JSON, the one escaping path its names go through. */
export function datasetJson(spec: DatasetSpec): Buffer {
  return Buffer.from(`${JSON.stringify(spec, null, 2)}\n`, 'utf8');
}

/**
 * Render each layer's _fragments/<slot>.*[.hbs] into context.fragments, per slot, in layer order.
 * Returns where they came from: shared output path → fragment template paths.
 */
function collectFragments(layers: Layer[], store: TemplateStore, context: TemplateContext): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  for (const layer of layers) {
    for (const file of selectLanguage(store.list(layer.dir), context.lang)) {
      if (!isFragment(file.base, layer.dir)) continue;
      const name = file.base.slice(layer.dir.length + FRAGMENTS_DIR.length + 2);
      const slot = name.split('.')[0] ?? name;
      const target = FRAGMENT_SLOTS[slot];
      if (target === undefined) {
        throw new Error(`${file.path}: no shared file takes fragments "${slot}" (slots: ${Object.keys(FRAGMENT_SLOTS).join(', ')}).`);
      }
      const bytes = file.path.endsWith('.hbs') ? store.render(file.path, context) : store.read(file.path);
      const text = bytes.toString('utf8');
      (context.fragments[slot] ??= []).push(text.trimEnd());
      sources.set(target, [...(sources.get(target) ?? []), file.path]);
    }
  }
  // Several deliverables make one phrase in the README's first sentence: "an API and a website".
  const summary = context.fragments['readme-summary'] ?? [];
  if (summary.length > 1) context.fragments['readme-summary'] = [summary.join(AND[context.lang])];
  return sources;
}

const AND: Readonly<Record<Language, string>> = { en: ' and ', fr: ' et ' };

export function plan(answers: Answers, options: PlanOptions): PlannedFile[] {
  const { store } = options;
  // Every way in (create, upgrade, add) plans: a set of deliverables not made to work together
  // at this phase is refused here, before anything is written.
  checkDeliverableSet(deliverablesOf(answers), answers.phase);
  const layers = selectLayers(answers, options.layers ?? LAYERS);
  const spec = options.dataset?.spec ?? defaultDataset(store, answers.lang);
  const context = buildContext(
    answers,
    layers,
    options.generatorVersion,
    options.year ?? new Date().getFullYear(),
    spec,
    options.dataset === undefined,
  );
  const fragmentSources = collectFragments(layers, store, context);

  const byPath = new Map<string, PlannedFile>();
  const data = datasetPaths(answers.package, spec);
  for (const layer of layers) {
    const renames = layer.renames?.(answers) ?? {};
    for (const file of selectLanguage(store.list(layer.dir), answers.lang)) {
      if (isFragment(file.base, layer.dir)) continue;
      const named = outputPath(file.base, layer.dir, answers.package);
      const renamed = Object.hasOwn(renames, named.path) ? renames[named.path] : undefined;
      // null: another deliverable's file covers this one (the one kustomization listing both).
      if (renamed === null) continue;
      const out = renamed === undefined ? named : { ...named, path: renamed };
      // The shipped penguins (and their provenance) are the default sample only: another data
      // set brings its own, described by dataset.json and the data card.
      if (options.dataset && SAMPLE_ONLY.some((name) => out.path === `src/${answers.package}/data/${name}`)) continue;
      const previous = byPath.get(out.path);
      if (previous && !layer.overrides?.includes(out.path)) {
        throw new Error(
          `Layers "${previous.layer}" and "${layer.id}" both write ${out.path}; declare it in "${layer.id}".overrides if intended.`,
        );
      }
      const fragments = fragmentSources.get(out.path);
      byPath.set(out.path, {
        path: out.path,
        layer: layer.id,
        template: file.path,
        ...(fragments ? { fragments } : {}),
        content: out.rendered ? store.render(file.path, context) : store.read(file.path),
        executable: file.executable,
      });
    }
  }
  for (const [p, content] of [
    [data.description, datasetJson(spec)],
    ...(options.dataset ? [[data.sample, options.dataset.sample] as const] : []),
  ] as const) {
    if (byPath.has(p)) throw new Error(`A layer writes ${p}, which the data set owns.`);
    // Computed, yet part of the base layer: every project has it.
    byPath.set(p, { path: p, layer: 'base', template: '', content, executable: false });
  }
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (byPath.has(RECORD_PATH)) throw new Error(`No layer may write ${RECORD_PATH}.`);
  files.push({
    path: RECORD_PATH,
    layer: 'record',
    template: '',
    content: recordContent(answers, context.layers, options.generatorVersion, files, [], options.dataset?.spec),
    executable: false,
  });
  return files;
}
