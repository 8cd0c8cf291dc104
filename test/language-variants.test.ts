import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CI_PROVIDERS, DELIVERABLES, PHASES } from '../generators/core/domain.js';
import type { DatasetSpec } from '../generators/core/dataset.js';
import { markdownText } from '../generators/engine/escape.js';
import { createFsStore, walkFiles } from '../generators/engine/fs-store.js';
import { languageVariant, selectLanguage, variantPath } from '../generators/engine/paths.js';
import { plan, type PlannedFile } from '../generators/engine/plan.js';
import { DATASETS } from './fixtures/datasets/make.js';
import { configComments, englishWords, expressions, fencedBlocks, HASH_COMMENTED, headingLevels, links, prose } from './french-text.js';
import { makeAnswers, TEMPLATES } from './helpers.js';

/**
 * A French document is its English template's neighbour (README.fr.md.hbs beside README.md.hbs),
 * and this file keeps each pair from drifting: same structure, same commands, same links, same
 * data, and French text that is French.
 */

const store = createFsStore(TEMPLATES);
const VERSION = '9.9.9-test';
const YEAR = 2026;

const VARIANTS = walkFiles(TEMPLATES)
  .map((f) => f.path)
  .filter((p) => languageVariant(p) !== undefined);

describe('language variants: naming and selection', () => {
  it('names a variant by the language after the stem, both ways', () => {
    expect(variantPath('base/README.md.hbs', 'fr')).toBe('base/README.fr.md.hbs');
    expect(variantPath('x/_fragments/env.example', 'fr')).toBe('x/_fragments/env.fr.example');
    expect(languageVariant('base/README.fr.md.hbs')).toEqual({ base: 'base/README.md.hbs', lang: 'fr' });
    expect(languageVariant('base/README.md.hbs')).toBeUndefined();
    expect(languageVariant('base/fr.md')).toBeUndefined();
    expect(languageVariant('base/a.en.md')).toBeUndefined();
  });

  it('picks the variant in its language and the base otherwise; refuses an orphan variant', () => {
    const files = ['l/A.md.hbs', 'l/A.fr.md.hbs', 'l/B.py'].map((p) => ({ path: p, executable: false }));
    expect(selectLanguage(files, 'en').map((f) => f.path)).toEqual(['l/A.md.hbs', 'l/B.py']);
    expect(selectLanguage(files, 'fr').map((f) => [f.path, f.base])).toEqual([
      ['l/A.fr.md.hbs', 'l/A.md.hbs'],
      ['l/B.py', 'l/B.py'],
    ]);
    expect(() => selectLanguage([{ path: 'l/C.fr.md', executable: false }], 'fr')).toThrow(/C\.md, which does not exist/);
  });

  it('has French variants to check (the parity tests below are not vacuous)', () => {
    expect(VARIANTS.length).toBeGreaterThan(25);
  });
});

describe.each(VARIANTS)('parity of %s with its English base', (variant) => {
  const base = languageVariant(variant)?.base as string;
  const fr = readFileSync(path.join(TEMPLATES, variant), 'utf8');
  const en = readFileSync(path.join(TEMPLATES, base), 'utf8');
  // In a configuration file a `# ` line is a comment, not a heading, and only the comments are
  // prose: test/config-variants.test.ts holds such a file to every line but its comments.
  const configuration = HASH_COMMENTED.test(base) && !/(?:^|\/)website\/_quarto\./.test(base);

  it.skipIf(configuration)('same heading levels in the same order', () => {
    expect(headingLevels(fr)).toEqual(headingLevels(en));
  });
  it('identical fenced code blocks (the commands are the same in every language)', () => {
    expect(fencedBlocks(fr)).toEqual(fencedBlocks(en));
  });
  it('same links, in the same order', () => {
    expect(links(fr)).toEqual(links(en));
  });
  it('same Handlebars expressions, in the same order', () => {
    expect(expressions(fr)).toEqual(expressions(en));
  });
  // A texts module or a data description is code around strings: test/app-api-text.test.ts holds
  // each of its strings to the same rules.
  it.skipIf(/\.(?:py|json)$/.test(base))('French typography: a narrow no-break space before : ; ? ! and inside « », no straight quotes in prose', () => {
    const text = prose(configuration ? configComments(fr) : fr);
    expect(text).not.toMatch(/[^\S\u202f\u00a0][:;?!](?=\s|$)/m);
    expect(text).not.toMatch(/«[ \t]|[ \t]»/);
    // In Markdown, a straight quote would be shown as such; in JSON (a notebook) it is syntax.
    if (/\.(?:md|qmd)(?:\.hbs)?$/.test(base)) expect(text).not.toMatch(/"/);
  });
});

// ── every combination rendered in French ─────────────────────────────────────────────────────────

/** The documents the French variants cover today (see README, "Languages"), and where they are. */
const FRENCH_DOCUMENTS: { path: string; in: (phase: string, ci: string, deliverable: string) => boolean }[] = [
  { path: 'README.md', in: () => true },
  { path: 'report/report.qmd', in: (_phase, _ci, deliverable) => deliverable === 'report' },
  ...['index', 'data-card', 'model-card', 'results'].map((page) => ({
    path: `website/${page}.qmd`,
    in: (_phase: string, _ci: string, deliverable: string) => deliverable === 'website',
  })),
  { path: 'AGENTS.md', in: () => true },
  { path: 'notebooks/README.md', in: () => true },
  { path: '.env.example', in: () => true },
  { path: 'notebooks/01-exploration.ipynb', in: () => true },
  { path: 'deploy/argo/README.md', in: (phase: string) => phase !== 'development' },
  ...['CONTRIBUTING.md', 'SECURITY.md', 'CHANGELOG.md'].map((p) => ({ path: p, in: (phase: string) => phase === 'maintenance' })),
  // The website's cards are Quarto pages (above); every other deliverable has them in docs/.
  ...['docs/model-card.md', 'docs/data-card.md'].map((p) => ({
    path: p,
    in: (phase: string, _ci: string, deliverable: string) => phase === 'maintenance' && deliverable !== 'website',
  })),
  { path: '.github/pull_request_template.md', in: (phase: string, ci: string) => phase === 'maintenance' && ci === 'github' },
  ...['.gitlab/merge_request_templates/Default.md', '.gitlab/issue_templates/Bug.md', '.gitlab/issue_templates/Data-or-model.md'].map(
    (p) => ({ path: p, in: (phase: string, ci: string) => phase === 'maintenance' && ci === 'gitlab' }),
  ),
];

const COMBINATIONS = DELIVERABLES.flatMap((deliverable) =>
  PHASES.flatMap((phase) => CI_PROVIDERS.map((ci) => ({ deliverable, phase, ci }))),
);

/** What a person reads of a file: a notebook's markdown cells, or the whole document. */
function readable(file: string, text: string): string {
  if (!file.endsWith('.ipynb')) return text;
  const cells = (JSON.parse(text) as { cells: { cell_type: string; source: string[] }[] }).cells;
  return cells.filter((c) => c.cell_type === 'markdown').map((c) => c.source.join('')).join('\n\n');
}

function frenchPlan(raw: Record<string, string>): PlannedFile[] {
  // No description: the default one is part of what must be French.
  return plan(makeAnswers({ ...raw, lang: 'fr', name: 'Projet Démo' }), {
    store,
    generatorVersion: VERSION,
    year: YEAR,
  });
}

describe('French documents in all 24 deliverable × phase × ci combinations', () => {
  it('catches English (the stop-word check fails on an English document)', () => {
    const english = plan(makeAnswers({ deliverable: 'api', phase: 'maintenance' }), { store, generatorVersion: VERSION, year: YEAR });
    const readme = english.find((f) => f.path === 'README.md')?.content.toString('utf8') ?? '';
    expect(englishWords(readme).length).toBeGreaterThan(100);
  });

  it.each(COMBINATIONS)('$deliverable, $phase, $ci: no English sentence left in the French documents', ({ deliverable, phase, ci }) => {
    const files = frenchPlan({ deliverable, phase, ci });
    for (const { path: document, in: expected } of FRENCH_DOCUMENTS) {
      const file = files.find((f) => f.path === document);
      expect(file !== undefined, document).toBe(expected(phase, ci, deliverable));
      const text = readable(document, file?.content.toString('utf8') ?? '');
      expect({ document, english: englishWords(text) }).toEqual({ document, english: [] });
    }
    const record = JSON.parse(files.find((f) => f.path === '.livrable.json')?.content.toString('utf8') ?? '{}');
    expect(record.answers.lang).toBe('fr');
  });

  it('the English project is unchanged by the variants: no French word in its README', () => {
    const files = plan(makeAnswers({ deliverable: 'website', phase: 'maintenance', ci: 'gitlab' }), {
      store,
      generatorVersion: VERSION,
      year: YEAR,
    });
    const readme = files.find((f) => f.path === 'README.md')?.content.toString('utf8') ?? '';
    expect(readme).not.toMatch(/\b(?:les|des|une|dans|avec)\b/);
    expect(files.every((f) => !/\.fr\./.test(f.path))).toBe(true);
  });
});

// ── the maintenance cards on other data ──────────────────────────────────────────────────────────

/**
 * The words a data description brings (title, source, labels, categories): the user's, in the
 * user's language, so the check for English leaves them out. The cards print them escaped.
 */
function withoutDataWords(text: string, spec: DatasetSpec): string {
  const words = [
    spec.title,
    spec.source ?? '',
    spec.target.label,
    ...(spec.target.task === 'classification' ? spec.target.labels : []),
    ...spec.features.flatMap((f) => [f.label, ...(f.kind === 'categorical' ? f.values : [])]),
  ]
    .map(String)
    .filter((w) => w !== '')
    .flatMap((w) => [markdownText(w), w])
    .sort((a, b) => b.length - a.length);
  return words.reduce((rest, word) => rest.split(word).join(' '), text);
}

describe('French cards of a project on other data (api and app at maintenance)', () => {
  const CASES = Object.keys(DATASETS).flatMap((data) => (['api', 'app'] as const).map((deliverable) => ({ data: data as keyof typeof DATASETS, deliverable })));

  it.each(CASES)('$data as $deliverable: the cards follow the data and leave no English', ({ data, deliverable }) => {
    const choice = DATASETS[data]();
    const files = plan(makeAnswers({ deliverable, phase: 'maintenance', lang: 'fr', name: 'Projet Démo' }), {
      store,
      generatorVersion: VERSION,
      year: YEAR,
      dataset: choice,
    });
    const card = (name: string) => files.find((f) => f.path === `docs/${name}.md`)?.content.toString('utf8') ?? '';
    const model = card('model-card');
    const dataCard = card('data-card');
    for (const [document, text] of [['model-card', model], ['data-card', dataCard]] as const) {
      expect(text, document).not.toMatch(/manchot|Palmer|\{\{|\}\}/);
      expect({ document, english: englishWords(withoutDataWords(text, choice.spec)) }).toEqual({ document, english: [] });
    }
    // The branches the data selects: the task, the kinds of its columns, its id column.
    const regression = choice.spec.target.task === 'regression';
    expect(model.includes('(une régression)')).toBe(regression);
    expect(model.includes('régression logistique multinomiale')).toBe(!regression);
    expect(model).toContain(`Entraîné sur ${choice.spec.rows} lignes`);
    expect(dataCard).toContain(`${choice.spec.rows} lignes`);
    expect(dataCard.includes('| oui/non')).toBe(choice.spec.features.some((f) => f.kind === 'boolean'));
    expect(dataCard.includes('| identifiant |')).toBe(choice.spec.idColumn !== undefined);
    expect(dataCard).not.toMatch(/\| (?:numeric|categorical|boolean)\b/);
  });
});

// ── the words of the documents' tables and figures ───────────────────────────────────────────────

/** `"key": "value"` pairs of a wording module (implicit concatenation of string parts joined). */
function wordingEntries(file: string): Map<string, string> {
  const text = readFileSync(path.join(TEMPLATES, file), 'utf8');
  const entries = new Map<string, string>();
  for (const m of text.matchAll(/^ {4}"(\w+)": (\(\n[\s\S]*?\n {4}\)|"(?:[^"\\]|\\.)*"),$/gm)) {
    const parts = [...(m[2] as string).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((p) => p[1] as string);
    entries.set(m[1] as string, JSON.parse(`"${parts.join('')}"`) as string);
  }
  return entries;
}

describe('the French words of the documents (wording.fr.py)', () => {
  const WORDING = 'deliverable/quarto/src/__package__/wording.py';
  const en = wordingEntries(WORDING);
  const fr = wordingEntries(variantPath(WORDING, 'fr'));

  it('has every key of the English module, with the same placeholders', () => {
    expect(en.size).toBeGreaterThan(80);
    expect([...fr.keys()]).toEqual([...en.keys()]);
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)[^}]*\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of en) expect({ key, placeholders: placeholders(fr.get(key) ?? '') }).toEqual({ key, placeholders: placeholders(value) });
  });

  it('is French: no English stop word, French typography', () => {
    for (const [key, value] of fr) {
      // Placeholders are identifiers ({what}), not words.
      expect({ key, english: englishWords(value.replace(/\{\w+[^}]*\}/g, ' ')) }).toEqual({ key, english: [] });
      expect({ key, value }).not.toMatchObject({ value: expect.stringMatching(/[^\S\u202f\u00a0][:;?!](?=\s|$)|«[ \t]|[ \t]»/) });
    }
  });
});
