import path from 'node:path';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { checkChoice, type RawAnswers } from './answers.js';
import { ANSWER_OPTIONS, DATASET_OPTIONS } from './domain.js';
import { UserError } from './errors.js';
import { didYouMean } from './suggest.js';
import { t } from './i18n.js';

type Yaml = typeof import('yaml');

/** yaml is CommonJS: a dynamic import sees module.exports as `default` (in the bundle, always). */
async function loadYaml(): Promise<Yaml> {
  const yaml = (await import('yaml')) as Yaml & { default?: Yaml };
  return yaml.default ?? yaml;
}

/** A parsed preset: its values, and for each key the text as written (YAML turns `3.10` into 3.1). */
interface Parsed {
  data: unknown;
  written: (key: string) => string | undefined;
}

async function parseYaml(text: string, file: string): Promise<Parsed> {
  const doc = (await loadYaml()).parseDocument(text);
  const [error] = doc.errors;
  // The parser's message is one line, a blank line and a code frame pointing at the spot: the
  // line is the message, the frame its detail (shown as it is, under it).
  if (error) {
    const [first = '', ...frame] = error.message.trimEnd().split('\n');
    const detail = frame.join('\n').replace(/^\n+/, '');
    throw new UserError(t('presetNotYaml', { file, error: first }), detail || undefined);
  }
  return {
    data: doc.toJS(),
    written: (key) => {
      const node = doc.get(key, true) as { source?: unknown } | undefined;
      return typeof node?.source === 'string' ? node.source : undefined;
    },
  };
}

function parseJson(text: string, file: string): Parsed {
  try {
    return { data: JSON.parse(text), written: () => undefined };
  } catch (error) {
    throw new UserError(t('presetNotJson', { file, error: (error as Error).message }));
  }
}

/** A preset value as text. A number is taken as it was written; a closed choice is checked here, naming the file. */
function presetValue(key: string, value: unknown, written: string | undefined, file: string): string {
  const where = t('presetKeySource', { key, file });
  if (typeof value === 'string') return checkChoice(key, value, where);
  // Several deliverables may be a list, `deliverable: [api, website]`, as well as `api,website`.
  if (key === 'deliverable' && Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
    return checkChoice(key, value.join(','), where);
  }
  if (typeof value !== 'number') {
    throw new UserError(t('presetNotText', { where, key, value: value === null ? t('presetEmptyValue') : JSON.stringify(value) }));
  }
  const typed = written ?? String(value);
  try {
    return checkChoice(key, typed, where);
  } catch (error) {
    if (typed === String(value)) throw error;
    // `python: 3.10` is the number 3.1 to YAML: say so, since the user never wrote 3.1.
    throw new UserError(t('presetYamlNumber', { error: (error as Error).message, written: typed, number: value }));
  }
}

/** A preset holds a handful of answers: anything larger is not one (and must not fill memory). */
export const MAX_PRESET_BYTES = 64 * 1024;

/**
 * The bytes of a preset, read only if it is a regular file of at most MAX_PRESET_BYTES. Checked
 * before opening (a FIFO would block an ordinary open, /dev/zero never ends) and again on the open
 * file, opened non-blocking, in case the path was swapped in between.
 */
function readPresetFile(file: string): string {
  const refuse = (why: string) => new UserError(t('presetUnreadable', { file, why }));
  const check = (stat: { isFile(): boolean; isDirectory(): boolean; size: number }) => {
    if (stat.isDirectory()) throw refuse(t('presetIsDirectory'));
    if (!stat.isFile()) throw refuse(t('presetNotRegular'));
    if (stat.size > MAX_PRESET_BYTES) throw refuse(t('presetTooLarge', { size: MAX_PRESET_BYTES / 1024 }));
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
    if (length > MAX_PRESET_BYTES) throw refuse(t('presetTooLarge', { size: MAX_PRESET_BYTES / 1024 }));
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
 * Its `dataset` is a path relative to the preset's own folder (the class gets both together), and
 * is returned resolved; `dataset` and `target` are not answers, the caller takes them out.
 * The YAML parser is loaded only for a YAML preset: it is the largest module in the bundle.
 * Every error names the file and, when it is about one, the key.
 */
export async function loadPreset(file: string): Promise<RawAnswers> {
  const text = readPresetFile(file);
  const { data, written } = /\.json$/i.test(file) ? parseJson(text, file) : await parseYaml(text, file);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(t('presetNotMapping', { file }));
  }
  const keys = [...ANSWER_OPTIONS, ...DATASET_OPTIONS].map((o) => o.key);
  const raw: RawAnswers = {};
  for (const [key, value] of Object.entries(data)) {
    if (!keys.includes(key)) {
      throw new UserError(t('presetUnknownKey', { key, file, suggestion: didYouMean(key, keys, (k) => `"${k}"`), keys: keys.join(', ') }));
    }
    raw[key] = presetValue(key, value, written(key), file);
  }
  // An empty value stays empty, for the command's own "--dataset is empty" message.
  if (raw.dataset) raw.dataset = path.resolve(path.dirname(file), raw.dataset);
  return raw;
}
