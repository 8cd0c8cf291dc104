import path from 'node:path';
import { UserError } from './errors.js';
import { PROJECT_FOLDERS, PYTHON_KEYWORDS, SHADOWED_DEPENDENCIES, STDLIB_MODULES } from './python-names.js';
import { t } from './i18n.js';
import type { MessageKey } from './messages/en.js';

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

/** What a message is about, as the subject of its sentence ("The description", "La description"). */
const SUBJECTS: Readonly<Record<string, MessageKey>> = {
  'project name': 'theProjectName',
  'target directory': 'theTargetDirectory',
  description: 'theDescription',
  author: 'theAuthor',
};

function subject(what: string): string {
  const key = SUBJECTS[what];
  return key ? t(key) : `The ${what}`;
}

function refuseInvalidCodePoints(text: string, what: string): void {
  const bad = invalidCodePoint(text);
  if (bad) throw new UserError(t('notACharacter', { what: subject(what), code: bad }));
}

/** Fold accents to ASCII (é → e); anything still non-ASCII is dropped by the caller. */
export function foldToAscii(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

export function validateDisplayName(display: string): string {
  const name = display.trim();
  if (!name) throw new UserError(t('nameEmpty'));
  if (CONTROL.test(name)) throw new UserError(t('nameControl'));
  refuseInvalidCodePoints(name, 'project name');
  if (/[\\/]/.test(name)) throw new UserError(t('nameSeparator', { name }));
  if (name === '.' || name === '..') throw new UserError(t('notAName', { name }));
  if (name.length > 100) throw new UserError(t('nameTooLong'));
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
    throw new UserError(t('noDistribution', { name: display }));
  }
  return dist.slice(0, MAX_NAME).replace(/-+$/, '');
}

export function validatePackageName(pkg: string, origin: string): string {
  const hint = t('packageHint');
  const params = { name: pkg, origin, hint, max: MAX_NAME };
  if (!pkg) throw new UserError(t('packageEmpty', params));
  if (!/^[a-z_][a-z0-9_]*$/.test(pkg)) throw new UserError(t(/^[0-9]/.test(pkg) ? 'packageDigit' : 'packageNotIdentifier', params));
  if (pkg.length > MAX_NAME) throw new UserError(t('packageTooLong', params));
  if (pkg.startsWith('__')) throw new UserError(t('packageDunder', params));
  if (PYTHON_KEYWORDS.has(pkg)) throw new UserError(t('packageKeyword', params));
  if (STDLIB_MODULES.has(pkg)) throw new UserError(t('packageStdlib', params));
  if (SHADOWED_DEPENDENCIES.has(pkg)) throw new UserError(t('packageDependency', params));
  if (PROJECT_FOLDERS.has(pkg)) throw new UserError(t('packageFolder', params));
  return pkg;
}

export function deriveNames(display: string, packageOverride?: string): ProjectNames {
  const shown = validateDisplayName(display);
  const distribution = toDistributionName(shown);
  const pkg =
    packageOverride !== undefined
      ? validatePackageName(packageOverride, '--package')
      : validatePackageName(distribution.replace(/[-.]/g, '_'), t('packageFromName', { name: shown }));
  return { display: shown, distribution, package: pkg };
}

/** The target directory: any path, but its last segment must be a usable folder name. */
export function validateTargetDir(dir: string, cwd: string): string {
  if (!dir.trim()) throw new UserError(t('targetEmpty'));
  if (CONTROL.test(dir)) throw new UserError(t('targetControl'));
  refuseInvalidCodePoints(dir, 'target directory');
  const resolved = path.resolve(cwd, dir);
  const base = path.basename(resolved);
  if (WINDOWS_RESERVED.test(base)) {
    throw new UserError(t('targetReserved', { name: base }));
  }
  if (/[<>:"|?*]/.test(base)) {
    throw new UserError(t('targetNotPortable', { name: base }));
  }
  return resolved;
}

/** Free text that ends up in TOML/YAML/Markdown: one line, no control characters. */
export function validateOneLine(value: string, what: string, max = 300): string {
  const text = value.trim();
  if (CONTROL.test(text)) throw new UserError(t('notOneLine', { what: subject(what) }));
  refuseInvalidCodePoints(text, what);
  if (text.length > max) throw new UserError(t('textTooLong', { what: subject(what), max }));
  return text;
}
