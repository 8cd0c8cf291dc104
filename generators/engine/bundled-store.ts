import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars/runtime';
import { registerHelpers } from './helpers.js';
import type { TemplateFile, TemplateStore } from './store.js';

/** What the build writes into the bundle: the file list and every .hbs precompiled. */
export interface TemplateIndex {
  files: TemplateFile[];
  // Handlebars precompiled template specs, keyed by template path.
  precompiled: Record<string, unknown>;
}

/**
 * The published package's store: no directory walk and no template compiler at run time.
 * Verbatim files are still read from templates/ (they ship beside the bundle).
 */
export function createBundledStore(root: string, index: TemplateIndex): TemplateStore {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  return {
    list: (layerDir) => index.files.filter((f) => f.path.startsWith(`${layerDir}/`)),
    read: (file) => readFileSync(path.join(root, file)),
    render(file, data) {
      let template = templates.get(file);
      if (!template) {
        const spec = index.precompiled[file];
        if (!spec) throw new Error(`Template ${file} was not precompiled into the bundle.`);
        template = hb.template(spec as TemplateSpecification);
        templates.set(file, template);
      }
      return template(data);
    },
  };
}

type TemplateSpecification = Parameters<typeof Handlebars.template>[0];
