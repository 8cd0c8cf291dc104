import path from 'node:path';
import { UserError } from './errors.js';
import { PROJECT_FOLDERS, PYTHON_KEYWORDS, SHADOWED_DEPENDENCIES, STDLIB_MODULES } from './python-names.js';

/**
 * A project has three names: the display name people read, the distribution name
 * (PEP 503-normalised, used by pip/uv) and the import name (a Python identifier).
 * They are derived in that order and each is validated, so that nothing interpolated
 * into a path, TOML, YAML or Python later can be malformed.
 */
export interface ProjectNames {
  display: string;
  distribution: string;
  package: string;
}

const MAX_NAME = 64;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A Unicode non-character (U+FDD0–U+FDEF, and the last two code points of every plane: U+FFFE,
 * U+FFFF, U+1FFFE…) or half of a surrogate pair: never text, and YAML parsers refuse them raw.
 * Returned as "U+FFFE" for the message, undefined when the text has none.
 */
export function invalidCodePoint(text: string): string | undefined {
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe || (cp >= 0xd800 && cp <= 0xdfff)) {
      return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return undefined;
}

function refuseInvalidCodePoints(text: string, what: string): void {
  const bad = invalidCodePoint(text);
  if (bad) throw new UserError(`The ${what} contains ${bad}, which is not a character (a Unicode non-character or half a surrogate pair).`);
}

/** Fold accents to ASCII (é → e); anything still non-ASCII is dropped by the caller. */
export function foldToAscii(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

export function validateDisplayName(display: string): string {
  const name = display.trim();
  if (!name) throw new UserError('The project name is empty: pass --name or a directory name.');
  if (CONTROL.test(name)) throw new UserError('The project name contains control characters.');
  refuseInvalidCodePoints(name, 'project name');
  if (/[\\/]/.test(name)) throw new UserError(`The project name "${name}" contains a path separator.`);
  if (name === '.' || name === '..') throw new UserError(`"${name}" is not a project name.`);
  if (name.length > 100) throw new UserError('The project name is longer than 100 characters.');
  return name;
}

/** PEP 503 normalisation after ASCII folding: lowercase, runs of -_. and spaces become one "-". */
export function toDistributionName(display: string): string {
  const folded = foldToAscii(display).toLowerCase();
  const dist = folded
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[-_.]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!dist) {
    throw new UserError(
      `Cannot derive a distribution name from "${display}" (no ASCII letters or digits): pass --name.`,
    );
  }
  return dist.slice(0, MAX_NAME).replace(/-+$/, '');
}

export function validatePackageName(pkg: string, origin: string): string {
  const hint = 'pass --package NAME (a lowercase Python identifier)';
  if (!pkg) throw new UserError(`The Python package name derived from ${origin} is empty: ${hint}.`);
  if (!/^[a-z_][a-z0-9_]*$/.test(pkg)) {
    const why = /^[0-9]/.test(pkg) ? 'starts with a digit' : 'is not a lowercase ASCII identifier';
    throw new UserError(`The Python package name "${pkg}" (from ${origin}) ${why}: ${hint}.`);
  }
  if (pkg.length > MAX_NAME) throw new UserError(`The Python package name "${pkg}" is longer than ${MAX_NAME} characters.`);
  if (pkg.startsWith('__')) throw new UserError(`The Python package name "${pkg}" starts with "__": ${hint}.`);
  if (PYTHON_KEYWORDS.has(pkg)) throw new UserError(`"${pkg}" is a Python keyword: ${hint}.`);
  if (STDLIB_MODULES.has(pkg)) {
    throw new UserError(`"${pkg}" is a Python standard-library module and would shadow it: ${hint}.`);
  }
  if (SHADOWED_DEPENDENCIES.has(pkg)) {
    throw new UserError(`"${pkg}" is a library the project depends on and would shadow it: ${hint}.`);
  }
  if (PROJECT_FOLDERS.has(pkg)) {
    throw new UserError(`"${pkg}" is the name of a folder in generated projects and would be shadowed by it: ${hint}.`);
  }
  return pkg;
}

export function deriveNames(display: string, packageOverride?: string): ProjectNames {
  const shown = validateDisplayName(display);
  const distribution = toDistributionName(shown);
  const pkg =
    packageOverride !== undefined
      ? validatePackageName(packageOverride, '--package')
      : validatePackageName(distribution.replace(/[-.]/g, '_'), `the name "${shown}"`);
  return { display: shown, distribution, package: pkg };
}

/** The target directory: any path, but its last segment must be a usable folder name. */
export function validateTargetDir(dir: string, cwd: string): string {
  if (!dir.trim()) throw new UserError('The target directory is empty.');
  if (CONTROL.test(dir)) throw new UserError('The target directory contains control characters.');
  refuseInvalidCodePoints(dir, 'target directory');
  const resolved = path.resolve(cwd, dir);
  const base = path.basename(resolved);
  if (WINDOWS_RESERVED.test(base)) {
    throw new UserError(`"${base}" is a reserved device name on Windows: choose another directory name.`);
  }
  if (/[<>:"|?*]/.test(base)) {
    throw new UserError(`The directory name "${base}" contains a character that is not portable (<>:"|?*).`);
  }
  return resolved;
}

/** Free text that ends up in TOML/YAML/Markdown: one line, no control characters. */
export function validateOneLine(value: string, what: string, max = 300): string {
  const text = value.trim();
  if (CONTROL.test(text)) throw new UserError(`The ${what} must be one line without control characters.`);
  refuseInvalidCodePoints(text, what);
  if (text.length > max) throw new UserError(`The ${what} is longer than ${max} characters.`);
  return text;
}
