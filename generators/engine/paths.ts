import { LANGUAGES, type Language } from '../core/domain.js';
import { TEMPLATE_SUFFIX, type TemplateFile } from './store.js';

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

/**
 * Language variants. English is the base: `README.md.hbs`. Its French variant sits beside it, the
 * language tag after the file's stem: `README.fr.md.hbs` (`readme.fr.md.hbs`, `_env.fr.example`).
 * The variant replaces the base when the answers' `lang` is its language and is otherwise never
 * read, so each document is one pair of neighbouring files that the parity test
 * (test/language-variants.test.ts) holds to the same headings, code blocks, links and expressions,
 * rather than a second template tree. A file without a variant is written as is in every language
 * (Python, YAML without prose, data).
 */
const VARIANT_TAGS: readonly string[] = LANGUAGES.filter((l) => l !== 'en');

/** `README.fr.md.hbs` → {base: `README.md.hbs`, lang: `fr`}; undefined for a base file. */
export function languageVariant(templatePath: string): { base: string; lang: Language } | undefined {
  const slash = templatePath.lastIndexOf('/');
  const name = templatePath.slice(slash + 1);
  const parts = name.split('.');
  const tag = parts[1];
  if (parts.length < 3 || tag === undefined || !VARIANT_TAGS.includes(tag)) return undefined;
  const base = [parts[0], ...parts.slice(2)].join('.');
  return { base: templatePath.slice(0, slash + 1) + base, lang: tag as Language };
}

/** The name of a base file's variant in `lang`: `README.md.hbs`, fr → `README.fr.md.hbs`. */
export function variantPath(basePath: string, lang: Language): string {
  const slash = basePath.lastIndexOf('/');
  const [stem, ...rest] = basePath.slice(slash + 1).split('.');
  return `${basePath.slice(0, slash + 1)}${[stem, lang, ...rest].join('.')}`;
}

export interface LocalizedFile extends TemplateFile {
  /** The base file's path: what the output path and the fragment slot are computed from. */
  base: string;
}

/**
 * A layer's files for one language: each base file, or its variant in `lang` when there is one.
 * A variant without its base is refused: it would be a document with no English counterpart to
 * keep in step with.
 */
export function selectLanguage(files: readonly TemplateFile[], lang: Language): LocalizedFile[] {
  const present = new Set(files.map((f) => f.path));
  const chosen: LocalizedFile[] = [];
  for (const file of files) {
    const variant = languageVariant(file.path);
    if (variant) {
      if (!present.has(variant.base)) throw new Error(`${file.path}: a language variant of ${variant.base}, which does not exist.`);
      if (variant.lang === lang) chosen.push({ ...file, base: variant.base });
    } else if (lang === 'en' || !present.has(variantPath(file.path, lang))) {
      chosen.push({ ...file, base: file.path });
    }
  }
  return chosen;
}
