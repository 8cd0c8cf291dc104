/**
 * `--dataset FILE --target COL` from file to DatasetChoice: read the table (engine/read-table.ts),
 * keep the rows with a target, take the sample, profile it and infer (core/infer-dataset.ts).
 * Every refusal is one UserError (exit 2) naming the file.
 */
import path from 'node:path';
import type { DatasetChoice } from '../core/dataset.js';
import { UserError } from '../core/errors.js';
import { dataSaid } from '../core/dataset-messages.js';
import {
  buildDataset,
  checkColumns,
  inferChoices,
  profileColumns,
  sampleFileName,
  sampleRows,
  titleFromFile,
  usableRows,
  type DatasetChoices,
  type DatasetMeta,
  type TableProfile,
} from '../core/infer-dataset.js';
import { MAX_READ_ROWS, readTable } from './read-table.js';

/** A table read and sampled, ready to infer from (and to rebuild after a correction). */
export interface DatasetDraft {
  /** The file as the user named it (messages quote it). */
  file: string;
  columns: string[];
  /** The sample's rows, and the sample as CSV. */
  rows: (string | null)[][];
  csv: string;
  profile: TableProfile;
  meta: DatasetMeta;
  /** What the user should know: rows dropped or left unread. */
  notes: string[];
}

function refusal(file: string, error: unknown): unknown {
  if ((error as Error).name !== 'UserError') return error;
  return new UserError(dataSaid('refusal', { file, reason: (error as Error).message }), (error as UserError).detail);
}

/** Reads `file` (resolved against `cwd`) and takes its sample; `file` as given names it in messages. */
export async function readDatasetDraft(file: string, target: string, cwd: string): Promise<DatasetDraft> {
  try {
    const { table, format, truncated } = await readTable(path.resolve(cwd, file));
    checkColumns(table.columns, target);
    const { rows, dropped } = usableRows(table, target);
    const sample = sampleRows(table.columns, rows);
    const notes: string[] = [];
    if (truncated) {
      const bytes = dataSaid(format === 'csv' ? 'noteBytesCsv' : 'noteBytesParquet');
      notes.push(dataSaid('noteTruncated', { rows: table.rows.length, max: MAX_READ_ROWS, bytes }));
    }
    if (dropped > 0) notes.push(dataSaid('noteDropped', { count: dropped, target }));
    if (sample.rows.length < rows.length) notes.push(dataSaid('noteSampled', { count: sample.rows.length, rows: rows.length }));
    return {
      file,
      columns: table.columns,
      rows: sample.rows,
      csv: sample.csv,
      profile: profileColumns(table.columns, sample.rows),
      meta: { title: titleFromFile(file), sampleFile: sampleFileName(file) },
      notes,
    };
  } catch (error) {
    throw refusal(file, error);
  }
}

/** The inferred choices for a draft (what a non-interactive run accepts). */
export function inferDraftChoices(draft: DatasetDraft, target: string): DatasetChoices {
  return inferChoices(draft.profile, target);
}

/** The DatasetChoice for a draft and choices; a choice the values do not allow is a UserError. */
export function buildDatasetChoice(draft: DatasetDraft, choices: DatasetChoices): DatasetChoice {
  try {
    return { spec: buildDataset(draft.profile, draft.rows, choices, draft.meta), sample: Buffer.from(draft.csv) };
  } catch (error) {
    throw refusal(draft.file, error);
  }
}

/** The whole non-interactive way: read, infer, accept. */
export async function readDatasetChoice(file: string, target: string, cwd: string): Promise<DatasetChoice> {
  const draft = await readDatasetDraft(file, target, cwd);
  return buildDatasetChoice(draft, inferDraftChoices(draft, target));
}
