import { PHASES, phaseRank, type Phase } from '../core/domain.js';
import type { Audit, CheckResult, Source } from './audit.js';
import type { Status } from './check.js';

const MARK: Record<Status, string> = { pass: '✔', fail: '✘', warn: '!', skip: '-' };
const FROM: Record<Source, string> = {
  flag: 'from the command line',
  record: 'from .livrable.json',
  detected: 'detected from the code',
  default: 'default',
};

/** A path or detail on one line of the terminal, whatever bytes a file name holds. */
const oneLine = (text: string) =>
  text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const items = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;

/** "meets development; 3 production items missing" */
export function summaryLine(audit: Audit): string {
  const failing = (p: Phase) => audit.checks.filter((c) => c.phase === p && c.status === 'fail').length;
  const next = PHASES[audit.reached === null ? 0 : phaseRank(audit.reached) + 1];
  const head = audit.reached === null ? 'meets no phase yet' : `meets ${audit.reached}`;
  if (!next) return head;
  const n = failing(next);
  return `${head}; ${n} ${next} ${n === 1 ? 'item' : 'items'} missing`;
}

export function toJson(audit: Audit): string {
  const json = {
    phase: audit.phase,
    meets: audit.meets,
    reached: audit.reached,
    deliverable: audit.deliverable,
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
    `create-livrable doctor: ${oneLine(audit.directory)}`,
    `deliverable: ${audit.deliverable} (${FROM[audit.deliverableSource]}) · target phase: ${audit.phase} (${FROM[audit.phaseSource]})`,
    `files: ${audit.scan.files} (${audit.scan.source === 'git' ? 'listed by git' : 'found by scanning the working tree'}${audit.scan.complete ? '' : ', incomplete'})`,
    ...audit.notes.map((n) => `note: ${oneLine(n)}`),
  ];
  for (const phase of PHASES) {
    out.push('', capital(phase));
    for (const c of audit.checks.filter((check) => check.phase === phase)) out.push(row(c, idWidth, titleWidth));
  }
  const warnings = audit.checks.filter((c) => c.status === 'warn' && phaseRank(c.phase) <= phaseRank(audit.phase)).length;
  out.push(
    '',
    `${summaryLine(audit)}${warnings > 0 ? ` (${warnings} ${warnings === 1 ? 'warning' : 'warnings'})` : ''}`,
    `target ${audit.phase}: ${audit.meets ? 'met' : 'not met'}`,
  );
  const toFix = audit.checks.filter((c) => (c.status === 'fail' || c.status === 'warn') && phaseRank(c.phase) <= phaseRank(audit.phase));
  if (toFix.length > 0) {
    out.push('', 'Fixes:');
    for (const c of toFix) out.push(`  ${MARK[c.status]} ${c.id}: ${oneLine(c.fix)}`);
  }
  const beyond = PHASES.filter((p) => phaseRank(p) > phaseRank(audit.phase))
    .map((p) => ({ p, n: audit.checks.filter((c) => c.phase === p && c.status === 'fail').length }))
    .filter(({ n }) => n > 0);
  if (beyond.length > 0) {
    const next = beyond[0]?.p as Phase;
    out.push(
      '',
      `Beyond the target: ${beyond.map(({ p, n }) => `${items(n)} for ${p}`).join(', ')}; \`create-livrable doctor --phase ${next}\` lists their fixes.`,
    );
  }
  return `${out.join('\n')}\n`;
}
