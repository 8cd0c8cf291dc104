/**
 * `--dataset FILE --target COL` at the command line: read and infer (engine/dataset-choice.ts),
 * then, in a terminal, show the inferred schema and let the user correct it. Its own lazy file
 * (dist/lazy/dataset.cjs, with the Parquet reader): a run without --dataset never loads it.
 */
import type { Writable } from 'node:stream';
import type { DatasetFlags } from '../core/answers.js';
import type { DatasetChoice } from '../core/dataset.js';
import { CancelledError, UserError } from '../core/errors.js';
import { dataSaid, type DatasetMessageKey } from '../core/dataset-messages.js';
import { COLUMN_ROLES, type ColumnRole, type DatasetChoices } from '../core/infer-dataset.js';
import { buildDatasetChoice, inferDraftChoices, readDatasetDraft, type DatasetDraft } from '../engine/dataset-choice.js';
import type { PromptIO } from './prompts.js';

export interface DatasetRun {
  cwd: string;
  interactive: boolean;
  io: PromptIO;
  /** Where notes go ("only the first … rows were read"). */
  stderr: Writable;
}

/** At most this many values are listed per column in the summary. */
const SHOWN_VALUES = 5;

function valuesText(values: readonly string[]): string {
  const shown = values.slice(0, SHOWN_VALUES).map((v) => JSON.stringify(v));
  return values.length > SHOWN_VALUES ? `${shown.join(', ')}, … (${values.length})` : shown.join(', ');
}

/** One line per column: name, kind (or target and task), missing cells, values. */
export function schemaSummary(draft: DatasetDraft, choices: DatasetChoices): string {
  const rows = draft.profile.columns.map((p) => {
    const kind = p.name === choices.target ? dataSaid('summaryTarget', { task: choices.task }) : (choices.roles.get(p.name) ?? 'ignored');
    const reason = choices.reasons.get(p.name);
    const values = p.numeric && p.values.length > SHOWN_VALUES ? `${p.min} … ${p.max}` : valuesText(p.values);
    return [JSON.stringify(p.name), kind + (reason && p.name !== choices.target ? `, ${reason}` : ''), p.missing > 0 ? dataSaid('summaryMissing', { count: p.missing }) : '', values];
  });
  // A column of the summary that is empty on every line (no missing cell anywhere) is left out.
  const shown = [0, 1, 2, 3].filter((i) => rows.some((r) => r[i] !== ''));
  const widths = shown.map((i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  const lines = rows.map((r) =>
    shown
      .map((i, k) => (k < shown.length - 1 ? (r[i] as string).padEnd(widths[k] as number) : r[i]))
      .join('  ')
      .trimEnd(),
  );
  return `${dataSaid('summaryHead', { title: draft.meta.title, rows: draft.profile.rows, file: draft.meta.sampleFile })}\n${lines.join('\n')}`;
}

type Clack = typeof import('@clack/prompts');

function unwrap<T>(prompts: Clack, value: T): Exclude<T, symbol> {
  if (prompts.isCancel(value) || typeof value === 'symbol') throw new CancelledError();
  return value as Exclude<T, symbol>;
}

const ROLE_HINTS: Record<ColumnRole, DatasetMessageKey> = {
  numeric: 'roleNumeric',
  categorical: 'roleCategorical',
  boolean: 'roleBoolean',
  id: 'roleId',
  ignored: 'roleIgnored',
};

/** Shows the schema and asks until the user accepts it; each correction is checked against the values. */
async function review(draft: DatasetDraft, inferred: DatasetChoices, io: PromptIO): Promise<DatasetChoice> {
  const prompts: Clack = await import('@clack/prompts');
  let choices = inferred;
  let choice = buildDatasetChoice(draft, choices);
  for (;;) {
    prompts.note(schemaSummary(draft, choices), dataSaid('schemaTitle'), io);
    const other = choices.task === 'classification' ? 'regression' : 'classification';
    const action = unwrap(
      prompts,
      await prompts.select({
        ...io,
        message: dataSaid('useSchema'),
        options: [
          { value: 'accept', label: dataSaid('useIt') },
          { value: 'kind', label: dataSaid('changeKind'), hint: dataSaid('changeKindHint') },
          { value: 'task', label: dataSaid(other === 'regression' ? 'makeRegression' : 'makeClassification') },
        ],
      }),
    );
    if (action === 'accept') return choice;
    let next: DatasetChoices;
    if (action === 'task') {
      next = { ...choices, task: other };
    } else {
      const column = unwrap(
        prompts,
        await prompts.select({
          ...io,
          message: dataSaid('whichColumn'),
          options: [...choices.roles.entries()].map(([name, role]) => ({ value: name, label: name, hint: role })),
        }),
      );
      const role = unwrap(
        prompts,
        await prompts.select({
          ...io,
          message: dataSaid('columnIs', { column }),
          options: COLUMN_ROLES.map((r) => ({ value: r, label: r === 'ignored' ? dataSaid('roleDropped') : r, hint: dataSaid(ROLE_HINTS[r]) })),
          initialValue: choices.roles.get(column),
        }),
      );
      const roles = new Map(choices.roles).set(column, role);
      const reasons = new Map(choices.reasons).set(column, dataSaid('reasonYourChoice'));
      next = { ...choices, roles, reasons };
    }
    try {
      choice = buildDatasetChoice(draft, next);
      choices = next;
    } catch (error) {
      if ((error as Error).name !== 'UserError') throw error;
      prompts.log.warn((error as Error).message, io);
    }
  }
}

/**
 * --dataset and --target (each a flag or a preset key): both or neither. In this lazy file since
 * only a run given one of them needs it; called before any question is asked.
 */
export function datasetFlags(given: { dataset?: string; target?: string }): DatasetFlags {
  const { dataset, target } = given;
  if (dataset === undefined) throw new UserError(dataSaid('targetNeedsDataset'));
  if (target === undefined) throw new UserError(dataSaid('datasetNeedsTarget'));
  if (dataset.trim() === '') throw new UserError(dataSaid('datasetEmpty'));
  if (target === '') throw new UserError(dataSaid('targetEmpty'));
  return { dataset, target };
}

/** The dataset in one line of a dry run: what the schema says, where the sample goes. */
export function datasetLine({ spec }: DatasetChoice): string {
  const task = spec.target.task === 'classification' ? dataSaid('taskClassification', { count: spec.target.labels.length }) : dataSaid('taskRegression');
  const target = JSON.stringify(spec.target.name);
  return dataSaid('datasetLine', { title: spec.title, target, task, features: spec.features.length, rows: spec.rows, file: spec.sampleFile });
}

/** The choice, and its line for a dry run. */
export interface ChosenDataset {
  choice: DatasetChoice;
  line: string;
}

/**
 * The DatasetChoice for `--dataset FILE --target COL`: inferred, and in a terminal confirmed or
 * corrected by the user. Notes about rows left out go to stderr in every mode.
 */
export async function chooseDataset(file: string, target: string, run: DatasetRun): Promise<ChosenDataset> {
  const draft = await readDatasetDraft(file, target, run.cwd);
  for (const note of draft.notes) run.stderr.write(`${dataSaid('note', { note })}\n`);
  const inferred = inferDraftChoices(draft, target);
  const choice = run.interactive ? await review(draft, inferred, run.io) : buildDatasetChoice(draft, inferred);
  return { choice, line: datasetLine(choice) };
}
