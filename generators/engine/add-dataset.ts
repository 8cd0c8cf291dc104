import { statSync } from 'node:fs';
import type { DatasetChoice } from '../core/dataset.js';
import { applyChanges } from './apply.js';
import { planWithAdditions } from './additions.js';
import type { PlanOptions } from './plan.js';
import type { TemplateStore } from './store.js';
import { countActions, planUpgrade, readRecord, requireCleanTree, settleLeftovers, type ActionKind, type UpgradeAction } from './upgrade.js';

/**
 * `create-livrable add dataset FILE --target COL`: an existing project switched to the user's
 * table. Like `add` and `upgrade`, a move between two plans of the same answers and additions:
 * the recorded one (base) and the one made for the new dataset (theirs), 3-way merged with the
 * files on disk and applied by the journaled transaction. The new plan carries the dataset in
 * its record (`dataset` in .livrable.json), so a later `upgrade` renders the same schema.
 */
export interface AddDatasetOptions {
  store: TemplateStore;
  generatorVersion: string;
  dryRun?: boolean;
  force?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface AddDatasetResult {
  target: string;
  written: boolean;
  actions: UpgradeAction[];
  counts: Record<ActionKind, number>;
  conflicts: string[];
}

/** The plan options with the dataset: `dataset` is read by plan() (the schema module, the sample, the record). */
type DatasetPlanOptions = PlanOptions & { dataset?: DatasetChoice };

export function addDatasetToProject(target: string, dataset: DatasetChoice, options: AddDatasetOptions): AddDatasetResult {
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) settleLeftovers(target);
  const record = readRecord(target);
  if (!options.dryRun && !options.force) requireCleanTree(target, options.env, '`add dataset`');
  const planOptions: DatasetPlanOptions = { store: options.store, generatorVersion: options.generatorVersion, dataset };
  const theirs = planWithAdditions(record.answers, record.added ?? [], planOptions);
  const change = planUpgrade(target, record, record.answers, { store: options.store, generatorVersion: options.generatorVersion, theirs });
  const conflicts = change.actions.filter((a) => a.action === 'conflict').map((a) => a.path);
  if (!options.dryRun) {
    applyChanges(target, change.changes, { command: 'add', summary: `dataset ${dataset.spec.sampleFile}`, conflicts });
  }
  return { target, written: !options.dryRun, actions: change.actions, counts: countActions(change.actions), conflicts };
}
