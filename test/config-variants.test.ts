import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkFiles } from '../generators/engine/fs-store.js';
import { languageVariant } from '../generators/engine/paths.js';
import { configComments as comments, englishWords, HASH_COMMENTED, isCommentLine as isComment } from './french-text.js';
import { TEMPLATES } from './helpers.js';

/**
 * A configuration file in French is its English file with French comments: a whole-file variant
 * (`Dockerfile.fr.hbs`, `config.fr.toml`, `_gitignore.fr.hbs`, the `.env.example` fragments, the
 * CI workflows, `deploy/` manifests, `_dockerignore.fr.hbs`, `CODEOWNERS.fr.hbs`…) whose every
 * other line must be the English one's, so that a change to the configuration made in English and
 * not in French (or the reverse) fails here instead of shipping two configurations.
 */

/**
 * The website's Quarto project file is a document's too: its values are the site's titles and
 * navigation text, translated like any prose (test/language-variants.test.ts holds that pair).
 * The report's has no such text: it is configuration with comments like any other.
 */
const DOCUMENT_CONFIG = /(?:^|\/)website\/_quarto\.[^/]*$/;

const VARIANTS = walkFiles(TEMPLATES)
  .map((f) => f.path)
  .filter((p) => {
    const variant = languageVariant(p);
    return variant !== undefined && HASH_COMMENTED.test(variant.base) && !DOCUMENT_CONFIG.test(variant.base);
  });

const code = (text: string) => text.split('\n').filter((line) => !isComment(line));

describe('configuration files in French: the same configuration, French comments', () => {
  it('has such variants (a Dockerfile, the Streamlit settings, .gitignore, .env.example fragments, CI, deploy/, pre-commit, CODEOWNERS)', () => {
    const bases = VARIANTS.map((v) => languageVariant(v)?.base ?? '');
    const names = bases.map((b) => path.posix.basename(b));
    for (const expected of ['Dockerfile.hbs', 'config.toml', '_gitignore.hbs', '_env.example.hbs', '_dockerignore.hbs', '_pre-commit-config.yaml', 'CODEOWNERS.hbs', '_gitlab-ci.yml']) {
      expect(names).toContain(expected);
    }
    for (const folder of ['ci/github/', 'ci/gitlab/', 'ci-github/', 'ci-gitlab/', '/deploy/kubernetes/', '/deploy/argo/', '/deploy/argocd/', '/deploy/argo-cron/']) {
      expect(bases.some((b) => b.includes(folder)), folder).toBe(true);
    }
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
