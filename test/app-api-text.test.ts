import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetSpec } from '../generators/core/dataset.js';
import { PHASES } from '../generators/core/domain.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { plan } from '../generators/engine/plan.js';
import { englishWords } from './french-text.js';
import { makeAnswers, TEMPLATES } from './helpers.js';
import { formatFields, keysRead, readTextModule } from './python-text.js';

/**
 * What the generated app and API show to people comes from one texts module each
 * (`app_text.py`, `api_text.py`), whose French variant sits beside it, and from `dataset.json`
 * (the default one has a French variant too). This file keeps the pairs in step, the French
 * French, and the code from spelling a text itself.
 */

const store = createFsStore(TEMPLATES);
const read = (file: string) => readFileSync(path.join(TEMPLATES, file), 'utf8');

const MODULES = [
  {
    module: 'deliverable/app/src/__package__/app_text.py',
    french: 'deliverable/app/src/__package__/app_text.fr.py',
    readers: [
      'deliverable/app/src/__package__/app.py',
      'deliverable/app/tests/test_app.py.hbs',
      'add/page/app/pages/__page__.py.hbs',
    ],
  },
  {
    module: 'deliverable/api/src/__package__/api_text.py',
    french: 'deliverable/api/src/__package__/api_text.fr.py',
    readers: [
      'deliverable/api/src/__package__/api.py',
      'deliverable/api/tests/test_api.py.hbs',
      'phase/maintenance/api/src/__package__/monitoring_api.py',
    ],
  },
  {
    // `add endpoint`: the stub's OpenAPI texts, one small module per endpoint.
    module: 'add/endpoint/src/__package__/endpoints/_text___endpoint__.py',
    french: 'add/endpoint/src/__package__/endpoints/_text___endpoint__.fr.py',
    readers: ['add/endpoint/src/__package__/endpoints/__endpoint__.py.hbs', 'add/endpoint/tests/test_endpoint___endpoint__.py.hbs'],
    minKeys: 5,
    minEnglish: 5,
  },
] as const;

/** Texts that French writes as English does. */
const THE_SAME_IN_FRENCH = new Set(['F1 (macro)', 'classification']);

/** Text a person reads in a French value: no placeholder, no code. */
const shown = (text: string) => text.replace(/\{[^{}]*\}/g, ' ');

/** French typography, as test/i18n.test.ts holds the CLI's messages to it. */
function typographyProblems(text: string): string[] {
  const prose = shown(text).replace(/`[^`]*`/g, ' ');
  const problems: string[] = [];
  if (/[^\S\u202f][:;?!](?=\s|$)/.test(prose)) problems.push('a plain space before : ; ? !');
  if (/(?<=[\p{L}\d)»*])[;?!](?=\s|$)|(?<=[\p{L})»*]):(?=\s)/u.test(prose)) problems.push('no space before : ; ? !');
  if (/«(?!\u202f)|(?<!\u202f)»/.test(prose)) problems.push('« » without narrow no-break spaces');
  if (/\p{L}'\p{L}/u.test(prose)) problems.push("a straight apostrophe (’ in French)");
  if (/\.\.\./.test(prose)) problems.push('three dots (…)');
  return problems;
}

describe.each(MODULES)('$module and its French variant', (entry) => {
  const { module, french, readers } = entry;
  const minKeys = 'minKeys' in entry ? entry.minKeys : 10;
  const minEnglish = 'minEnglish' in entry ? entry.minEnglish : 20;
  const en = readTextModule(read(module), module);
  const fr = readTextModule(read(french), french);

  it('has the same keys, in the same order', () => {
    expect(en.size).toBeGreaterThan(minKeys);
    expect([...fr.keys()]).toEqual([...en.keys()]);
  });

  it('each French text has the format fields of its English one', () => {
    for (const [key, text] of en) expect({ key, fields: formatFields(fr.get(key) ?? '') }).toEqual({ key, fields: formatFields(text) });
  });

  it('is the same code around the texts: only the values differ', () => {
    const skeleton = (source: string) => source.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/\(\s*(?:""\s*)+\)/g, '""').replace(/\s+/g, ' ');
    expect(skeleton(read(french))).toEqual(skeleton(read(module)));
  });

  it('reads as French: no English stop word, French typography', () => {
    for (const [key, text] of fr) {
      expect({ key, english: englishWords(shown(text)) }).toEqual({ key, english: [] });
      expect({ key, problems: typographyProblems(text) }).toEqual({ key, problems: [] });
    }
  });

  it('every French text differs from its English one (a short label has no stop word to catch)', () => {
    const same = [...en].filter(([key, text]) => fr.get(key) === text && !THE_SAME_IN_FRENCH.has(text)).map(([key]) => key);
    expect(same).toEqual([]);
  });

  it('the checks above catch English (they fail on the English module)', () => {
    const english = [...en.values()].flatMap((text) => englishWords(shown(text)));
    expect(english.length).toBeGreaterThan(minEnglish);
  });

  it('every key the code reads exists, and every key is read', () => {
    const code = readers.map(read).join('\n');
    const { literal, patterns } = keysRead(code);
    expect(literal.filter((key) => !en.has(key))).toEqual([]);
    const unread = [...en.keys()].filter((key) => !literal.includes(key) && !patterns.some((p) => p.test(key)));
    expect(unread).toEqual([]);
  });
});

describe('the code spells no text itself', () => {
  const app = read('deliverable/app/src/__package__/app.py');
  const api = read('deliverable/api/src/__package__/api.py');
  const monitoring = read('phase/maintenance/api/src/__package__/monitoring_api.py');
  const page = read('add/page/app/pages/__page__.py.hbs');
  const endpoint = read('add/endpoint/src/__package__/endpoints/__endpoint__.py.hbs');

  /** A string literal holding words where a text goes (a widget's label, a description…). */
  const literalTexts = (code: string, calls: RegExp) => [...code.matchAll(calls)].map((m) => m[0]);

  it('the app: no widget, message or table heading given a literal', () => {
    const widgets =
      /\b(?:st|sidebar|first|second|third|fourth|result_column|table_column)\.(?:title|header|subheader|markdown|caption|write|info|warning|error|success|metric|expander|tabs|form_submit_button|button|selectbox|number_input|set_page_config)\(\s*\[?\s*f?"[^"]*[A-Za-z]{3}/g;
    expect(literalTexts(app, widgets)).toEqual([]);
    expect(literalTexts(page, widgets)).toEqual([]);
    expect(literalTexts(app, /show_spinner=f?"|delta=f?"|"[a-z]+ \(%\)"/g)).toEqual([]);
  });

  it('the API: no description, summary or error detail given a literal', () => {
    const texts = /(?:\b(?:description|summary|response_description|detail|title)=|"description": |HTTPException\([^)]*?,\s*)f?"[^"]*[A-Za-z]{3}/g;
    // ApiSettings' own field is an environment setting, documented for the code's readers.
    const served = api.replace(/class ApiSettings[\s\S]*?\n\n\n/, '');
    expect(literalTexts(served, texts)).toEqual([]);
    expect(literalTexts(monitoring.slice(monitoring.indexOf('def install(')), texts)).toEqual([]);
    expect(literalTexts(api, /error=f?"[^"]*[A-Za-z]{3}/g)).toEqual([]);
    expect(literalTexts(endpoint, texts)).toEqual([]);
  });
});

describe('the default data set in French (templates/datasets/penguins.fr.json)', () => {
  const en = JSON.parse(read('datasets/penguins.json')) as DatasetSpec;
  const fr = JSON.parse(read('datasets/penguins.fr.json')) as DatasetSpec;
  /** The texts for people (title, labels, descriptions, source) out of a spec. */
  const texts = (spec: DatasetSpec) => [
    spec.title,
    spec.source ?? '',
    spec.target.label,
    spec.target.description ?? '',
    ...spec.features.flatMap((f) => [f.label, f.description ?? '']),
  ];
  const withoutTexts = (spec: DatasetSpec) =>
    JSON.stringify(spec, (key, value) => (['title', 'label', 'description', 'source'].includes(key) ? undefined : value));

  it('is the English description with other words: same columns, kinds, values, bounds, example', () => {
    expect(withoutTexts(fr)).toEqual(withoutTexts(en));
    expect(texts(fr).filter(Boolean)).toHaveLength(texts(en).filter(Boolean).length);
    const same = texts(fr).filter((text, i) => text === texts(en)[i]);
    expect(same).toEqual([]);
  });

  it('reads as French', () => {
    for (const text of texts(fr)) {
      expect({ text, english: englishWords(text) }).toEqual({ text, english: [] });
      expect({ text, problems: typographyProblems(text) }).toEqual({ text, problems: [] });
    }
    expect(texts(en).flatMap((text) => englishWords(text)).length).toBeGreaterThan(3);
  });
});

describe('the sample data README in French (src/<package>/data/README.md)', () => {
  it('reads as French, but for the cited paper\'s title', () => {
    const files = plan(makeAnswers({ deliverable: 'report', lang: 'fr', name: 'Projet Démo' }), { store, generatorVersion: '9.9.9-test', year: 2026 });
    const readme = files.find((f) => f.path === 'src/projet_demo/data/README.md')?.content.toString('utf8') ?? '';
    expect(readme).toMatch(/^# Données d’exemple/);
    // A citation stays in the language of the work it cites.
    const prose = readme.replace(/^- \*\*Citation[\s\S]*$/m, '');
    expect(englishWords(prose)).toEqual([]);
    expect(englishWords(read('base/src/__package__/data/README.md').replace(/^- \*\*Citation[\s\S]*$/m, '')).length).toBeGreaterThan(5);
  });
});

describe('a French app or API, rendered: its texts module and its data description', () => {
  const combos = (['api', 'app'] as const).flatMap((deliverable) => PHASES.map((phase) => ({ deliverable, phase })));

  it.each(combos)('$deliverable at $phase', ({ deliverable, phase }) => {
    for (const lang of ['fr', 'en'] as const) {
      const files = plan(makeAnswers({ deliverable, phase, lang, name: 'Projet Démo' }), { store, generatorVersion: '9.9.9-test', year: 2026 });
      const file = (p: string) => files.find((f) => f.path === p)?.content.toString('utf8') ?? '';
      const pkg = 'projet_demo';
      const module = file(`src/${pkg}/${deliverable}_text.py`);
      const template = `deliverable/${deliverable}/src/__package__/${deliverable}_text${lang === 'fr' ? '.fr' : ''}.py`;
      expect(module).toBe(read(template));
      const dataset = JSON.parse(file(`src/${pkg}/dataset.json`)) as DatasetSpec;
      expect(dataset.title).toBe(lang === 'fr' ? 'Manchots de Palmer' : 'Palmer penguins');
      const shownTexts = [...readTextModule(module, template).values(), dataset.title, ...dataset.features.map((f) => `${f.label} ${f.description}`)];
      const english = shownTexts.flatMap((text) => englishWords(shown(text)));
      if (lang === 'fr') expect(english).toEqual([]);
      else expect(english.length).toBeGreaterThan(20);
      const pyproject = file('pyproject.toml');
      // French typography in Python strings (’, U+202F) is not ruff's "ambiguous character".
      expect(pyproject.includes('allowed-confusables')).toBe(lang === 'fr');
    }
  });
});
