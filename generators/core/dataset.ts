import type { Deliverable, Phase } from './domain.js';

/**
 * The description of a project's data: what `schema.py` in the generated package is rendered
 * from. The default is the Palmer penguins sample every template was written with; `--dataset
 * FILE --target COL` infers another one from the user's table.
 *
 * It is plain JSON (recorded as `dataset` in .livrable.json when it is not the default), so that
 * `upgrade` renders the project's own schema and its new tests and cards from it.
 */

import { dataSaid, type DatasetMessageKey } from './dataset-messages.js';
import { UserError } from './errors.js';
import { t } from './i18n.js';
import { invalidCodePoint } from './names.js';

/** A value as it appears in the table: a category code, a label, an example cell. */
export type Scalar = string | number | boolean;

export interface NumericFeature {
  name: string;
  kind: 'numeric';
  /** Integer-valued in the sample (counts, years): the form steps by 1, the API still takes floats. */
  integer: boolean;
  /** Plausibility bounds, wider than the sample (values outside are refused at prediction). */
  min?: number;
  max?: number;
  nullable: boolean;
  label: string;
  description?: string;
}

export interface CategoricalFeature {
  name: string;
  kind: 'categorical';
  /** How the codes are written in the table: text, or integers standing for categories. */
  codes: 'text' | 'integer';
  /** The codes seen in the sample, in display order (others are accepted at prediction). */
  values: Scalar[];
  nullable: boolean;
  label: string;
  description?: string;
}

export interface BooleanFeature {
  name: string;
  kind: 'boolean';
  nullable: boolean;
  label: string;
  description?: string;
}

export type FeatureSpec = NumericFeature | CategoricalFeature | BooleanFeature;
export type FeatureKind = FeatureSpec['kind'];

export interface ClassificationTarget {
  name: string;
  task: 'classification';
  /** How the labels are written in the table. */
  labelType: 'text' | 'integer' | 'boolean';
  /** Every label of the sample, in display order (at least two). */
  labels: Scalar[];
  label: string;
  description?: string;
}

export interface RegressionTarget {
  name: string;
  task: 'regression';
  label: string;
  description?: string;
}

export type TargetSpec = ClassificationTarget | RegressionTarget;

export interface DatasetSpec {
  /** For people: "Palmer penguins", "Passengers"... */
  title: string;
  /** File name of the sample shipped in `src/<package>/data/` (CSV). */
  sampleFile: string;
  /** Rows in that sample (data card, tests compute their own counts from the file). */
  rows: number;
  target: TargetSpec;
  /** The model's inputs, in column order. */
  features: FeatureSpec[];
  /** Column identifying a row, if any: de-duplication uses it, and it is never a feature. */
  idColumn?: string;
  /** Columns of the table that are neither features, target nor id (kept out of the model). */
  ignored: string[];
  /** One valid input row (features only; null where a nullable feature is left empty). */
  example: Record<string, Scalar | null>;
  /** Where the data comes from, for the data card (a citation, a URL, "provided by ..."). */
  source?: string;
}

/** The dataset and the bytes of its sample, as the plan takes them. */
export interface DatasetChoice {
  spec: DatasetSpec;
  /** The CSV written to `src/<package>/data/<spec.sampleFile>`. */
  sample: Buffer;
}

// ── validation ───────────────────────────────────────────────────────────────────────────────────

/**
 * A spec read from disk (a record, a preset) is hostile: its names end up in Python, JSON,
 * Markdown and file paths. Check every field's type, every name's shape and every cross-reference,
 * and return a copy holding only the known fields (so nothing unchecked rides along into a file).
 * Throws a UserError naming `where` and the field.
 */
export function validateDatasetSpec(raw: unknown, where: string): DatasetSpec {
  const fail: Fail = (key, params = {}) => {
    throw new UserError(dataSaid('specInvalid', { where, problem: dataSaid(key, params) }));
  };
  const spec = object(raw, 'dataset', fail);
  const title = text(spec.title, 'title', fail);
  const sampleFile = text(spec.sampleFile, 'sampleFile', fail);
  if (!SAMPLE_FILE.test(sampleFile) || RESERVED_FILES.has(sampleFile.toLowerCase())) {
    fail('spec_sampleFile', { value: JSON.stringify(sampleFile) });
  }
  const rows = spec.rows;
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 1) fail('spec_rows');
  const target = validateTarget(spec.target, fail);
  if (!Array.isArray(spec.features) || spec.features.length === 0) fail('spec_features');
  if ((spec.features as unknown[]).length > MAX_COLUMNS) fail('spec_tooManyFeatures', { max: MAX_COLUMNS });
  const features = (spec.features as unknown[]).map((f, i) => validateFeature(f, `features[${i}]`, fail));
  const idColumn = spec.idColumn === undefined ? undefined : name(spec.idColumn, 'idColumn', fail);
  if (!Array.isArray(spec.ignored)) fail('spec_ignored');
  const ignored = (spec.ignored as unknown[]).map((c, i) => name(c, `ignored[${i}]`, fail));
  const columns = [target.name, ...features.map((f) => f.name), ...(idColumn === undefined ? [] : [idColumn]), ...ignored];
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) fail('spec_columnTwice', { column: JSON.stringify(column) });
    seen.add(column);
  }
  const example = object(spec.example, 'example', fail);
  const names = new Set(features.map((f) => f.name));
  for (const key of Object.keys(example)) {
    if (!names.has(key)) fail('spec_exampleExtra', { key: JSON.stringify(key) });
  }
  const checkedExample: Record<string, Scalar | null> = {};
  for (const feature of features) {
    if (!Object.hasOwn(example, feature.name)) fail('spec_exampleLacks', { name: JSON.stringify(feature.name) });
    checkedExample[feature.name] = exampleValue(example[feature.name], feature, fail);
  }
  const source = spec.source === undefined ? undefined : text(spec.source, 'source', fail);
  return {
    title,
    sampleFile,
    rows: rows as number,
    target,
    features,
    ...(idColumn === undefined ? {} : { idColumn }),
    ignored,
    example: checkedExample,
    ...(source === undefined ? {} : { source }),
  };
}

type Fail = (key: DatasetMessageKey, params?: Readonly<Record<string, string | number>>) => never;

const FEATURE_KINDS: readonly FeatureKind[] = ['numeric', 'categorical', 'boolean'];
const MAX_COLUMNS = 500;
const MAX_VALUES = 1000;
const MAX_TEXT = 300;
const SAMPLE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.csv$/;
/** File names the package's data folder already uses. */
const RESERVED_FILES = new Set(['readme.md', 'dataset.json']);

function object(value: unknown, what: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('spec_object', { what });
  return value as Record<string, unknown>;
}

/** Free text for people (a title, a label, a description): one line, no control characters. */
function text(value: unknown, what: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') fail('spec_text', { what });
  const s = value as string;
  if (s.length > MAX_TEXT) fail('spec_tooLong', { what, max: MAX_TEXT });
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s)) fail('spec_oneLine', { what });
  if (invalidCodePoint(s)) fail('spec_notCharacter', { what, code: invalidCodePoint(s) ?? '' });
  return s;
}

/**
 * A column name as the user's table spells it: any characters (quotes, newlines, non-ASCII),
 * since the generated code only ever handles it as data; but not empty, not huge, and only real
 * characters (no lone surrogate or non-character, which no file encoding can hold).
 */
function name(value: unknown, what: string, fail: Fail): string {
  if (typeof value !== 'string' || value === '') fail('spec_columnName', { what });
  const s = value as string;
  if (s.length > 200) fail('spec_tooLong', { what, max: 200 });
  if (s.includes('\u0000')) fail('spec_nul', { what });
  if (invalidCodePoint(s)) fail('spec_notCharacter', { what, code: invalidCodePoint(s) ?? '' });
  return s;
}

function optionalText(value: unknown, what: string, fail: Fail): { description?: string } {
  return value === undefined ? {} : { description: text(value, what, fail) };
}

function finite(value: unknown, what: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail('spec_finite', { what });
  return value as number;
}

function scalar(value: unknown, type: 'text' | 'integer' | 'boolean', what: string, fail: Fail): Scalar {
  if (type === 'text') return name(value, what, fail);
  if (type === 'integer') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail('spec_integer', { what });
    return value as number;
  }
  if (typeof value !== 'boolean') fail('spec_boolean', { what });
  return value as boolean;
}

function distinctValues(raw: unknown, type: 'text' | 'integer' | 'boolean', what: string, min: number, fail: Fail): Scalar[] {
  if (!Array.isArray(raw) || raw.length < min) fail(min > 1 ? 'spec_listMany' : 'spec_listOne', { what, min });
  const values = raw as unknown[];
  if (values.length > MAX_VALUES) fail('spec_tooManyValues', { what, max: MAX_VALUES });
  const out = values.map((v, i) => scalar(v, type, `${what}[${i}]`, fail));
  if (new Set(out).size !== out.length) fail('spec_valueTwice', { what });
  return out;
}

function validateTarget(raw: unknown, fail: Fail): TargetSpec {
  const t = object(raw, 'target', fail);
  const common = { name: name(t.name, 'target.name', fail), label: text(t.label, 'target.label', fail), ...optionalText(t.description, 'target.description', fail) };
  if (t.task === 'regression') return { ...common, task: 'regression' };
  if (t.task !== 'classification') fail('spec_task');
  const labelType = t.labelType;
  if (labelType !== 'text' && labelType !== 'integer' && labelType !== 'boolean') fail('spec_labelType');
  const type = labelType as 'text' | 'integer' | 'boolean';
  return { ...common, task: 'classification', labelType: type, labels: distinctValues(t.labels, type, 'target.labels', 2, fail) };
}

function validateFeature(raw: unknown, what: string, fail: Fail): FeatureSpec {
  const f = object(raw, what, fail);
  if (typeof f.nullable !== 'boolean') fail('spec_boolean', { what: `${what}.nullable` });
  const common = {
    name: name(f.name, `${what}.name`, fail),
    nullable: f.nullable as boolean,
    label: text(f.label, `${what}.label`, fail),
    ...optionalText(f.description, `${what}.description`, fail),
  };
  switch (f.kind) {
    case 'numeric': {
      if (typeof f.integer !== 'boolean') fail('spec_boolean', { what: `${what}.integer` });
      const min = f.min === undefined ? undefined : finite(f.min, `${what}.min`, fail);
      const max = f.max === undefined ? undefined : finite(f.max, `${what}.max`, fail);
      if (min !== undefined && max !== undefined && min > max) fail('spec_minAboveMax', { what });
      const { name: n, nullable, label, description } = common;
      return {
        name: n, kind: 'numeric', integer: f.integer as boolean,
        ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }),
        nullable, label, ...(description === undefined ? {} : { description }),
      };
    }
    case 'categorical': {
      if (f.codes !== 'text' && f.codes !== 'integer') fail('spec_codes', { what });
      const codes = f.codes as 'text' | 'integer';
      const { name: n, nullable, label, description } = common;
      return {
        name: n, kind: 'categorical', codes, values: distinctValues(f.values, codes, `${what}.values`, 1, fail),
        nullable, label, ...(description === undefined ? {} : { description }),
      };
    }
    case 'boolean': {
      const { name: n, nullable, label, description } = common;
      return { name: n, kind: 'boolean', nullable, label, ...(description === undefined ? {} : { description }) };
    }
    default:
      return fail('spec_kind', { what, kinds: FEATURE_KINDS.map((k) => `"${k}"`).join(', ') });
  }
}

function exampleValue(value: unknown, feature: FeatureSpec, fail: Fail): Scalar | null {
  const what = `example[${JSON.stringify(feature.name)}]`;
  if (value === null) {
    if (!feature.nullable) fail('spec_nullNotNullable', { what });
    return null;
  }
  switch (feature.kind) {
    case 'numeric': {
      const n = finite(value, what, fail);
      if ((feature.min !== undefined && n < feature.min) || (feature.max !== undefined && n > feature.max)) fail('spec_outOfBounds', { what });
      return n;
    }
    case 'categorical':
      return scalar(value, feature.codes, what, fail);
    case 'boolean':
      return scalar(value, 'boolean', what, fail);
  }
}

/** Per deliverable, the phases at which a project can be built on other data. */
type ReadyTable = Readonly<Record<Deliverable, readonly Phase[]>>;

/**
 * The combinations whose templates all derive from the data description, proven on data sets no
 * template was written for (the generated tier): today every deliverable at every phase. The
 * table stays the gate for what comes next: a new deliverable must be listed here (the type
 * demands it) with the phases whose files no longer hold penguin facts; elsewhere a project on
 * other data would fail its own checks, so it is refused before anything is read or written.
 */
export const DATASET_READY: ReadyTable = {
  api: ['development', 'production', 'maintenance'],
  app: ['development', 'production', 'maintenance'],
  report: ['development', 'production', 'maintenance'],
  website: ['development', 'production', 'maintenance'],
};

/** "api and app projects at development, production, maintenance": the ready combinations, for the refusal. */
function readyCombinations(ready: ReadyTable): string {
  const byPhases = new Map<string, Deliverable[]>();
  for (const [deliverable, phases] of Object.entries(ready) as [Deliverable, readonly Phase[]][]) {
    if (phases.length === 0) continue;
    const key = phases.join(', ');
    byPhases.set(key, [...(byPhases.get(key) ?? []), deliverable]);
  }
  const list = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${t('wordAnd')} ${items.at(-1)}`);
  return [...byPhases].map(([phases, deliverables]) => t('datasetReadyAt', { deliverables: list(deliverables), phases })).join('; ');
}

/**
 * Why a project of this deliverable and phase cannot take its own data yet; undefined when it can.
 * `ready` is the table to read (DATASET_READY; a test passes a narrower one to see the refusal).
 */
export function datasetNotReady(deliverable: Deliverable, phase: Phase, ready: ReadyTable = DATASET_READY): string | undefined {
  if (ready[deliverable].includes(phase)) return undefined;
  return t('datasetNotReady', { combinations: readyCombinations(ready), deliverable, phase });
}
