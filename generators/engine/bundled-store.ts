import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cachedRenderer } from './render.js';
import type { TemplateFile, TemplateStore } from './store.js';
import type { TemplateProgram } from './template-program.js';

/** What the build writes into the bundle: the file list and every .hbs compiled (see template-program.ts). */
export interface TemplateIndex {
  /**
   * Every template's path; the few executable ones again in `executable`. Paths alone, not
   * `{path, executable}` objects: the entry every run parses holds one line per template, and the
   * French variants doubled the count.
   */
  files: string[];
  executable: string[];
  /** Compiled templates as JSON text, keyed by template path; parsed only when used. */
  programs: Record<string, string>;
  /**
   * sha256 (base64) of each .hbs file's bytes at build time: a program's byte positions are valid
   * for exactly those bytes, so a size check alone would let an edit of equal length through.
   */
  hashes: Record<string, string>;
  /**
   * The file (relative to the entry's folder) holding the programs and hashes of the templates a
   * plain create never renders (French variants, `add`'s): read only when one of them is.
   */
  more?: string;
}

type ProgramSet = Pick<TemplateIndex, 'programs' | 'hashes'>;

/**
 * The published package's store: no directory walk and no template parser at run time. Files
 * are read from templates/ (they ship beside the bundle); only the programs are in the bundle.
 */
export function createBundledStore(root: string, index: TemplateIndex, readMore?: (file: string) => ProgramSet): TemplateStore {
  let byFolder: Map<string, TemplateFile[]> | undefined;
  let more: ProgramSet | undefined;
  const programSet = (file: string): ProgramSet => {
    if (file in index.programs || index.more === undefined || readMore === undefined) return index;
    more ??= readMore(index.more);
    return more;
  };
  return {
    list(layerDir) {
      byFolder ??= groupByFolder(templateFiles(index));
      return byFolder.get(layerDir) ?? [];
    },
    // Index paths are normalized posix paths: no path.join (see write.ts's stage()).
    read: (file) => readFileSync(`${root}/${file}`),
    render: cachedRenderer((file) => {
      const set = programSet(file);
      const json = set.programs[file];
      if (json === undefined) throw new Error(`Template ${file} was not compiled into the bundle.`);
      // The program holds positions in the .hbs file, which ships beside the bundle: a file edited
      // since the build would render as garbage (only a source checkout can get there). Hashing
      // costs microseconds per template, and node:crypto is loaded anyway for the record.
      const source = readFileSync(`${root}/${file}`);
      if (templateHash(source) !== set.hashes[file]) {
        throw new Error(`templates/${file} changed since the bundle was built: run \`npm run build\`.`);
      }
      return { program: JSON.parse(json) as TemplateProgram, source };
    }),
  };
}

/** The fingerprint the build records for a template's bytes (scripts/build.mjs uses the same). */
export function templateHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** The index's paths as the store's files. */
function templateFiles(index: Pick<TemplateIndex, 'files' | 'executable'>): TemplateFile[] {
  const executable = new Set(index.executable);
  return index.files.map((path) => ({ path, executable: executable.has(path) }));
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
