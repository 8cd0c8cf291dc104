import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderProgram } from './render.js';
import type { TemplateFile, TemplateStore } from './store.js';
import type { TemplateProgram } from './template-program.js';

/** What the build writes into the bundle: the file list and every .hbs compiled. */
export interface TemplateIndex {
  files: TemplateFile[];
  /** Compiled templates as JSON text, keyed by template path; parsed only when used. */
  programs: Record<string, string>;
}

/**
 * The published package's store: no directory walk and no template parser at run time.
 * Verbatim files are still read from templates/ (they ship beside the bundle).
 */
export function createBundledStore(root: string, index: TemplateIndex): TemplateStore {
  const programs = new Map<string, TemplateProgram>();
  return {
    list: (layerDir) => index.files.filter((f) => f.path.startsWith(`${layerDir}/`)),
    read: (file) => readFileSync(path.join(root, file)),
    render(file, data) {
      let program = programs.get(file);
      if (!program) {
        const json = index.programs[file];
        if (json === undefined) throw new Error(`Template ${file} was not compiled into the bundle.`);
        program = JSON.parse(json) as TemplateProgram;
        programs.set(file, program);
      }
      return renderProgram(program, data);
    },
  };
}
