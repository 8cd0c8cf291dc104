import { HELPERS } from './helpers.js';
import type { Expression, TemplateProgram } from './template-program.js';

/** Thrown when a template asks for a name the data does not have: a typo must not render "". */
export class TemplateError extends Error {}

interface Frame {
  context: unknown;
  data: Record<string, unknown>;
}

interface Run {
  source: Buffer;
  /** The output, in order: a pair of numbers is a byte range of the source, a Buffer is a value. */
  parts: (number | Buffer)[];
}

/**
 * Run a compiled template against its data and its source's bytes. Semantics are those of
 * Handlebars with `noEscape` and `strict` (test/render.test.ts checks every template against
 * Handlebars itself), except that a missing name is an error everywhere, helper arguments included.
 * The output is bytes: text is copied from the source without being decoded, and the file is
 * written and hashed as it comes out, with almost nothing allocated on the JavaScript heap.
 */
export function renderProgram(program: TemplateProgram, source: Buffer, context: unknown): Buffer {
  const r: Run = { source, parts: [] };
  run(program, { context, data: { root: context } }, r);
  return assemble(r);
}

/** A template once loaded: its compiled program and the bytes of its source. */
export interface LoadedTemplate {
  program: TemplateProgram;
  source: Buffer;
}

/** A store's render(): loads each template once (however the store gets it), then runs it. */
export function cachedRenderer(load: (file: string) => LoadedTemplate): (file: string, data: object) => Buffer {
  const loaded = new Map<string, LoadedTemplate>();
  return (file, data) => {
    let template = loaded.get(file);
    if (!template) {
      template = load(file);
      loaded.set(file, template);
    }
    return renderProgram(template.program, template.source, data);
  };
}

function assemble({ source, parts }: Run): Buffer {
  let length = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (typeof part === 'number') length += (parts[++i] as number) - part;
    else length += part.length;
  }
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (typeof part === 'number') at += source.copy(out, at, part, parts[++i] as number);
    else at += part.copy(out, at);
  }
  return out;
}

function run(program: TemplateProgram, frame: Frame, r: Run): void {
  for (const node of program) {
    if (typeof node === 'string') {
      r.parts.push(Buffer.from(node, 'utf8'));
      continue;
    }
    switch (node[0]) {
      case 'text':
        r.parts.push(node[1], node[2]);
        break;
      case 'out': {
        const value = evaluate(node[1], frame);
        if (value != null) r.parts.push(Buffer.from(String(value), 'utf8'));
        break;
      }
      case 'if':
      case 'unless': {
        const truthy = isTruthy(evaluate(node[1], frame));
        run(truthy === (node[0] === 'if') ? node[2] : node[3], frame, r);
        break;
      }
      case 'each':
        each(evaluate(node[1], frame), node[2], node[3], frame, r);
        break;
    }
  }
}

/** Handlebars' truthiness: an empty array is false, 0 is false. */
function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function each(value: unknown, body: TemplateProgram, inverse: TemplateProgram, frame: Frame, r: Run): void {
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  if (entries.length === 0) {
    run(inverse, frame, r);
    return;
  }
  entries.forEach(([key, item], index) => {
    const data = { ...frame.data, key, index, first: index === 0, last: index === entries.length - 1 };
    run(body, { context: item, data }, r);
  });
}

function evaluate(expression: Expression, frame: Frame): unknown {
  if (expression === null || typeof expression !== 'object') return expression;
  switch (expression[0]) {
    case 'path':
      return lookup(frame.context, expression[1], '');
    case 'data':
      return lookup(frame.data, expression[1], '@');
    case 'call': {
      const helper = HELPERS[expression[1]];
      if (!helper) throw new TemplateError(`Unknown helper "${expression[1]}".`);
      const args = expression[2].map((arg) => evaluate(arg, frame));
      // Handlebars passes an options object last; the helpers only read their arguments.
      return helper.call(frame.context, ...args, { name: expression[1], hash: {}, data: frame.data });
    }
  }
}

function lookup(start: unknown, parts: string[], prefix: string): unknown {
  let value = start;
  for (const part of parts) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) {
      throw new TemplateError(`"${prefix}${parts.join('.')}" is not defined in the template data.`);
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
