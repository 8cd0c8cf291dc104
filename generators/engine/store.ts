/**
 * Where templates come from. The plan only asks a store for a layer's files, a file's bytes and a
 * rendered .hbs; it never knows whether templates are compiled at run time (source, tests) or
 * were precompiled into the bundle at build time (the published package).
 */
export interface TemplateFile {
  /** Posix path relative to the templates root, e.g. "base/src/__package__/model.py". */
  path: string;
  executable: boolean;
}

export interface TemplateStore {
  /** Files under a layer folder, sorted, dotfiles included. */
  list(layerDir: string): TemplateFile[];
  read(path: string): Buffer;
  /** A .hbs rendered, as the bytes of the file to write. */
  render(path: string, data: object): Buffer;
}

export const TEMPLATE_SUFFIX = '.hbs';
