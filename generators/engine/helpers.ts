import { jsonString, markdownText, pythonString, tomlString, yamlString } from './escape.js';

// biome-ignore lint/suspicious/noExplicitAny: helpers get whatever the template passes them, then an options object last.
export type Helper = (...args: any[]) => unknown;

/** Helpers every template may use. Escaping is explicit and per format: {{toml description}}. */
export const HELPERS: Record<string, Helper> = {
  toml: (value: string) => tomlString(String(value)),
  json: (value: unknown) => (typeof value === 'string' ? jsonString(value) : JSON.stringify(value)),
  yaml: (value: string) => yamlString(String(value)),
  py: (value: string) => pythonString(String(value)),
  md: (value: string) => markdownText(String(value)),
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  not: (a: unknown) => !a,
  /** A code span for a Markdown table cell: a fence longer than any run of backticks inside, `|` escaped. */
  mdcode: (value: string) => markdownCode(String(value)),
  /** The items of a list as text, comma-separated (categories, labels), Markdown-escaped. */
  mdlist: (values: unknown) => (Array.isArray(values) ? values.map((v) => markdownText(String(v).replace(/[\r\n]+/g, ' '))).join(', ') : ''),
};

function markdownCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.trim() === '' ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ')}${pad}${fence}`;
}

/** The subset of a Handlebars instance registerHelpers needs. */
interface HelperHost {
  registerHelper(name: string, fn: Helper): void;
}

/** The same helpers on a Handlebars instance: the reference the renderer is tested against. */
export function registerHelpers(hb: HelperHost): void {
  for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn);
}

export const HANDLEBARS_OPTIONS = { noEscape: true, strict: true } as const;
