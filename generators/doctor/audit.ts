import { PHASES, phaseRank, type Deliverable, type Phase } from '../core/domain.js';
import type { Check, Context, Status } from './check.js';
import { DEVELOPMENT_CHECKS } from './development.js';
import { MAINTENANCE_CHECKS } from './maintenance.js';
import { PRODUCTION_CHECKS } from './production.js';
import { contentScan, incompleteScan, largeFilesNote } from './content.js';
import { SCAN_LIMITS, type Repo, type ScanInfo } from './repo.js';
import { parseYaml, pythonFiles } from './scan.js';
import { checkText, say } from './messages.js';

/** The whole checklist, in phase order. Phases are cumulative: meeting one means meeting those before. */
export const CHECKS: readonly Check[] = [...DEVELOPMENT_CHECKS, ...PRODUCTION_CHECKS, ...MAINTENANCE_CHECKS];

export interface CheckResult {
  id: string;
  phase: Phase;
  title: string;
  status: Status;
  detail: string;
  fix: string;
}

export type Source = 'flag' | 'record' | 'detected' | 'default';

export interface Audit {
  directory: string;
  phase: Phase;
  phaseSource: Source;
  deliverable: Deliverable;
  /** Every deliverable audited, the primary first: the record's extra ones too, a flag's one alone. */
  deliverables: Deliverable[];
  deliverableSource: Source;
  meets: boolean;
  /** The highest phase whose required checks (and those of the phases before) all pass. */
  reached: Phase | null;
  checks: CheckResult[];
  /** How the files were listed, and the limits that stopped the scan (see SCAN_LIMITS). */
  scan: ScanInfo & { complete: boolean; limits: { limit: string; max: number; at: string }[] };
  /** What the reader should know about the audit itself: links not followed, limits reached. */
  notes: string[];
}

/** api/app from the web framework in the code, report/website from the Quarto project. */
export function detectDeliverable(repo: Repo): Deliverable | undefined {
  for (const dir of ['', ...repo.list('').filter((n) => !n.startsWith('.') && repo.isDir(n))]) {
    const quarto = repo.readText(dir ? `${dir}/_quarto.yml` : '_quarto.yml');
    if (quarto === undefined) continue;
    const { docs, error, skipped } = parseYaml(quarto);
    const type = (docs[0] as { project?: { type?: unknown } } | undefined)?.project?.type;
    const parsed = error === undefined && skipped === undefined;
    const website = parsed ? type === 'website' : /^[ \t]*type:[ \t]*["']?website/m.test(quarto);
    return website ? 'website' : 'report';
  }
  const code = pythonFiles(repo).map((f) => f.text).join('\n');
  const imports = (names: string) => new RegExp(`^[ \\t]*(?:from|import)[ \\t]+(?:${names})\\b`, 'm').test(code);
  if (imports('streamlit|dash|gradio|shiny')) return 'app';
  if (imports('fastapi|flask|litestar|django')) return 'api';
  return undefined;
}

function resultOf(check: Check, ctx: Context): CheckResult {
  const text = checkText(check);
  const base = { id: check.id, phase: check.phase, title: text.title };
  // A check of one deliverable applies when any deliverable of the project is one it is for: an
  // API with a website beside it must publish the website as a website project would.
  const applies = check.deliverables?.some((d) => ctx.deliverables.includes(d)) ?? true;
  if (!applies) {
    return { ...base, status: 'skip', detail: say('doesNotApply', { deliverable: ctx.deliverables.join('+') }), fix: '' };
  }
  let outcome;
  try {
    outcome = check.check(ctx);
  } catch (error) {
    // One unreadable file must not hide the rest of the report.
    outcome = { status: 'fail' as const, detail: say('couldNotCheck', { error: (error as Error).message }) };
  }
  const status: Status = outcome.status === 'fail' && check.advisory ? 'warn' : outcome.status;
  let fix = '';
  if (status === 'fail' || status === 'warn') {
    const recorded = ctx.repo.record?.phase;
    const upgrade = check.phase !== 'development' && recorded && phaseRank(recorded) < phaseRank(check.phase);
    const change = outcome.fix ?? text.fix;
    fix = upgrade && outcome.fix === undefined
      ? say('runUpgrade', { phase: check.phase, change })
      : change;
  }
  return { ...base, status, detail: outcome.detail, fix };
}

export function meetsPhase(checks: readonly CheckResult[], phase: Phase): boolean {
  return checks.every((c) => phaseRank(c.phase) > phaseRank(phase) || c.status !== 'fail');
}

export interface AuditOptions {
  phase?: Phase;
  deliverable?: Deliverable;
}

export function audit(repo: Repo, options: AuditOptions = {}): Audit {
  const notes: string[] = [];
  if (repo.recordError) notes.push(repo.recordError);
  const [phase, phaseSource]: [Phase, Source] = options.phase
    ? [options.phase, 'flag']
    : repo.record?.phase
      ? [repo.record.phase, 'record']
      : ['development', 'default'];
  let deliverable: Deliverable;
  let deliverableSource: Source;
  const detected = options.deliverable || repo.record?.deliverable ? undefined : detectDeliverable(repo);
  if (options.deliverable) [deliverable, deliverableSource] = [options.deliverable, 'flag'];
  else if (repo.record?.deliverable) [deliverable, deliverableSource] = [repo.record.deliverable, 'record'];
  else if (detected) [deliverable, deliverableSource] = [detected, 'detected'];
  else [deliverable, deliverableSource] = ['api', 'default'];
  // A flag audits as that deliverable alone; the record's extra deliverables are audited too.
  const deliverables = deliverableSource === 'record' ? [deliverable, ...(repo.record?.extraDeliverables ?? [])] : [deliverable];
  const checks = CHECKS.map((check) => resultOf(check, { repo, deliverable, deliverables }));
  const met = PHASES.filter((p) => meetsPhase(checks, p));
  // Cumulative: a phase counts as reached only when every phase before it is met too.
  let reached: Phase | null = null;
  for (const p of PHASES) {
    if (!met.includes(p)) break;
    reached = p;
  }
  // After the checks: they are what meets the links and the limits.
  const incomplete = incompleteScan(repo);
  const { firstUnread } = contentScan(repo);
  if (incomplete) notes.push(say('scan_incomplete', { reasons: incomplete }));
  const large = largeFilesNote(repo);
  if (large) notes.push(large);
  for (const [link, why] of repo.refusedLinks) notes.push(say('scan_linkNotRead', { link, why }));
  return {
    directory: repo.root,
    phase,
    phaseSource,
    deliverable,
    deliverables,
    deliverableSource,
    meets: meetsPhase(checks, phase),
    reached,
    checks,
    scan: {
      ...repo.scan,
      complete: incomplete === undefined,
      limits: [
        ...repo.scan.reached,
        ...(firstUnread ? [{ limit: 'text-bytes', max: SCAN_LIMITS.maxContentBytes, at: firstUnread }] : []),
      ],
    },
    notes,
  };
}
