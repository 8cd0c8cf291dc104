import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkFiles } from '../generators/engine/fs-store.js';
import { languageVariant } from '../generators/engine/paths.js';
import { englishWords } from './french-text.js';
import { TEMPLATES } from './helpers.js';

/**
 * A configuration file in French is its English file with French comments: a whole-file variant
 * (`Dockerfile.fr.hbs`, `config.fr.toml`, `_gitignore.fr.hbs`, the `.env.example` fragments)
 * whose every other line must be the English one's, so that a change to the configuration made in
 * English and not in French (or the reverse) fails here instead of shipping two configurations.
 */

/** Files whose comments are `#` lines: TOML, YAML, a Dockerfile, .gitignore, .env.example. */
const HASH_COMMENTED = /(?:\.toml|\.ya?ml|Dockerfile|_gitignore|env\.example)(?:\.hbs)?$/;
/**
 * Quarto's project file is a document's too: its values are the site's titles and navigation
 * text, translated like any prose (test/language-variants.test.ts holds that pair).
 */
const DOCUMENT_CONFIG = /(?:^|\/)_quarto\.[^/]*$/;

const VARIANTS = walkFiles(TEMPLATES)
  .map((f) => f.path)
  .filter((p) => {
    const variant = languageVariant(p);
    return variant !== undefined && HASH_COMMENTED.test(variant.base) && !DOCUMENT_CONFIG.test(variant.base);
  });

/** A comment line: `#` first, except a parser directive (`# syntax=…` in a Dockerfile). */
const isComment = (line: string) => /^\s*#/.test(line) && !/^# syntax=/.test(line);
const code = (text: string) => text.split('\n').filter((line) => !isComment(line));
const comments = (text: string) =>
  text
    .split('\n')
    .filter(isComment)
    .map((line) => line.replace(/^\s*#+/, ''))
    .join('\n');

describe('configuration files in French: the same configuration, French comments', () => {
  it('has such variants (a Dockerfile, the Streamlit settings, .gitignore, .env.example fragments)', () => {
    const bases = VARIANTS.map((v) => path.posix.basename(languageVariant(v)?.base ?? ''));
    for (const expected of ['Dockerfile.hbs', 'config.toml', '_gitignore.hbs', '_env.example.hbs']) expect(bases).toContain(expected);
  });

  it.each(VARIANTS)('%s: every line but the comments is the English one', (variant) => {
    const base = languageVariant(variant)?.base as string;
    const fr = readFileSync(path.join(TEMPLATES, variant), 'utf8');
    const en = readFileSync(path.join(TEMPLATES, base), 'utf8');
    expect(code(fr)).toEqual(code(en));
    expect(comments(fr)).not.toEqual(comments(en));
  });

  it.each(VARIANTS)('%s: its comments are French', (variant) => {
    const fr = readFileSync(path.join(TEMPLATES, variant), 'utf8');
    expect(englishWords(comments(fr))).toEqual([]);
  });
});
