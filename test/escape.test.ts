import Handlebars from 'handlebars';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { jsonString, markdownText, pythonString, tomlString, yamlString } from '../generators/engine/escape.js';
import { HANDLEBARS_OPTIONS, registerHelpers } from '../generators/engine/helpers.js';

const TRICKY: [string, string][] = [
  ['ampersand and quotes', 'Sales & "churn"'],
  ['single quotes', `it's 'quoted'`],
  ['backslashes', 'C:\\Users\\me\\data\\n not a newline \\'],
  ['trailing backslash', 'ends with \\'],
  ['hash', '# not a comment #1'],
  ['colon', 'key: value: more'],
  ['leading dash and brackets', '- [a, b] {c: d}'],
  ['yaml types', 'yes'],
  ['yaml null', 'null'],
  ['number-like', '0123'],
  ['newline', 'line one\nline two'],
  ['crlf', 'line one\r\nline two'],
  ['tab', 'col1\tcol2'],
  ['DEL', 'del\u007fchar'],
  ['NUL and bell', 'nul\u0000bell\u0007'],
  ['escape char', 'esc\u001b[31mred'],
  ['emoji', 'penguins 🐧📊 and 🇫🇷'],
  ['line separators', 'sep\u2028para\u2029end'],
  ['NEL and BOM', 'nel\u0085bom\ufeff'],
  ['accents', 'Élève naïve façade'],
  ['handlebars-looking', '{{name}} ${{ github.ref }}'],
  ['empty', ''],
  ['only spaces', '   '],
  ['triple quotes', '""" and \'\'\''],
];

describe.each(TRICKY)('escaping %s', (_label, value) => {
  it('TOML literal parses back with smol-toml', () => {
    const literal = tomlString(value);
    expect(parseToml(`x = ${literal}\n`).x).toBe(value);
    // also inside an array and an inline table
    expect(parseToml(`a = [${literal}, ${literal}]\nt = { k = ${literal} }\n`)).toEqual({
      a: [value, value],
      t: { k: value },
    });
  });

  it('TOML literal is one line without raw control characters', () => {
    // eslint-disable-next-line no-control-regex
    expect(tomlString(value)).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
  });

  it('YAML literal parses back with yaml, as a value, a list item and a flow item', () => {
    const literal = yamlString(value);
    expect(parseYaml(`x: ${literal}\n`)).toEqual({ x: value });
    expect(parseYaml(`- ${literal}\n- ${literal}\n`)).toEqual([value, value]);
    expect(parseYaml(`{k: ${literal}, l: [${literal}]}`)).toEqual({ k: value, l: [value] });
    const docs = parseAllDocuments(`x: ${literal}\n`);
    expect(Array.isArray(docs) ? docs.flatMap((d) => d.errors) : []).toEqual([]);
  });

  it('YAML and Python literals stay on one line', () => {
    for (const literal of [yamlString(value), pythonString(value)]) {
      expect(literal).not.toMatch(/[\n\r\u2028\u2029]/);
    }
  });

  it('JSON literal parses back with JSON.parse', () => {
    expect(JSON.parse(jsonString(value))).toBe(value);
    expect(JSON.parse(`{"x": ${jsonString(value)}}`)).toEqual({ x: value });
  });

  it('the template helpers produce the same literals under noEscape', () => {
    const hb = Handlebars.create();
    registerHelpers(hb);
    const render = (source: string) => hb.compile(source, HANDLEBARS_OPTIONS)({ v: value });
    expect(parseToml(render('x = {{toml v}}\n')).x).toBe(value);
    expect(parseYaml(render('x: {{yaml v}}\n'))).toEqual({ x: value });
    expect(JSON.parse(render('{"x": {{json v}} }'))).toEqual({ x: value });
  });
});

describe('markdownText', () => {
  it('escapes every character that starts markup or HTML', () => {
    const out = markdownText('*bold* _it_ `code` <b>html</b> [link](x) # h | t {x} \\');
    // every markup character is preceded by a backslash
    for (const match of out.matchAll(/[`*_{}[\]<>#|]/g)) {
      expect(out[(match.index ?? 0) - 1]).toBe('\\');
    }
    expect(out).not.toContain('<b>');
  });

  it('leaves plain text alone', () => {
    expect(markdownText('Sales & "churn": 2024 results.')).toBe('Sales & "churn": 2024 results.');
  });
});

describe('json helper on non-strings', () => {
  it('serialises arrays and numbers as JSON', () => {
    const hb = Handlebars.create();
    registerHelpers(hb);
    const out = hb.compile('{"a": {{json list}}, "n": {{json n}} }', HANDLEBARS_OPTIONS)({ list: ['x', 'y"'], n: 3 });
    expect(JSON.parse(out)).toEqual({ a: ['x', 'y"'], n: 3 });
  });
});
