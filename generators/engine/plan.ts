import type { Answers } from '../core/answers.js';
import { buildContext, type TemplateContext } from './context.js';
import { LAYERS, selectLayers, type Layer } from './layers.js';
import { FRAGMENTS_DIR, isFragment, outputPath } from './paths.js';
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
  content: Buffer;
  executable: boolean;
}

export interface PlanOptions {
  store: TemplateStore;
  generatorVersion: string;
  /** Fixed in tests so that plans are reproducible; defaults to this year. */
  year?: number;
  layers?: readonly Layer[];
}

/** Render each layer's _fragments/<slot>.*.hbs and collect them per slot, in layer order. */
function collectFragments(layers: Layer[], store: TemplateStore, context: TemplateContext): void {
  for (const layer of layers) {
    for (const file of store.list(layer.dir)) {
      if (!isFragment(file.path, layer.dir)) continue;
      const name = file.path.slice(layer.dir.length + FRAGMENTS_DIR.length + 2);
      const slot = name.split('.')[0] ?? name;
      const bytes = file.path.endsWith('.hbs') ? store.render(file.path, context) : store.read(file.path);
      const text = bytes.toString('utf8');
      (context.fragments[slot] ??= []).push(text.trimEnd());
    }
  }
}

export function plan(answers: Answers, options: PlanOptions): PlannedFile[] {
  const { store } = options;
  const layers = selectLayers(answers, options.layers ?? LAYERS);
  const context = buildContext(
    answers,
    layers,
    options.generatorVersion,
    options.year ?? new Date().getFullYear(),
  );
  collectFragments(layers, store, context);

  const byPath = new Map<string, PlannedFile>();
  for (const layer of layers) {
    for (const file of store.list(layer.dir)) {
      if (isFragment(file.path, layer.dir)) continue;
      const out = outputPath(file.path, layer.dir, answers.package);
      const previous = byPath.get(out.path);
      if (previous && !layer.overrides?.includes(out.path)) {
        throw new Error(
          `Layers "${previous.layer}" and "${layer.id}" both write ${out.path}; declare it in "${layer.id}".overrides if intended.`,
        );
      }
      byPath.set(out.path, {
        path: out.path,
        layer: layer.id,
        template: file.path,
        content: out.rendered ? store.render(file.path, context) : store.read(file.path),
        executable: file.executable,
      });
    }
  }
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (byPath.has(RECORD_PATH)) throw new Error(`No layer may write ${RECORD_PATH}.`);
  files.push({
    path: RECORD_PATH,
    layer: 'record',
    template: '',
    content: recordContent(answers, context.layers, options.generatorVersion, files),
    executable: false,
  });
  return files;
}
