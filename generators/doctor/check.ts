import type { Deliverable, Phase } from '../core/domain.js';
import { say } from './messages.js';
import type { Repo } from './repo.js';

/**
 * pass / fail, `skip` when it does not apply, `warn` for an advisory check that fails or for a
 * check that cannot vouch for its answer (a scan stopped at a limit, a .gitignore line git
 * matches nothing with). A warning never stops a repository from meeting its phase.
 */
export type Status = 'pass' | 'fail' | 'warn' | 'skip';

export interface Outcome {
  status: Status;
  detail: string;
  /** The change to make, when it is not the check's usual fix (a warning's own cause). */
  fix?: string;
}

export interface Context {
  repo: Repo;
  /** The primary deliverable. */
  deliverable: Deliverable;
  /** Every deliverable audited, the primary first (the record's extra ones too). */
  deliverables: readonly Deliverable[];
}

/** One row of the checklist. Ids are stable: course autograding reads them. */
export interface Check {
  id: string;
  phase: Phase;
  title: string;
  /** Advisory: a failure is a warning and does not stop the repo from meeting its phase. */
  advisory?: boolean;
  /** Only for these deliverables (all when absent): it applies when the project has one of them. */
  deliverables?: readonly Deliverable[];
  check(ctx: Context): Outcome;
  /** The change to make. For production and maintenance items of a generated project at a lower
   *  phase, the report puts the `create-livrable upgrade --phase …` command in front of it. */
  fix: string;
}

export const pass = (detail: string): Outcome => ({ status: 'pass', detail });
export const fail = (detail: string): Outcome => ({ status: 'fail', detail });
export const skip = (detail: string): Outcome => ({ status: 'skip', detail });
export const warn = (detail: string, fix: string): Outcome => ({ status: 'warn', detail, fix });

/** "a, b, c and 2 more" */
export function some(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? say('andMore', { shown, count: items.length - max }) : shown;
}
