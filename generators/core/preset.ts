import { readFileSync } from 'node:fs';
import type { RawAnswers } from './answers.js';
import { ANSWER_OPTIONS } from './domain.js';
import { UserError } from './errors.js';

type Yaml = typeof import('yaml');

/** yaml is CommonJS: a dynamic import sees module.exports as `default` (in the bundle, always). */
async function yamlParse(): Promise<Yaml['parse']> {
  const yaml = (await import('yaml')) as Yaml & { default?: Yaml };
  return (yaml.default ?? yaml).parse;
}

/**
 * A preset is a JSON or YAML mapping with the same keys as the flags (teachers hand one to a class).
 * The YAML parser is loaded only for a YAML preset: it is the largest module in the bundle.
 */
export async function loadPreset(file: string): Promise<RawAnswers> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read the preset "${file}": ${(error as NodeJS.ErrnoException).code ?? error}.`);
  }
  const isJson = /\.json$/i.test(file);
  const parse: (text: string) => unknown = isJson ? JSON.parse : await yamlParse();
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new UserError(`The preset "${file}" is not valid ${isJson ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`The preset "${file}" must be a mapping of option names to values.`);
  }
  const keys = ANSWER_OPTIONS.map((o) => o.key);
  const raw: RawAnswers = {};
  for (const [key, value] of Object.entries(data)) {
    if (!keys.includes(key)) {
      throw new UserError(`Unknown key "${key}" in the preset "${file}". Known keys: ${keys.join(', ')}.`);
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new UserError(`The preset key "${key}" must be a string.`);
    }
    raw[key] = String(value);
  }
  return raw;
}
