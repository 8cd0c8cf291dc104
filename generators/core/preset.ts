import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ANSWER_KEYS, type RawAnswers } from './answers.js';
import { UserError } from './errors.js';

/** A preset is a JSON or YAML mapping with the same keys as the flags (teachers hand one to a class). */
export function loadPreset(file: string): RawAnswers {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read the preset "${file}": ${(error as NodeJS.ErrnoException).code ?? error}.`);
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UserError(`The preset "${file}" is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`The preset "${file}" must be a mapping of option names to values.`);
  }
  const raw: RawAnswers = {};
  for (const [key, value] of Object.entries(data)) {
    if (!ANSWER_KEYS.includes(key)) {
      throw new UserError(`Unknown key "${key}" in the preset "${file}". Known keys: ${ANSWER_KEYS.join(', ')}.`);
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new UserError(`The preset key "${key}" must be a string.`);
    }
    raw[key] = String(value);
  }
  return raw;
}
