/**
 * A compiled template: Handlebars syntax, parsed once (at build time for the published bundle),
 * stored as plain JSON and run by `render.ts`. JSON costs next to nothing to load, where
 * Handlebars' precompiled JavaScript costs a parse of every template on every run.
 *
 * Nodes of a program:
 *   "text"                          literal text (standalone-line whitespace already stripped)
 *   ["out", expr]                   {{expr}}  (no escaping: templates escape per format with helpers)
 *   ["if" | "unless" | "each", expr, program, inverse]
 * Expressions:
 *   ["path", parts]  a lookup in the current context ([] is `this`)
 *   ["data", parts]  a @variable (@index, @first, @last, @key, @root)
 *   ["call", helper, args]
 *   string | number | boolean | null  a literal
 */
export type TemplateProgram = TemplateNode[];

export type TemplateNode =
  | string
  | ['out', Expression]
  | ['if' | 'unless' | 'each', Expression, TemplateProgram, TemplateProgram];

export type Expression =
  | ['path', string[]]
  | ['data', string[]]
  | ['call', string, Expression[]]
  | string
  | number
  | boolean
  | null;

export const BLOCK_HELPERS = ['if', 'unless', 'each'] as const;
