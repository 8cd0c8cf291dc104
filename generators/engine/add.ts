import { existsSync, statSync } from 'node:fs';
import { addSaid } from './add-messages.js';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { Addition } from './addition-types.js';
import { actionsFor, checkAddition, describeAddition, newPaths, planWithNewAddition, type ActionRunner } from './additions.js';
import { applyChanges } from './apply.js';
import type { PlannedFile } from './plan.js';
import { inspectPath } from './safe-path.js';
import type { TemplateStore } from './store.js';
import {
  countActions,
  planUpgrade,
  readRecord,
  recordedDataset,
  requireCleanTree,
  settleLeftovers,
  type ActionKind,
  type ChangeWording,
  type UpgradeAction,
} from './upgrade.js';

/**
 * `create-livrable add`: one more addition to a generated project. The project's plan is its
 * answers plus its recorded additions; adding one is an upgrade from that plan to the plan with
 * one more addition (the same answers), so the user's edits of a file the addition changes
 * (pipeline.py, the Argo manifest) are 3-way merged exactly as `upgrade` merges them, and the
 * change goes through the same journaled transaction.
 */
export interface AddOptions {
  store: TemplateStore;
  generatorVersion: string;
  /** Runs the addition's actions: plop's generator for the kind (engine/plop-generators.ts). */
  runner: ActionRunner;
  dryRun?: boolean;
  force?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface AddResult {
  target: string;
  addition: Addition;
  written: boolean;
  actions: UpgradeAction[];
  counts: Record<ActionKind, number>;
  conflicts: string[];
}

export { describeAddition };

/** The per-file reasons of `add`, naming the addition ("changed by the endpoint explain"). */
export function addWording(addition: Addition): ChangeWording {
  const what = addSaid('wordingChange', { kind: addition.kind, name: addition.name });
  return { verb: 'add', change: what, update: addSaid('wordingUpdate', { change: what }), record: addSaid('wordingRecord', { change: what }) };
}

/**
 * Refusals first, in an order that names the most precise problem: not a project, a bad name or
 * need, a file in the way, uncommitted changes. Each is a UserError (exit 2) and nothing is written.
 */
export async function addToProject(target: string, addition: Addition, options: AddOptions): Promise<AddResult> {
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) settleLeftovers(target);
  const record = readRecord(target);
  const recorded = record.added ?? [];
  const answers = record.answers;
  checkAddition(addition, answers, recorded);
  for (const p of newPaths(actionsFor(addition, answers, recorded))) {
    if (inspectPath(target, p, 'add').kind !== 'missing') {
      throw new UserError(addSaid('wouldOverwrite', { path: p, kind: addition.kind, name: addition.name }));
    }
  }
  if (!options.dryRun && !options.force) requireCleanTree(target, options.env, '`add`');
  const dataset = recordedDataset(target, record);
  const planOptions = { store: options.store, generatorVersion: options.generatorVersion, ...(dataset ? { dataset } : {}) };
  const theirs: PlannedFile[] = await planWithNewAddition(answers, recorded, addition, planOptions, options.runner);
  const change = planUpgrade(target, record, answers, { ...planOptions, theirs, wording: addWording(addition) });
  const conflicts = change.actions.filter((a) => a.action === 'conflict').map((a) => a.path);
  if (!options.dryRun) {
    applyChanges(target, change.changes, { command: 'add', summary: describeAddition(addition), conflicts });
  }
  return {
    target,
    addition,
    written: !options.dryRun,
    actions: change.actions,
    counts: countActions(change.actions),
    conflicts,
  };
}

/** The project folder `add` works in: it must exist (the record check says the rest). */
export function addTarget(cwd: string, directory: string): string {
  const target = path.resolve(cwd, directory);
  if (!existsSync(target)) throw new UserError(addSaid('noTarget', { target }));
  return target;
}
