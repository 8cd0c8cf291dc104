import { statSync } from 'node:fs';
import type { Answers } from '../core/answers.js';
import { checkDeliverableSet, delivers, deliverablesOf } from '../core/deliverables.js';
import type { Deliverable } from '../core/domain.js';
import { UserError } from '../core/errors.js';
import { addSaid } from './add-messages.js';
import { applyChanges } from './apply.js';
import { planWithAdditions } from './additions.js';
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
 * `create-livrable add deliverable <api|app|report|website>`: one more deliverable in an existing
 * project. The deliverables are answers (core/deliverables.ts), so this is an upgrade between
 * two plans of the same project: the recorded one and the one with the deliverable added to
 * `extraDeliverables`, with the recorded additions and data replayed on both. What it writes is
 * therefore byte for byte what `--deliverable <primary>,<added>` would have generated, a later
 * `upgrade` plans from the new answers (so `upgrade --phase` brings the added deliverable's
 * phase parts too), and the user's edits of shared files (README, pyproject) are 3-way merged.
 */
export interface AddDeliverableOptions {
  store: TemplateStore;
  generatorVersion: string;
  dryRun?: boolean;
  force?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface AddDeliverableResult {
  target: string;
  deliverable: Deliverable;
  written: boolean;
  actions: UpgradeAction[];
  counts: Record<ActionKind, number>;
  conflicts: string[];
}

/** The answers with one more deliverable, listed right after the primary as a new record lists it. */
export function withDeliverable(answers: Answers, deliverable: Deliverable): Answers {
  const { deliverable: primary, extraDeliverables, ...rest } = answers;
  return { deliverable: primary, extraDeliverables: [...(extraDeliverables ?? []), deliverable], ...rest };
}

function wording(deliverable: Deliverable): ChangeWording {
  const what = addSaid('wordingChange', { kind: 'deliverable', name: deliverable });
  return { verb: 'add', change: what, update: addSaid('wordingUpdate', { change: what }), record: addSaid('deliverableRecord', { change: what }) };
}

/**
 * Refusals first, each a UserError (exit 2) with nothing written: not a project, a deliverable it
 * already has, a set not made to work together at its phase, a file of the new deliverable
 * already on disk, uncommitted changes.
 */
export function addDeliverableToProject(target: string, deliverable: Deliverable, options: AddDeliverableOptions): AddDeliverableResult {
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) settleLeftovers(target);
  const record = readRecord(target);
  const from = record.answers;
  if (delivers(from, deliverable)) {
    throw new UserError(addSaid('deliverableAlready', { deliverable, deliverables: deliverablesOf(from).join(', ') }));
  }
  const to = withDeliverable(from, deliverable);
  checkDeliverableSet(deliverablesOf(to), to.phase);
  const dataset = recordedDataset(target, record);
  const planOptions = { store: options.store, generatorVersion: options.generatorVersion, ...(dataset ? { dataset } : {}) };
  const added = record.added ?? [];
  const before = new Set(planWithAdditions(from, added, planOptions).map((f) => f.path));
  const theirs = planWithAdditions(to, added, planOptions);
  // A file of the new deliverable that is already there is the user's: never written over.
  for (const file of theirs) {
    if (before.has(file.path) || file.path in record.files) continue;
    if (inspectPath(target, file.path, 'add').kind !== 'missing') {
      throw new UserError(addSaid('wouldOverwrite', { path: file.path, kind: 'deliverable', name: deliverable }));
    }
  }
  if (!options.dryRun && !options.force) requireCleanTree(target, options.env, '`add deliverable`');
  const change = planUpgrade(target, record, to, { ...planOptions, theirs, wording: wording(deliverable) });
  const conflicts = change.actions.filter((a) => a.action === 'conflict').map((a) => a.path);
  if (!options.dryRun) {
    applyChanges(target, change.changes, { command: 'add', summary: `deliverable ${deliverable}`, conflicts });
  }
  return { target, deliverable, written: !options.dryRun, actions: change.actions, counts: countActions(change.actions), conflicts };
}
