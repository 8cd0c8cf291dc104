import { HELPERS, type Helper } from './helpers.js';
import type { Expression, TemplateProgram } from './template-program.js';

/** Thrown when a template asks for a name the data does not have: a typo must not render "". */
export class TemplateError extends Error {}

interface Frame {
  context: unknown;
  data: Record<string, unknown>;
}

interface Run {
  source: string;
  helpers: Record<string, Helper>;
}

/**
 * Run a compiled template against its data. Semantics are those of Handlebars with
 * `noEscape` and `strict` (test/render.test.ts checks every template against Handlebars itself),
 * except that a missing name is an error everywhere, helper arguments included.
 */
export function renderProgram(
  program: TemplateProgram,
  source: string,
  context: unknown,
  helpers: Record<string, Helper> = HELPERS,
): string {
  return run(program, { context, data: { root: context } }, { source, helpers });
}

function run(program: TemplateProgram, frame: Frame, r: Run): string {
  let out = '';
  for (const node of program) {
    if (typeof node === 'string') {
      out += node;
      continue;
    }
    switch (node[0]) {
      case 'text':
        out += r.source.slice(node[1], node[2]);
        break;
      case 'out': {
        const value = evaluate(node[1], frame, r.helpers);
        out += value == null ? '' : String(value);
        break;
      }
      case 'if':
      case 'unless': {
        const truthy = isTruthy(evaluate(node[1], frame, r.helpers));
        out += run(truthy === (node[0] === 'if') ? node[2] : node[3], frame, r);
        break;
      }
      case 'each':
        out += each(evaluate(node[1], frame, r.helpers), node[2], node[3], frame, r);
        break;
    }
  }
  return out;
}

/** Handlebars' truthiness: an empty array is false, 0 is false. */
function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function each(value: unknown, body: TemplateProgram, inverse: TemplateProgram, frame: Frame, r: Run): string {
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  if (entries.length === 0) return run(inverse, frame, r);
  let out = '';
  entries.forEach(([key, item], index) => {
    const data = { ...frame.data, key, index, first: index === 0, last: index === entries.length - 1 };
    out += run(body, { context: item, data }, r);
  });
  return out;
}

function evaluate(expression: Expression, frame: Frame, helpers: Record<string, Helper>): unknown {
  if (expression === null || typeof expression !== 'object') return expression;
  switch (expression[0]) {
    case 'path':
      return lookup(frame.context, expression[1], '');
    case 'data':
      return lookup(frame.data, expression[1], '@');
    case 'call': {
      const helper = helpers[expression[1]];
      if (!helper) throw new TemplateError(`Unknown helper "${expression[1]}".`);
      const args = expression[2].map((arg) => evaluate(arg, frame, helpers));
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
