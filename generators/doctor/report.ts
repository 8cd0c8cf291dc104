import { PHASES, phaseRank, type Phase } from '../core/domain.js';
import type { Audit, CheckResult, Source } from './audit.js';
import type { Status } from './check.js';
import { say, type DoctorKey } from './messages.js';

const MARK: Record<Status, string> = { pass: '✔', fail: '✘', warn: '!', skip: '-' };
const FROM: Record<Source, DoctorKey> = {
  flag: 'fromFlag',
  record: 'fromRecord',
  detected: 'fromCode',
  default: 'fromDefault',
};

/** A path or detail on one line of the terminal, whatever bytes a file name holds. */
const oneLine = (text: string) =>
  text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);


/** "meets development; 3 production items missing" */
export function summaryLine(audit: Audit): string {
  const failing = (p: Phase) => audit.checks.filter((c) => c.phase === p && c.status === 'fail').length;
  const next = PHASES[audit.reached === null ? 0 : phaseRank(audit.reached) + 1];
  const head = audit.reached === null ? say('meetsNone') : say('meets', { phase: audit.reached });
  if (!next) return head;
  const n = failing(next);
  return say(n === 1 ? 'missingOne' : 'missingMany', { head, count: n, phase: next });
}

export function toJson(audit: Audit): string {
  const json = {
    phase: audit.phase,
    meets: audit.meets,
    reached: audit.reached,
    deliverable: audit.deliverable,
    deliverables: audit.deliverables,
    directory: audit.directory,
    scan: {
      source: audit.scan.source,
      files: audit.scan.files,
      complete: audit.scan.complete,
      limits: audit.scan.limits.map(({ limit, max, at }) => ({ limit, max, at })),
    },
    notes: audit.notes,
    checks: audit.checks.map(({ id, phase, title, status, detail, fix }) => ({ id, phase, title, status, detail, fix })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function row(c: CheckResult, idWidth: number, titleWidth: number): string {
  return `  ${MARK[c.status]} ${c.id.padEnd(idWidth)}  ${c.title.padEnd(titleWidth)}  ${oneLine(c.detail)}`.trimEnd();
}

export function toText(audit: Audit): string {
  const idWidth = Math.max(...audit.checks.map((c) => c.id.length));
  const titleWidth = Math.max(...audit.checks.map((c) => c.title.length));
  const out: string[] = [
    say('header', { directory: oneLine(audit.directory) }),
    say('context', {
      deliverable: audit.deliverables.join(' + '),
      deliverableSource: say(FROM[audit.deliverableSource]),
      phase: audit.phase,
      phaseSource: say(FROM[audit.phaseSource]),
    }),
    say('files', {
      count: audit.scan.files,
      how: say(audit.scan.source === 'git' ? 'listedByGit' : 'foundByScanning'),
      incomplete: audit.scan.complete ? '' : say('incomplete'),
    }),
    ...audit.notes.map((n) => say('note', { note: oneLine(n) })),
  ];
  for (const phase of PHASES) {
    out.push('', say(`phase_${phase}`));
    for (const c of audit.checks.filter((check) => check.phase === phase)) out.push(row(c, idWidth, titleWidth));
  }
  const warnings = audit.checks.filter((c) => c.status === 'warn' && phaseRank(c.phase) <= phaseRank(audit.phase)).length;
  out.push(
    '',
    `${summaryLine(audit)}${warnings > 0 ? say(warnings === 1 ? 'warningsOne' : 'warningsMany', { count: warnings }) : ''}`,
    say(audit.meets ? 'met' : 'notMet', { phase: audit.phase }),
  );
  const toFix = audit.checks.filter((c) => (c.status === 'fail' || c.status === 'warn') && phaseRank(c.phase) <= phaseRank(audit.phase));
  if (toFix.length > 0) {
    out.push('', say('fixes'));
    for (const c of toFix) out.push(say('fixLine', { mark: MARK[c.status], id: c.id, fix: oneLine(c.fix) }));
  }
  const beyond = PHASES.filter((p) => phaseRank(p) > phaseRank(audit.phase))
    .map((p) => ({ p, n: audit.checks.filter((c) => c.phase === p && c.status === 'fail').length }))
    .filter(({ n }) => n > 0);
  if (beyond.length > 0) {
    const next = beyond[0]?.p as Phase;
    out.push(
      '',
      say('beyond', { items: beyond.map(({ p, n }) => say(n === 1 ? 'itemsOne' : 'itemsMany', { count: n, phase: p })).join(', '), next }),
    );
  }
  return `${out.join('\n')}\n`;
}
