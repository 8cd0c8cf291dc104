import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { cachedRenderer } from './render.js';
import type { TemplateFile, TemplateStore } from './store.js';
import { compileTemplate } from './template-compiler.js';

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
  return {
    list: (layerDir) => walkFiles(root, layerDir),
    read: (file) => readFileSync(path.join(root, file)),
    render: cachedRenderer((file) => {
      const source = readFileSync(path.join(root, file));
      return { program: compileTemplate(source.toString('utf8'), file), source };
    }),
  };
}
