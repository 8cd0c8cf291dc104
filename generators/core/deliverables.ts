import { DELIVERABLES, phaseAtLeast, type Deliverable, type Phase } from './domain.js';
import { UserError } from './errors.js';
import { t } from './i18n.js';

/**
 * Several deliverables in one repository. The first is the primary (`answers.deliverable`, a plain
 * choice every reader of a record understands); the others are `answers.extraDeliverables`,
 * absent for a project with one deliverable, so its record stays byte for byte what it was.
 * The plan is the union of the layers of each deliverable (engine/layers.ts asks `delivers`).
 */
export interface DeliverableAnswers {
  deliverable: Deliverable;
  extraDeliverables?: Deliverable[];
}

/** Every deliverable of the project, the primary first. */
export function deliverablesOf(answers: DeliverableAnswers): Deliverable[] {
  return [answers.deliverable, ...(answers.extraDeliverables ?? [])];
}

/** Whether the project delivers `deliverable` (as its primary or as an extra one). */
export function delivers(answers: DeliverableAnswers, deliverable: Deliverable): boolean {
  return answers.deliverable === deliverable || (answers.extraDeliverables ?? []).includes(deliverable);
}

/**
 * The sets of deliverables that may share a repository, and the last phase each was made to work
 * at: files both would write are merged or named per deliverable only there. A set is unordered
 * (`website,api` is `api,website` with the website as primary).
 */
export const DELIVERABLE_SETS: readonly { deliverables: readonly Deliverable[]; upTo: Phase }[] = [
  { deliverables: ['api', 'website'], upTo: 'maintenance' },
  { deliverables: ['api', 'app'], upTo: 'production' },
  { deliverables: ['api', 'report'], upTo: 'maintenance' },
];

function sameSet(a: readonly Deliverable[], b: readonly Deliverable[]): boolean {
  return a.length === b.length && a.every((d) => b.includes(d));
}

/** The supported sets as the refusal names them: "api+website (maintenance), api+app (production)". */
function supportedSets(): string {
  return DELIVERABLE_SETS.map((s) => `${s.deliverables.join('+')} (${s.upTo})`).join(', ');
}

/**
 * Refuse (UserError, exit 2) a set of deliverables that cannot share a repository at this phase
 * yet. One deliverable is always fine. The set's CI (one image job beside a publish job) exists for
 * GitHub and GitLab alike.
 */
export function checkDeliverableSet(deliverables: readonly Deliverable[], phase: Phase): void {
  if (deliverables.length <= 1) return;
  const set = DELIVERABLE_SETS.find((s) => sameSet(s.deliverables, deliverables));
  if (set === undefined || !phaseAtLeast(set.upTo, phase)) {
    throw new UserError(
      t('deliverablesUnsupported', { deliverables: deliverables.join(','), phase, supported: supportedSets() }),
    );
  }
}

/** A recorded `extraDeliverables`: a list of known deliverables, none twice, never the primary. */
export function isDeliverableList(value: unknown, primary: unknown): value is Deliverable[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((d) => typeof d === 'string' && (DELIVERABLES as readonly string[]).includes(d) && d !== primary) &&
    new Set(value).size === value.length
  );
}
