/**
 * A compiled template: Handlebars syntax, parsed once (at build time for the published bundle),
 * stored as plain JSON and run by `render.ts` against the template's own source text. The program
 * holds the structure and the positions of the text; the text stays in the .hbs file, which ships
 * anyway and is read only when its template is used. (Handlebars' precompiled JavaScript, or the
 * text inside the program, would be parsed on every run for every template.) Positions are in
 * bytes, so the renderer copies text from the file's bytes without ever decoding it.
 *
 * Nodes of a program:
 *   ["text", start, end]            bytes start..end of the UTF-8 source
 *   "text"                          literal text, where it is not a slice of the source (an
 *                                   escaped \{{ loses its backslash)
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
  | ['text', number, number]
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
