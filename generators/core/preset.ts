import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { ANSWER_KEYS, type RawAnswers } from './answers.js';
import { UserError } from './errors.js';

type Yaml = typeof import('yaml');

/** yaml is CommonJS: a dynamic import sees module.exports as `default` (in the bundle, always). */
async function yamlParse(): Promise<Yaml['parse']> {
  const yaml = (await import('yaml')) as Yaml & { default?: Yaml };
  return (yaml.default ?? yaml).parse;
}

/** A preset holds a handful of answers: anything larger is not one (and must not fill memory). */
export const MAX_PRESET_BYTES = 64 * 1024;

/**
 * The bytes of a preset, read only if it is a regular file of at most MAX_PRESET_BYTES. Checked
 * before opening (a FIFO would block an ordinary open, /dev/zero never ends) and again on the open
 * file, opened non-blocking, in case the path was swapped in between.
 */
function readPresetFile(file: string): string {
  const refuse = (why: string) => new UserError(`Cannot read the preset "${file}": ${why}.`);
  const check = (stat: { isFile(): boolean; isDirectory(): boolean; size: number }) => {
    if (stat.isDirectory()) throw refuse('it is a directory');
    if (!stat.isFile()) throw refuse('it is not a regular file');
    if (stat.size > MAX_PRESET_BYTES) throw refuse(`it is larger than ${MAX_PRESET_BYTES / 1024} KiB`);
  };
  let fd: number | undefined;
  try {
    check(statSync(file));
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    check(fstatSync(fd));
    const buffer = Buffer.alloc(MAX_PRESET_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_PRESET_BYTES) throw refuse(`it is larger than ${MAX_PRESET_BYTES / 1024} KiB`);
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if ((error as Error).name === 'UserError') throw error;
    throw refuse((error as NodeJS.ErrnoException).code ?? String(error));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A preset is a JSON or YAML mapping with the same keys as the flags (teachers hand one to a class).
 * The YAML parser is loaded only for a YAML preset: it is the largest module in the bundle.
 */
export async function loadPreset(file: string): Promise<RawAnswers> {
  const text = readPresetFile(file);
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
