import { readFileSync } from 'node:fs';
import { cachedRenderer } from './render.js';
import type { TemplateFile, TemplateStore } from './store.js';
import type { TemplateProgram } from './template-program.js';

/** What the build writes into the bundle: the file list and every .hbs compiled (see template-program.ts). */
export interface TemplateIndex {
  files: TemplateFile[];
  /** Compiled templates as JSON text, keyed by template path; parsed only when used. */
  programs: Record<string, string>;
  /** Each .hbs file's size in bytes at build time: a program's positions are only valid for it. */
  sizes: Record<string, number>;
}

/**
 * The published package's store: no directory walk and no template parser at run time. Files
 * are read from templates/ (they ship beside the bundle); only the programs are in the bundle.
 */
export function createBundledStore(root: string, index: TemplateIndex): TemplateStore {
  let byFolder: Map<string, TemplateFile[]> | undefined;
  return {
    list(layerDir) {
      byFolder ??= groupByFolder(index.files);
      return byFolder.get(layerDir) ?? [];
    },
    // Index paths are normalized posix paths: no path.join (see write.ts's stage()).
    read: (file) => readFileSync(`${root}/${file}`),
    render: cachedRenderer((file) => {
      const json = index.programs[file];
      if (json === undefined) throw new Error(`Template ${file} was not compiled into the bundle.`);
      // The program holds positions in the .hbs file, which ships beside the bundle: a file edited
      // since the build would render as garbage (only a source checkout can get there).
      const source = readFileSync(`${root}/${file}`);
      if (source.length !== index.sizes[file]) {
        throw new Error(`templates/${file} changed since the bundle was built: run \`npm run build\`.`);
      }
      return { program: JSON.parse(json) as TemplateProgram, source };
    }),
  };
}

/**
 * Every folder → the files under it, in one pass. Filtering the whole list once per layer ran a
 * small callback over a thousand times, enough for V8 to optimize it on a worker thread, which
 * costs megabytes of resident memory in a run this short.
 */
function groupByFolder(files: TemplateFile[]): Map<string, TemplateFile[]> {
  const groups = new Map<string, TemplateFile[]>();
  for (const file of files) {
    let end = file.path.lastIndexOf('/');
    while (end > 0) {
      const folder = file.path.slice(0, end);
      const group = groups.get(folder);
      if (group) group.push(file);
      else groups.set(folder, [file]);
      end = file.path.lastIndexOf('/', end - 1);
    }
  }
  return groups;
}
