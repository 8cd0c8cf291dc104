import { PENGUINS } from '../generators/core/penguins.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CI_PROVIDERS, DELIVERABLES, LICENSES, PHASES, phaseRank } from '../generators/core/domain.js';
import type { Answers } from '../generators/core/answers.js';
import { buildContext } from '../generators/engine/context.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { LAYERS, selectLayers } from '../generators/engine/layers.js';
import { DOTFILE_RENAMES, FRAGMENTS_DIR, PACKAGE_SEGMENT } from '../generators/engine/paths.js';
import { plan, type PlannedFile } from '../generators/engine/plan.js';
import { RECORD_PATH, sha256, type ProjectRecord } from '../generators/engine/record.js';
import { TEMPLATE_SUFFIX } from '../generators/engine/store.js';
import { makeAnswers, TEMPLATES } from './helpers.js';

const store = createFsStore(TEMPLATES);
const VERSION = '9.9.9-test';
const YEAR = 2026;

/** Answers chosen to break anything that interpolates without escaping. (No "{{" in them: the
 * leftover-tag check below could not tell user text from an unrendered tag.) */
const TRICKY = {
  name: `Sales & "Churn" Lab`,
  // differs from the derived "sales_churn_lab": catches templates that re-derive the import name
  package: 'churn_lab',
  description: `Predicts "churn" & revenue: C:\\data\\in #1 — it's 100% <b>*bold*</b> | [x] 🐧`,
  author: `Seán "Bob" O'Brien \\ #2`,
};

// Every licence on the default provider; the other providers with the first licence (the
// licence and the provider never meet in a template).
const COMBINATIONS = CI_PROVIDERS.flatMap((ci) =>
  DELIVERABLES.flatMap((deliverable) =>
    PHASES.flatMap((phase) =>
      (ci === CI_PROVIDERS[0] ? LICENSES : LICENSES.slice(0, 1)).map((license) => ({ deliverable, phase, license, ci })),
    ),
  ),
);

function isText(content: Buffer): boolean {
  return !content.includes(0);
}

/**
 * What an unrendered Handlebars tag looks like: "{{" followed by a block/partial/comment sigil,
 * "else", one of our helpers or a key of the template context. Other "{{" are legitimate output:
 * GitHub's "${{ … }}", Quarto's "{{< … >}}", Argo Workflows' "{{tasks.x.outputs…}}", and
 * literals written "\{{" in a template.
 */
const CONTEXT_KEYS = Object.keys(
  buildContext(makeAnswers({ deliverable: DELIVERABLES[0] }), [], VERSION, YEAR, PENGUINS),
).filter((k) => /^\w+$/.test(k));
const HELPERS = ['toml', 'yaml', 'json', 'py', 'md', 'eq', 'ne', 'or', 'and', 'not', 'lookup', 'log'];
const LEFTOVER_TAG = new RegExp(
  String.raw`(?<![$\\])\{\{~?\s*(?:[#/^>!&]|else\b|this\b|@\w|(?:${[...HELPERS, ...CONTEXT_KEYS].join('|')})\b)`,
);

/** Contents already parsed: most files are identical across licences, parse each once. */
const parsedOk = new Set<string>();

function checkParses(file: PlannedFile): void {
  const ext = path.posix.extname(file.path);
  const key = `${ext} ${sha256(file.content)}`;
  if (parsedOk.has(key)) return;
  const text = file.content.toString('utf8');
  try {
    if (ext === '.json' || ext === '.ipynb') JSON.parse(text);
    else if (ext === '.toml') parseToml(text);
    else if (ext === '.yaml' || ext === '.yml') {
      const errors = parseAllDocuments(text).flatMap((doc) => ('errors' in doc ? doc.errors : []));
      if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
    }
  } catch (error) {
    throw new Error(`${file.path} (from ${file.template || file.layer}) does not parse: ${(error as Error).message}`);
  }
  parsedOk.add(key);
}

function planFor(answers: Answers): PlannedFile[] {
  return plan(answers, { store, generatorVersion: VERSION, year: YEAR });
}

describe.each(COMBINATIONS)('plan $deliverable / $phase / $license / $ci', ({ deliverable, phase, license, ci }) => {
  const answers = makeAnswers({ deliverable, phase, license, ci, ...TRICKY });
  let files: PlannedFile[] = [];
  let paths: string[] = [];
  beforeAll(() => {
    files = planFor(answers);
    paths = files.map((f) => f.path);
  });

  it('has unique paths', () => {
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('keeps every path relative, posix and inside the root', () => {
    const bad = paths.filter(
      (p) =>
        p.startsWith('/') ||
        /^[A-Za-z]:/.test(p) ||
        p.includes('\\') ||
        path.posix.normalize(p) !== p ||
        p.split('/').some((segment) => segment === '' || segment === '.' || segment === '..') ||
        !path.posix.resolve('/root', p).startsWith('/root/'),
    );
    expect(bad).toEqual([]);
  });

  it('leaves no template suffix, placeholder, fragment or undotted name in paths', () => {
    const safeNames = new Set([PACKAGE_SEGMENT, FRAGMENTS_DIR, ...Object.keys(DOTFILE_RENAMES)]);
    const bad = paths.filter(
      (p) => p.endsWith(TEMPLATE_SUFFIX) || p.includes(PACKAGE_SEGMENT) || p.split('/').some((s) => safeNames.has(s)),
    );
    expect(bad).toEqual([]);
  });

  it('leaves no Handlebars tag in any text output', () => {
    const leftovers: string[] = [];
    for (const file of files) {
      if (!isText(file.content)) continue;
      const text = file.content.toString('utf8');
      const match = LEFTOVER_TAG.exec(text);
      if (match) leftovers.push(`${file.path}: …${text.slice(Math.max(0, match.index - 30), match.index + 40)}…`);
    }
    expect(leftovers).toEqual([]);
  });

  it('every .json, .ipynb, .toml, .yaml and .yml output parses', () => {
    for (const file of files) checkParses(file);
  });

  it('pyproject.toml carries the names and free text intact', () => {
    const pyproject = files.find((f) => f.path === 'pyproject.toml');
    expect(pyproject).toBeDefined();
    const data = parseToml(pyproject!.content.toString('utf8')) as {
      project: { name: string; description: string; authors?: { name: string }[] };
    };
    expect(data.project.name).toBe(answers.distribution);
    expect(data.project.description).toBe(answers.description);
    if (data.project.authors) expect(data.project.authors.map((a) => a.name)).toContain(answers.author);
  });

  it('.livrable.json records the answers and the hash of every other file', () => {
    const record = files.at(-1)!;
    expect(record.path).toBe(RECORD_PATH);
    expect(paths.filter((p) => p === RECORD_PATH)).toHaveLength(1);
    const data = JSON.parse(record.content.toString('utf8')) as ProjectRecord;
    expect(data.answers).toEqual(answers);
    expect(data.generator).toEqual({ name: 'create-livrable', version: VERSION });
    expect(data.layers).toEqual(selectLayers(answers).map((l) => l.id));
    const others = files.filter((f) => f !== record);
    expect(others.filter((f) => !data.layers.includes(f.layer)).map((f) => f.path)).toEqual([]);
    expect(Object.keys(data.files).sort()).toEqual(others.map((f) => f.path).sort());
    const mismatched = others.filter((f) => data.files[f.path] !== `sha256:${sha256(f.content)}`);
    expect(mismatched.map((f) => f.path)).toEqual([]);
  });

  it('puts the Python package in src/<package>/', () => {
    const pkg = answers.package;
    expect(paths).toContain(`src/${pkg}/__init__.py`);
    expect(paths.filter((p) => p.startsWith('src/') && !p.startsWith(`src/${pkg}/`))).toEqual([]);
    // nothing named after the derived (unused) import name
    expect(paths.filter((p) => p.split('/').includes('sales_churn_lab'))).toEqual([]);
  });

  it(license === 'none' ? 'has no LICENSE' : 'has a LICENSE', () => {
    const licenses = paths.filter((p) => /^(LICEN[CS]E|COPYING)(\.|$)/i.test(p));
    if (license === 'none') expect(licenses).toEqual([]);
    else {
      expect(licenses).toHaveLength(1);
      expect(files.find((f) => f.path === licenses[0])!.content.toString('utf8').trim()).not.toBe('');
    }
  });

  it('is deterministic: planning again gives identical bytes', () => {
    // back to back (templates may be edited while the suite runs); a fresh store for one licence
    const first = planFor(answers);
    const again =
      license === LICENSES[0]
        ? plan(answers, { store: createFsStore(TEMPLATES), generatorVersion: VERSION, year: YEAR })
        : planFor(answers);
    const summary = (list: PlannedFile[]) => list.map((f) => `${f.path} ${f.layer} ${f.executable} ${sha256(f.content)}`);
    expect(summary(again)).toEqual(summary(first));
  });
});

describe('licences', () => {
  it('each licence renders a different LICENSE', () => {
    const texts = LICENSES.filter((l) => l !== 'none').map((license) => {
      const files = planFor(makeAnswers({ deliverable: DELIVERABLES[0], phase: PHASES[0], license }));
      return files.find((f) => /^LICEN[CS]E/i.test(f.path))?.content.toString('utf8');
    });
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('plan snapshots (sorted "path ← layer: template + fragments"; update with `npx vitest run -u` after reviewing)', () => {
  // GitHub, the default provider, keeps the plain names; other providers get a suffix.
  const combos = CI_PROVIDERS.flatMap((ci) =>
    DELIVERABLES.flatMap((deliverable) =>
      PHASES.map((phase) => [`${deliverable}-${phase}${ci === 'github' ? '' : `-${ci}`}`, deliverable, phase, ci] as const),
    ),
  );
  it.each(combos)('%s', async (id, deliverable, phase, ci) => {
    const answers = makeAnswers(
      { deliverable, phase, ci, license: 'MIT', name: 'Snapshot Project', author: 'Snapshot Author' },
      'snapshot-project',
    );
    const files = planFor(answers);
    const source = (f: PlannedFile) => [f.template, ...(f.fragments ?? [])].filter(Boolean).join(' + ');
    const lines = files.map((f) => `${f.path} ← ${f.layer}: ${source(f) || '(computed)'}`).sort();
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(`__snapshots__/plans/${id}.txt`);
  });
});

describe('plan snapshots in French (the language variants each file comes from)', () => {
  it.each([
    ['fr-api-maintenance', 'api', 'maintenance', 'github'],
    ['fr-website-maintenance-gitlab', 'website', 'maintenance', 'gitlab'],
  ] as const)('%s', async (id, deliverable, phase, ci) => {
    const answers = makeAnswers(
      { deliverable, phase, ci, license: 'MIT', name: 'Snapshot Project', author: 'Snapshot Author', lang: 'fr' },
      'snapshot-project',
    );
    const source = (f: PlannedFile) => [f.template, ...(f.fragments ?? [])].filter(Boolean).join(' + ');
    const lines = planFor(answers).map((f) => `${f.path} ← ${f.layer}: ${source(f) || '(computed)'}`).sort();
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(`__snapshots__/plans/${id}.txt`);
  });
});

/** Files only one provider reads: a project has its own provider's and none of the other's. */
const PROVIDER_FILES: Record<(typeof CI_PROVIDERS)[number], RegExp> = {
  github: /^\.github\//,
  gitlab: /^(\.gitlab\/|\.gitlab-ci\.yml$|renovate\.json$)/,
};
/** Words that are wrong in a project on the other provider (generic mentions, such as "GitHub
 * Pages, S3, nginx" as examples of static hosts, are not in this list). */
const PROVIDER_WORDS: Record<(typeof CI_PROVIDERS)[number], RegExp> = {
  github: /\.github\/|ghcr\.io\/change-me|GitHub Actions|Dependabot|pull request|github\.com\/change-me/,
  gitlab: /\.gitlab\/|\.gitlab-ci\.yml|registry\.gitlab\.com|GitLab CI|Renovate|merge request|gitlab\.com\/change-me/,
};

describe.each(CI_PROVIDERS)('a project on %s', (ci) => {
  const others = CI_PROVIDERS.filter((other) => other !== ci);
  it.each(DELIVERABLES.flatMap((deliverable) => PHASES.map((phase) => [deliverable, phase] as const)))(
    '%s / %s has only its own provider files, and names no other provider',
    (deliverable, phase) => {
      const files = planFor(makeAnswers({ deliverable, phase, ci }));
      const paths = files.map((f) => f.path);
      expect(paths.filter((p) => PROVIDER_FILES[ci].test(p)).length).toBeGreaterThan(0);
      for (const other of others) {
        expect(paths.filter((p) => PROVIDER_FILES[other].test(p))).toEqual([]);
        const naming = files
          .filter((f) => isText(f.content) && f.path !== '.dockerignore')
          .flatMap((f) => {
            const match = PROVIDER_WORDS[other].exec(f.content.toString('utf8'));
            return match ? [`${f.path}: ${match[0]}`] : [];
          });
        expect(naming).toEqual([]);
      }
    },
  );
});

describe('composed files follow the lifecycle', () => {
  it('the manifest lists layers in phase order', () => {
    const ranks = LAYERS.map((l) => phaseRank(l.phase ?? 'development'));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it.each(DELIVERABLES)('%s at maintenance: README sections read development, CI, production, maintenance', (deliverable) => {
    const files = planFor(makeAnswers({ deliverable, phase: 'maintenance' }));
    const readme = files.find((f) => f.path === 'README.md')?.content.toString('utf8') ?? '';
    const headings = readme.split('\n').filter((l) => l.startsWith('## '));
    const at = (h: string) => headings.indexOf(`## ${h}`);
    expect(at('Continuous integration')).toBeGreaterThan(-1);
    expect(at('Continuous integration')).toBeLessThan(at('Production'));
    expect(at('Production')).toBeLessThan(at('Maintenance'));
    expect(at('Maintenance')).toBeLessThan(at('Project layout'));
  });

  it('shared templates do not branch on the deliverable: its layer contributes fragments instead', () => {
    for (const file of ['base/README.md.hbs', 'base/AGENTS.md.hbs', 'base/_env.example.hbs']) {
      const text = readFileSync(path.join(TEMPLATES, file), 'utf8');
      expect(text, file).not.toMatch(/\{\{[^}]*\b(isApi|isApp|isReport|isWebsite|isQuarto|deliverable)\b[^}]*\}\}/);
    }
  });
});
