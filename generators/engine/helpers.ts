import { jsonString, markdownText, pythonString, tomlString, yamlString } from './escape.js';

/** The subset of a Handlebars instance the helpers need (full build or runtime-only build). */
interface HelperHost {
  // Handlebars passes helpers whatever the template gives them.
  registerHelper(name: string, fn: (...args: any[]) => unknown): void;
}

/** Helpers every template may use. Escaping is explicit and per format: {{toml description}}. */
export function registerHelpers(hb: HelperHost): void {
  hb.registerHelper('toml', (value: string) => tomlString(String(value)));
  hb.registerHelper('json', (value: unknown) =>
    typeof value === 'string' ? jsonString(value) : JSON.stringify(value),
  );
  hb.registerHelper('yaml', (value: string) => yamlString(String(value)));
  hb.registerHelper('py', (value: string) => pythonString(String(value)));
  hb.registerHelper('md', (value: string) => markdownText(String(value)));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper('not', (a: unknown) => !a);
}

export const HANDLEBARS_OPTIONS = { noEscape: true, strict: true } as const;
