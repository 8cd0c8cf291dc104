import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DELIVERABLES, LICENSES } from '../generators/cli/options.js';
import { AVAILABLE_PHASES, type Answers } from '../generators/core/answers.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { selectLayers } from '../generators/engine/layers.js';
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

const COMBINATIONS = DELIVERABLES.flatMap((deliverable) =>
  AVAILABLE_PHASES.flatMap((phase) => LICENSES.map((license) => ({ deliverable, phase, license }))),
);

function isText(content: Buffer): boolean {
  return !content.includes(0);
}

/** A rendered file may contain "{{" only as GitHub's "${{" or a Quarto shortcode "{{<". */
const LEFTOVER_IN_RENDERED = /(?<!\$)\{\{(?!<)/;
/** A verbatim file must not look like an unrendered template (a forgotten .hbs suffix). */
const LEFTOVER_IN_VERBATIM =
  /(?<![$\\])\{\{~?\s*(?:[#/^>]\s*)?(?:toml|yaml|json|py|md|if|unless|each|with|else|eq|ne|or|and|not|this|name|package|distribution|description|author|license|python|pythonTag|year|deliverable|phase|generatorVersion|fragments|dependencies|groups|extras|gitignore|is[A-Z]\w*)\b/;

function checkParses(file: PlannedFile): void {
  const text = file.content.toString('utf8');
  const ext = path.posix.extname(file.path);
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
}

function planFor(answers: Answers): PlannedFile[] {
  return plan(answers, { store, generatorVersion: VERSION, year: YEAR });
}

describe.each(COMBINATIONS)('plan $deliverable / $phase / $license', ({ deliverable, phase, license }) => {
  const answers = makeAnswers({ deliverable, phase, license, ...TRICKY });
  const files = planFor(answers);
  const paths = files.map((f) => f.path);

  it('has unique paths', () => {
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('keeps every path relative, posix and inside the root', () => {
    for (const p of paths) {
      expect(p, p).not.toMatch(/^\//);
      expect(p, p).not.toMatch(/^[A-Za-z]:/);
      expect(p, p).not.toContain('\\');
      expect(path.posix.normalize(p), p).toBe(p);
      const segments = p.split('/');
      for (const segment of segments) {
        expect(['', '.', '..'], p).not.toContain(segment);
      }
      expect(path.posix.resolve('/root', p).startsWith('/root/'), p).toBe(true);
    }
  });

  it('leaves no template suffix, placeholder, fragment or undotted name in paths', () => {
    for (const p of paths) {
      expect(p.endsWith(TEMPLATE_SUFFIX), p).toBe(false);
      expect(p, p).not.toContain(PACKAGE_SEGMENT);
      expect(p.split('/'), p).not.toContain(FRAGMENTS_DIR);
      for (const safeName of Object.keys(DOTFILE_RENAMES)) {
        expect(p.split('/'), p).not.toContain(safeName);
      }
    }
  });

  it('leaves no Handlebars tag in any text output', () => {
    for (const file of files) {
      if (!isText(file.content)) continue;
      const text = file.content.toString('utf8');
      if (file.template.endsWith(TEMPLATE_SUFFIX)) {
        const match = LEFTOVER_IN_RENDERED.exec(text);
        expect(match ? text.slice(Math.max(0, match.index - 40), match.index + 40) : null, file.path).toBeNull();
      } else {
        const match = LEFTOVER_IN_VERBATIM.exec(text);
        expect(match ? text.slice(Math.max(0, match.index - 40), match.index + 40) : null, file.path).toBeNull();
      }
    }
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
    for (const file of files) {
      if (file === record) continue;
      expect(data.layers, file.path).toContain(file.layer);
    }
    const others = files.filter((f) => f !== record);
    expect(Object.keys(data.files).sort()).toEqual(others.map((f) => f.path).sort());
    for (const file of others) {
      expect(data.files[file.path], file.path).toBe(`sha256:${sha256(file.content)}`);
    }
  });

  it('puts the Python package in src/<package>/', () => {
    const pkg = answers.package;
    expect(paths).toContain(`src/${pkg}/__init__.py`);
    for (const p of paths.filter((q) => q.startsWith('src/'))) {
      expect(p.startsWith(`src/${pkg}/`), p).toBe(true);
    }
    // nothing named after the derived (unused) import name or the distribution name
    for (const p of paths) {
      expect(p.split('/'), p).not.toContain('sales_churn_lab');
    }
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
    const again = plan(answers, { store: createFsStore(TEMPLATES), generatorVersion: VERSION, year: YEAR });
    expect(again.map((f) => f.path)).toEqual(paths);
    for (const [i, file] of again.entries()) {
      expect(file.content.equals(files[i]!.content), file.path).toBe(true);
      expect(file.layer).toBe(files[i]!.layer);
      expect(file.executable).toBe(files[i]!.executable);
    }
  });
});

describe('licences', () => {
  it('each licence renders a different LICENSE', () => {
    const texts = LICENSES.filter((l) => l !== 'none').map((license) => {
      const files = planFor(makeAnswers({ deliverable: DELIVERABLES[0], phase: AVAILABLE_PHASES[0], license }));
      return files.find((f) => /^LICEN[CS]E/i.test(f.path))?.content.toString('utf8');
    });
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('plan snapshots (sorted "path ← layer"; update with `npx vitest run -u` after reviewing)', () => {
  const combos = DELIVERABLES.flatMap((deliverable) =>
    AVAILABLE_PHASES.map((phase) => [`${deliverable}-${phase}`, deliverable, phase] as const),
  );
  it.each(combos)('%s', async (_id, deliverable, phase) => {
    const answers = makeAnswers(
      { deliverable, phase, license: 'MIT', name: 'Snapshot Project', author: 'Snapshot Author' },
      'snapshot-project',
    );
    const files = planFor(answers);
    const lines = files.map((f) => `${f.path} ← ${f.layer}`).sort();
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(`__snapshots__/plans/${deliverable}-${phase}.txt`);
  });
});
