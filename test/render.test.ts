import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Handlebars from 'handlebars';
import { afterAll, describe, expect, it } from 'vitest';
import { DELIVERABLES, LICENSES, PYTHONS, PHASES } from '../generators/core/domain.js';
import { createBundledStore, templateHash } from '../generators/engine/bundled-store.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { HANDLEBARS_OPTIONS, registerHelpers } from '../generators/engine/helpers.js';
import { plan } from '../generators/engine/plan.js';
import { renderProgram, TemplateError } from '../generators/engine/render.js';
import type { TemplateStore } from '../generators/engine/store.js';
import { compileTemplate, TemplateSyntaxError } from '../generators/engine/template-compiler.js';
import { makeAnswers, TEMPLATES } from './helpers.js';

/** Handlebars itself, compiling at run time: the reference our renderer must agree with. */
function handlebarsStore(root: string): TemplateStore {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const fs = createFsStore(root);
  return {
    list: fs.list,
    read: fs.read,
    render: (file, data) =>
      Buffer.from(hb.compile(readFileSync(path.join(root, file), 'utf8'), HANDLEBARS_OPTIONS)(data), 'utf8'),
  };
}

const render = (source: string, data: object = {}) =>
  renderProgram(compileTemplate(source), Buffer.from(source, 'utf8'), data).toString('utf8');
const reference = (source: string, data: object = {}) => {
  const hb = Handlebars.create();
  registerHelpers(hb);
  return hb.compile(source, HANDLEBARS_OPTIONS)(data);
};

describe('every template renders as Handlebars renders it', () => {
  const ours = createFsStore(TEMPLATES);
  const theirs = handlebarsStore(TEMPLATES);
  const combinations = DELIVERABLES.flatMap((deliverable) =>
    PHASES.flatMap((phase) =>
      LICENSES.map((license, i) => ({
        deliverable,
        phase,
        license,
        python: PYTHONS[i % PYTHONS.length]!,
      })),
    ),
  );
  it.each(combinations)('$deliverable $phase $license python $python', (choice) => {
    const answers = makeAnswers({
      ...choice,
      name: `Sales & "Churn" Lab`,
      description: `Predicts "churn": C:\\data #1 — 100% <b>*bold*</b> | [x] {{x}} 🐧`,
      author: `Seán "Bob" O'Brien`,
    });
    const options = { generatorVersion: '9.9.9-test', year: 2026 };
    const expected = plan(answers, { ...options, store: theirs });
    const actual = plan(answers, { ...options, store: ours });
    expect(actual.map((f) => f.path)).toEqual(expected.map((f) => f.path));
    for (const [i, file] of actual.entries()) {
      expect(file.content.toString('utf8'), file.path).toBe(expected[i]!.content.toString('utf8'));
    }
  });
});

describe('the renderer agrees with Handlebars on each construct', () => {
  const data = {
    name: 'n',
    flag: true,
    off: false,
    zero: 0,
    empty: [],
    list: ['a', 'b', 'c'],
    people: [{ who: 'x' }, { who: 'y' }],
    map: { k1: 'v1', k2: 'v2' },
    nested: { deep: { value: 'd' } },
    nothing: null,
  };
  const cases = [
    'plain text, no tags',
    'Hello {{name}}!',
    '{{nested.deep.value}}',
    '{{#if flag}}yes{{else}}no{{/if}}',
    '{{#if off}}yes{{else}}no{{/if}}',
    '{{#if zero}}yes{{else}}no{{/if}}',
    '{{#if empty}}yes{{else}}no{{/if}}',
    '{{#if list.length}}has {{list.length}}{{/if}}',
    '{{#unless off}}shown{{/unless}}',
    '{{#if nothing}}x{{else}}null is false{{/if}}',
    '{{#each list}}{{@index}}:{{this}}{{#if @first}}(first){{/if}}{{#unless @last}},{{/unless}}{{/each}}',
    '{{#each people}}{{who}};{{/each}}',
    '{{#each map}}{{@key}}={{this}} {{/each}}',
    '{{#each empty}}x{{else}}none{{/each}}',
    '{{#if (eq name "n")}}eq{{/if}}{{#if (ne name "n")}}ne{{/if}}',
    '{{#if (or off flag)}}or{{/if}}{{#if (and flag off)}}and{{/if}}{{#if (not off)}}not{{/if}}',
    '{{toml name}} {{yaml name}} {{json list}} {{py name}} {{md name}}',
    '{{#if flag}}\n  standalone\n{{/if}}\nafter\n',
    'a\n  {{#each list}}\n  - {{this}}\n  {{/each}}\nb\n',
    '{{#if off}}\nx\n{{else if flag}}\nchained\n{{else}}\nz\n{{/if}}\n',
    'before {{! a comment }} after\n{{!-- a long comment --}}\n',
    'literal \\{{workflow.name}} and $\\{{ github.ref }} kept',
    '{{{name}}} triple',
    'é → {{name}} 🐧 {{#if flag}}\n  ü — {{#each list}}ñ{{this}}{{/each}}\n{{/if}}\nfin 漢字\n',
    '{{nothing}}|{{off}}|{{zero}}|{{list}}',
  ];
  it.each(cases)('%j', (source) => {
    expect(render(source, data)).toBe(reference(source, data));
  });
});

describe('strictness', () => {
  it('refuses a missing name where Handlebars would render it', () => {
    expect(() => render('{{missing}}')).toThrow(TemplateError);
    expect(() => render('{{nested.nope}}', { nested: {} })).toThrow(/"nested.nope" is not defined/);
    // Handlebars' strict mode lets a missing helper argument through as undefined; we do not.
    expect(reference('{{#if missing}}x{{/if}}')).toBe('');
    expect(() => render('{{#if missing}}x{{/if}}')).toThrow(/"missing" is not defined/);
    expect(() => render('{{#each list}}{{@nope}}{{/each}}', { list: [1] })).toThrow(/"@nope" is not defined/);
  });

  it('does not read inherited properties', () => {
    expect(() => render('{{constructor}}', {})).toThrow(TemplateError);
    expect(() => render('{{toString}}', {})).toThrow(TemplateError);
  });

  it.each([
    ['{{> partial}}', /PartialStatement/],
    ['{{#with a}}x{{/with}}', /the block \{\{#with\}\}/],
    ['{{#if a b}}x{{/if}}', /with 2 arguments/],
    ['{{#each list as |item|}}{{item}}{{/each}}', /block parameters/],
    ['{{#each list}}{{../name}}{{/each}}', /a parent path/],
    ['{{unknown name}}', /the helper "unknown"/],
    ['{{toml}}', /helper name used as a value/],
    ['{{toml name key=1}}', /key=value/],
    ['{{#if (lookup a b)}}x{{/if}}', /the helper "lookup"/],
  ])('refuses %s at compile time, with the line', (source, message) => {
    expect(() => compileTemplate(`line one\n${source}`, 'x.hbs')).toThrow(TemplateSyntaxError);
    expect(() => compileTemplate(`line one\n${source}`, 'x.hbs')).toThrow(message);
    expect(() => compileTemplate(`line one\n${source}`, 'x.hbs')).toThrow(/^x\.hbs:2: /);
  });
});

describe('the bundled store', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'livrable-bundled-'));
  const text = 'Hello {{name}}\n';
  writeFileSync(path.join(root, 'hello.txt.hbs'), text);
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  // What the build records for the text above.
  const index = {
    files: ['hello.txt.hbs', 'run.sh'],
    executable: ['run.sh'],
    programs: { 'hello.txt.hbs': JSON.stringify(compileTemplate(text, 'hello.txt.hbs')) },
    hashes: { 'hello.txt.hbs': templateHash(Buffer.from(text)) },
  };

  it('lists the files with their executable bit', () => {
    expect(createBundledStore(root, index).list('')).toEqual([]);
    const nested = createBundledStore(root, { ...index, files: ['l/hello.txt.hbs', 'l/run.sh'], executable: ['l/run.sh'] });
    expect(nested.list('l')).toEqual([
      { path: 'l/hello.txt.hbs', executable: false },
      { path: 'l/run.sh', executable: true },
    ]);
  });

  it('renders a template whose file is the one the program was compiled from', () => {
    writeFileSync(path.join(root, 'hello.txt.hbs'), text);
    const store = createBundledStore(root, index);
    expect(store.render('hello.txt.hbs', { name: 'world' }).toString()).toBe('Hello world\n');
  });

  it('reads the programs a plain create never renders from their own file, once, and only when one is rendered', () => {
    const rare = 'Bonjour {{name}}\n';
    writeFileSync(path.join(root, 'hello.fr.txt.hbs'), rare);
    const reads: string[] = [];
    const store = createBundledStore(root, { ...index, more: 'lazy/more.json' }, (file) => {
      reads.push(file);
      return {
        programs: { 'hello.fr.txt.hbs': JSON.stringify(compileTemplate(rare, 'hello.fr.txt.hbs')) },
        hashes: { 'hello.fr.txt.hbs': templateHash(Buffer.from(rare)) },
      };
    });
    expect(store.render('hello.txt.hbs', { name: 'world' }).toString()).toBe('Hello world\n');
    expect(reads).toEqual([]);
    expect(store.render('hello.fr.txt.hbs', { name: 'monde' }).toString()).toBe('Bonjour monde\n');
    expect(store.render('hello.fr.txt.hbs', { name: 'toi' }).toString()).toBe('Bonjour toi\n');
    expect(reads).toEqual(['lazy/more.json']);
  });

  it.each([
    ['an edit of the same size', 'Hello {{nome}}\n'],
    ['a longer file', 'Hello, {{name}}\n'],
    ['a shorter file', 'Hi {{name}}\n'],
  ])('refuses a template file edited since the build (%s) instead of rendering garbage', (_, edited) => {
    writeFileSync(path.join(root, 'hello.txt.hbs'), edited);
    const store = createBundledStore(root, index);
    expect(() => store.render('hello.txt.hbs', { name: 'world' })).toThrow(/changed since the bundle was built: run `npm run build`/);
  });
});
