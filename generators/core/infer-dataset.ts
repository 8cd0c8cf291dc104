/**
 * From a table the user brings (`--dataset FILE --target COL`) to the DatasetSpec its project is
 * generated from: which rows ship as the sample, what each column is, the task. Pure: the file is
 * read by engine/read-table.ts; the rules are listed in README.md ("Your own data").
 *
 * The steps are separate so that a correction (interactively: another kind for a column, a
 * dropped column, the other task) rebuilds the spec from the same profile:
 *   checkColumns → usableRows → sampleRows → profileColumns → inferChoices → buildDataset.
 */
import { toCsv, type Table } from './csv.js';
import type { DatasetSpec, FeatureSpec, Scalar, TargetSpec } from './dataset.js';
import { UserError } from './errors.js';
import { didYouMean } from './suggest.js';
import { dataSaid } from './dataset-messages.js';

/** Fewer rows than this cannot be split into a training and a test set worth the name. */
export const MIN_ROWS = 20;
/** The sample shipped in the project: at most this many rows… */
export const MAX_SAMPLE_ROWS = 5000;
/** …and at most this many bytes of CSV (fewer rows when they are wide). */
export const MAX_SAMPLE_BYTES = 2 * 1024 * 1024;
/** A text column with more distinct values than this is free text, not a category. */
export const MAX_CATEGORIES = 50;
/** An integer column with at most this many distinct values is a code (1, 2, 3 for classes). */
export const MAX_INTEGER_CODES = 6;
/** An integer target with at most this many distinct values is a class label, beyond it a quantity. */
export const MAX_INTEGER_CLASSES = 10;
/** Column names longer than this are refused (they end up in code, forms and tables). */
export const MAX_NAME_LENGTH = 200;

/** What a column is in the project: a feature of a kind, the id, or left out of the model. */
export type ColumnRole = 'numeric' | 'categorical' | 'boolean' | 'id' | 'ignored';
export const COLUMN_ROLES: readonly ColumnRole[] = ['numeric', 'categorical', 'boolean', 'id', 'ignored'];
export type Task = TargetSpec['task'];

/** What the values of one column look like (over the sample's rows). */
export interface ColumnProfile {
  name: string;
  missing: number;
  /** Distinct values present, in display order (numbers ascending, text by code point). */
  values: string[];
  numeric: boolean;
  /** Every value written as an integer (no decimal point, no exponent). */
  integer: boolean;
  min?: number;
  max?: number;
  /** Every value is one pandas reads as a boolean (True/False, true/false, TRUE/FALSE). */
  booleanText: boolean;
}

export interface TableProfile {
  rows: number;
  columns: ColumnProfile[];
}

/** The decisions a user may correct: the task and each column's role (the target has none). */
export interface DatasetChoices {
  target: string;
  task: Task;
  roles: Map<string, ColumnRole>;
  /** Why each role was inferred, for the summary ("constant", "free text", "unique id"). */
  reasons: Map<string, string>;
}

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const INTEGER = /^\s*[+-]?\d+\s*$/;
const BOOLEAN_TEXT = new Set(['True', 'False', 'true', 'false', 'TRUE', 'FALSE']);
const ID_NAME = /^id$|[_\s.-]id$|^id[_\s.-]|[a-z0-9]Id$|[a-z0-9]ID$/i;

const show = (name: string) => JSON.stringify(name);

/** Header checks: names present, one line, not too long, unique; and the target among them. */
export function checkColumns(columns: readonly string[], target: string): void {
  const seen = new Set<string>();
  columns.forEach((name, index) => {
    if (name.trim() === '') {
      // The first: most often the index pandas' to_csv writes by default.
      const hint = index === 0 ? dataSaid('columnNoNameHint') : '';
      throw new UserError(dataSaid('columnNoName', { index: index + 1, hint }));
    }
    if (/[\u0000-\u001f\u007f]/.test(name)) throw new UserError(dataSaid('columnControl', { index: index + 1, name: show(name) }));
    if (name.length > MAX_NAME_LENGTH) throw new UserError(dataSaid('columnNameTooLong', { index: index + 1, max: MAX_NAME_LENGTH }));
    if (seen.has(name)) throw new UserError(dataSaid('columnTwice', { name: show(name) }));
    seen.add(name);
  });
  if (columns.length < 2) throw new UserError(dataSaid('tooFewColumns', { count: columns.length }));
  if (!seen.has(target)) {
    throw new UserError(
      dataSaid('targetNotColumn', { target: show(target), suggestion: didYouMean(target, columns, show), columns: columns.map(show).join(', ') }),
    );
  }
}

/** The rows that have a value for the target (the others teach nothing); too few is an error. */
export function usableRows(table: Table, target: string): { rows: (string | null)[][]; dropped: number } {
  const index = table.columns.indexOf(target);
  if (table.rows.length === 0) throw new UserError(dataSaid('noDataRow'));
  const rows = table.rows.filter((row) => row[index] !== null);
  if (rows.length < MIN_ROWS) {
    throw new UserError(dataSaid('tooFewRows', { count: rows.length, target: show(target), min: MIN_ROWS }));
  }
  return { rows, dropped: table.rows.length - rows.length };
}

/** A small seeded generator (mulberry32): the same file always gives the same sample. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `k` of `n` row indexes, each set of k equally likely, in file order (selection sampling, Knuth's
 * algorithm S) with a fixed seed. Not every n/k-th row: that aliases with periodic data (every
 * 20th row of an alternating 0/1 target is always 0).
 */
function sampleIndexes(n: number, k: number): number[] {
  const random = seededRandom(20_240_601);
  const picked: number[] = [];
  for (let i = 0; i < n && picked.length < k; i++) if (random() * (n - i) < k - picked.length) picked.push(i);
  return picked;
}

/**
 * The sample: at most MAX_SAMPLE_ROWS rows drawn at random with a fixed seed (the same file gives
 * the same sample) and kept in file order, fewer while its CSV exceeds MAX_SAMPLE_BYTES.
 */
export function sampleRows(columns: readonly string[], rows: readonly (string | null)[][]): { rows: (string | null)[][]; csv: string } {
  let limit = Math.min(rows.length, MAX_SAMPLE_ROWS);
  for (;;) {
    const picked = limit === rows.length ? [...rows] : sampleIndexes(rows.length, limit).map((i) => rows[i] as (string | null)[]);
    const csv = toCsv(columns, picked);
    const bytes = Buffer.byteLength(csv);
    if (bytes <= MAX_SAMPLE_BYTES) return { rows: picked, csv };
    const next = Math.floor(limit * (MAX_SAMPLE_BYTES / bytes) * 0.95);
    if (next < MIN_ROWS) {
      throw new UserError(dataSaid('rowsTooWide', { min: MIN_ROWS, size: MAX_SAMPLE_BYTES / 1024 / 1024 }));
    }
    limit = next;
  }
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function profileColumns(columns: readonly string[], rows: readonly (string | null)[][]): TableProfile {
  const profiles = columns.map((name, index): ColumnProfile => {
    const distinct = new Set<string>();
    let missing = 0;
    for (const row of rows) {
      const value = row[index] ?? null;
      if (value === null) missing++;
      else distinct.add(value);
    }
    const values = [...distinct];
    const numeric = values.length > 0 && values.every((v) => NUMBER.test(v));
    const integer = numeric && values.every((v) => INTEGER.test(v));
    const profile: ColumnProfile = { name, missing, values, numeric, integer, booleanText: values.length > 0 && values.every((v) => BOOLEAN_TEXT.has(v)) };
    if (numeric) {
      const numbers = values.map(Number);
      profile.min = Math.min(...numbers);
      profile.max = Math.max(...numbers);
      values.sort((a, b) => Number(a) - Number(b));
    } else {
      values.sort(byCodePoint);
    }
    return profile;
  });
  return { rows: rows.length, columns: profiles };
}

/** 0 and 1 only: a boolean if the user says so (inferred as an integer code). */
function zeroOne(p: ColumnProfile): boolean {
  return p.integer && p.values.every((v) => Number(v) === 0 || Number(v) === 1);
}

function inferRole(p: ColumnProfile, rows: number, idTaken: boolean): [ColumnRole, string] {
  if (p.values.length <= 1) return ['ignored', dataSaid(p.values.length === 0 ? 'reasonAlwaysMissing' : 'reasonConstant')];
  if (!idTaken && ID_NAME.test(p.name) && p.missing === 0 && p.values.length === rows && (p.integer || !p.numeric)) return ['id', dataSaid('reasonUnique')];
  if (p.booleanText) return ['boolean', dataSaid('reasonTrueFalse')];
  if (p.integer && p.values.length <= MAX_INTEGER_CODES) return ['categorical', dataSaid('reasonIntegerCodes', { count: p.values.length })];
  if (p.numeric) return ['numeric', dataSaid(p.integer ? 'reasonIntegers' : 'reasonNumbers')];
  if (p.values.length > MAX_CATEGORIES) return ['ignored', dataSaid('reasonFreeTextMany', { count: p.values.length })];
  if (p.values.length === rows - p.missing && p.values.length >= 10) return ['ignored', dataSaid('reasonFreeTextUnique')];
  return ['categorical', dataSaid('reasonValues', { count: p.values.length })];
}

function inferTask(p: ColumnProfile): Task {
  if (p.booleanText || !p.numeric) return 'classification';
  return p.integer && p.values.length <= MAX_INTEGER_CLASSES ? 'classification' : 'regression';
}

/** The inferred choices: the task from the target's values, a role per other column. */
export function inferChoices(profile: TableProfile, target: string): DatasetChoices {
  const roles = new Map<string, ColumnRole>();
  const reasons = new Map<string, string>();
  let idTaken = false;
  for (const p of profile.columns) {
    if (p.name === target) continue;
    const [role, reason] = inferRole(p, profile.rows, idTaken);
    idTaken ||= role === 'id';
    roles.set(p.name, role);
    reasons.set(p.name, reason);
  }
  const targetProfile = profile.columns.find((p) => p.name === target) as ColumnProfile;
  return { target, task: inferTask(targetProfile), roles, reasons };
}

/** "bill_length_mm" → "Bill length mm", "PassengerId" → "Passenger id": a label for people. */
export function humanLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.\s-]+/g, ' ')
    .trim()
    .toLowerCase();
  if (words === '') return name;
  return `${words[0]?.toUpperCase()}${words.slice(1)}`;
}

/** The file name without its folder and extension. */
function stem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/(\.[A-Za-z0-9]{1,8})+$/, '') || base;
}

/** "Titanic train" from ".../titanic_train.csv". */
export function titleFromFile(file: string): string {
  return humanLabel(stem(file)) || 'Data';
}

/** A file name safe in any file system and in Python code: "titanic_train.csv", else "data.csv". */
export function sampleFileName(file: string): string {
  const safe = stem(file)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60)
    .replace(/_+$/, '');
  return `${/^[a-z]/.test(safe) ? safe : `data${safe ? `_${safe}` : ''}`}.csv`;
}

/** Bounds wider than the sample by half its range on each side, never below 0 for non-negative data. */
export function widenedBounds(min: number, max: number, integer: boolean): { min: number; max: number } {
  const span = max - min || Math.abs(max) || 1;
  let low = min - span / 2;
  let high = max + span / 2;
  if (min >= 0) low = Math.max(0, low);
  const step = 10 ** (Math.floor(Math.log10(span)) - 1);
  const round = (x: number) => Number(x.toPrecision(12));
  low = round(Math.floor(low / step) * step);
  high = round(Math.ceil(high / step) * step);
  return integer ? { min: Math.floor(low), max: Math.ceil(high) } : { min: low, max: high };
}

/** A raw cell as the value the spec holds for a column of that role. */
function typed(raw: string, role: ColumnRole, p: ColumnProfile): Scalar {
  if (role === 'boolean') return p.booleanText ? raw.toLowerCase() === 'true' : Number(raw) === 1;
  if (role === 'numeric' || (role === 'categorical' && p.integer)) return Number(raw);
  return raw;
}

function feature(p: ColumnProfile, role: ColumnRole): FeatureSpec {
  const common = { name: p.name, nullable: p.missing > 0, label: humanLabel(p.name) };
  const name = show(p.name);
  if (role === 'numeric') {
    if (!p.numeric) throw new UserError(dataSaid('notNumeric', { name, value: show(p.values.find((v) => !NUMBER.test(v)) ?? '') }));
    return { ...common, kind: 'numeric', integer: p.integer, ...widenedBounds(p.min as number, p.max as number, p.integer) };
  }
  if (role === 'boolean') {
    if (!p.booleanText && !zeroOne(p)) throw new UserError(dataSaid('notBoolean', { name }));
    return { ...common, kind: 'boolean' };
  }
  if (p.numeric && !p.integer) throw new UserError(dataSaid('categoricalDecimal', { name }));
  if (p.values.length > MAX_CATEGORIES) {
    throw new UserError(dataSaid('categoricalTooMany', { name, count: p.values.length, max: MAX_CATEGORIES }));
  }
  return { ...common, kind: 'categorical', codes: p.integer ? 'integer' : 'text', values: p.values.map((v) => typed(v, role, p)) };
}

function targetSpec(p: ColumnProfile, task: Task): TargetSpec {
  const common = { name: p.name, label: humanLabel(p.name) };
  if (task === 'regression') {
    if (!p.numeric) throw new UserError(dataSaid('regressionText', { name: show(p.name), value: show(p.values.find((v) => !NUMBER.test(v)) ?? '') }));
    return { ...common, task };
  }
  if (p.values.length < 2) throw new UserError(dataSaid('targetSingleValue', { name: show(p.name), value: show(p.values[0] ?? '') }));
  if (p.numeric && !p.integer) throw new UserError(dataSaid('classificationDecimal', { name: show(p.name) }));
  if (p.values.length > MAX_CATEGORIES) {
    throw new UserError(dataSaid('targetTooManyClasses', { name: show(p.name), count: p.values.length, max: MAX_CATEGORIES }));
  }
  const labelType = p.booleanText ? 'boolean' : p.integer ? 'integer' : 'text';
  const labels = p.values.map((v) => (labelType === 'boolean' ? v.toLowerCase() === 'true' : labelType === 'integer' ? Number(v) : v));
  if (labelType === 'boolean') labels.sort((a, b) => Number(a) - Number(b));
  return { ...common, task, labelType, labels };
}

/** Every class needs two rows at least, or the training/test split cannot hold it on both sides. */
function checkClassSizes(profile: TableProfile, rows: readonly (string | null)[][], target: string): void {
  const index = profile.columns.findIndex((p) => p.name === target);
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row[index] as string, (counts.get(row[index] as string) ?? 0) + 1);
  for (const [label, count] of counts) {
    if (count < 2) throw new UserError(dataSaid('classSingleRow', { label: show(label), target: show(target) }));
  }
}

export interface DatasetMeta {
  title: string;
  sampleFile: string;
}

/** The spec for these choices (each checked against the values), over the sample's rows. */
export function buildDataset(profile: TableProfile, rows: readonly (string | null)[][], choices: DatasetChoices, meta: DatasetMeta): DatasetSpec {
  const targetProfile = profile.columns.find((p) => p.name === choices.target) as ColumnProfile;
  const target = targetSpec(targetProfile, choices.task);
  if (target.task === 'classification') checkClassSizes(profile, rows, choices.target);
  const features: FeatureSpec[] = [];
  const ignored: string[] = [];
  let idColumn: string | undefined;
  for (const p of profile.columns) {
    if (p.name === choices.target) continue;
    const role = choices.roles.get(p.name) ?? 'ignored';
    if (role === 'ignored') ignored.push(p.name);
    else if (role === 'id') {
      if (idColumn !== undefined) throw new UserError(dataSaid('oneIdColumn', { id: show(idColumn), name: show(p.name) }));
      if (p.missing > 0 || p.values.length !== profile.rows) throw new UserError(dataSaid('idNotUnique', { name: show(p.name) }));
      idColumn = p.name;
    } else features.push(feature(p, role));
  }
  if (features.length === 0) throw new UserError(dataSaid('noFeatureLeft', { target: show(choices.target) }));
  const spec: DatasetSpec = {
    title: meta.title,
    sampleFile: meta.sampleFile,
    rows: profile.rows,
    target,
    features,
    ...(idColumn === undefined ? {} : { idColumn }),
    ignored,
    example: exampleRow(profile, rows, features),
  };
  return spec;
}

/** The first row of the sample with every feature present (else the first row), typed per feature. */
function exampleRow(profile: TableProfile, rows: readonly (string | null)[][], features: readonly FeatureSpec[]): Record<string, Scalar | null> {
  const indexes = features.map((f) => profile.columns.findIndex((p) => p.name === f.name));
  const row = rows.find((r) => indexes.every((i) => r[i] !== null)) ?? (rows[0] as (string | null)[]);
  // fromEntries, not assignment: a column named "__proto__" stays a key.
  return Object.fromEntries(
    features.map((f, k) => {
      const raw = row[indexes[k] as number] ?? null;
      const p = profile.columns[indexes[k] as number] as ColumnProfile;
      return [f.name, raw === null ? null : typed(raw, f.kind, p)];
    }),
  );
}
