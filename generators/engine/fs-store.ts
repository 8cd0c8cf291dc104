import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { HANDLEBARS_OPTIONS, registerHelpers } from './helpers.js';
import type { TemplateFile, TemplateStore } from './store.js';

/** Walk a folder; returns posix paths relative to root, sorted. */
export function walkFiles(root: string, dir = ''): TemplateFile[] {
  const here = path.join(root, dir);
  let entries: string[];
  try {
    entries = readdirSync(here);
  } catch {
    return [];
  }
  const files: TemplateFile[] = [];
  for (const name of entries.sort()) {
    const rel = dir ? `${dir}/${name}` : name;
    const stat = statSync(path.join(root, rel));
    if (stat.isDirectory()) files.push(...walkFiles(root, rel));
    else files.push({ path: rel, executable: (stat.mode & 0o111) !== 0 });
  }
  return files;
}

/** Templates read and compiled from disk at run time: the source tree and test fixtures. */
export function createFsStore(root: string): TemplateStore {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  return {
    list: (layerDir) => walkFiles(root, layerDir),
    read: (file) => readFileSync(path.join(root, file)),
    render(file, data) {
      let template = compiled.get(file);
      if (!template) {
        template = hb.compile(readFileSync(path.join(root, file), 'utf8'), HANDLEBARS_OPTIONS);
        compiled.set(file, template);
      }
      return template(data);
    },
  };
}
