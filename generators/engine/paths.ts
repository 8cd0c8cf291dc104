import { TEMPLATE_SUFFIX } from './store.js';

/**
 * Template paths → output paths. Dotfiles are stored under a safe name because npm drops or
 * renames some of them when publishing (.gitignore, .npmrc); the map is explicit so that
 * "__init__.py" or "_quarto.yml" are never touched by a blanket rule.
 */
export const DOTFILE_RENAMES: Readonly<Record<string, string>> = {
  _gitignore: '.gitignore',
  _dockerignore: '.dockerignore',
  '_env.example': '.env.example',
  '_pre-commit-config.yaml': '.pre-commit-config.yaml',
  '_python-version': '.python-version',
  _github: '.github',
  _gitlab: '.gitlab',
  '_gitlab-ci.yml': '.gitlab-ci.yml',
  _streamlit: '.streamlit',
};

export const PACKAGE_SEGMENT = '__package__';
/** Folder inside a layer whose files are not written but fed to shared files (README, AGENTS.md). */
export const FRAGMENTS_DIR = '_fragments';

/**
 * The shared file each fragment slot feeds. A fragment's slot is the first dot-separated part of
 * its name (`_fragments/readme.md.hbs` → readme); the file's template iterates over
 * `fragments.<slot>`. A fragment of any other slot is refused rather than silently dropped.
 */
export const FRAGMENT_SLOTS: Readonly<Record<string, string>> = {
  /** README sections (## The API, ## Production…). */
  readme: 'README.md',
  /** What the project delivers, in the README's first sentence ("an API"). */
  'readme-summary': 'README.md',
  /** Lines of the README's phase checklist that only some deliverables have. */
  'readme-checklist-production': 'README.md',
  'readme-checklist-maintenance': 'README.md',
  /** Rows of the README's table of `create-livrable add` commands that only some deliverables have. */
  'readme-add': 'README.md',
  agents: 'AGENTS.md',
  env: '.env.example',
};

export interface OutputPath {
  path: string;
  rendered: boolean;
}

/** "base/src/__package__/_gitignore.hbs" with layer "base" → "src/pkg/.gitignore", rendered. */
export function outputPath(templatePath: string, layerDir: string, pkg: string): OutputPath {
  const inside = templatePath.slice(layerDir.length + 1);
  const rendered = inside.endsWith(TEMPLATE_SUFFIX);
  const bare = rendered ? inside.slice(0, -TEMPLATE_SUFFIX.length) : inside;
  const segments = bare.split('/').map((segment) => {
    if (segment === PACKAGE_SEGMENT) return pkg;
    return DOTFILE_RENAMES[segment] ?? segment;
  });
  return { path: segments.join('/'), rendered };
}

export function isFragment(templatePath: string, layerDir: string): boolean {
  return templatePath.startsWith(`${layerDir}/${FRAGMENTS_DIR}/`);
}
