import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, UserError } from '../core/errors.js';
import { audit } from '../doctor/audit.js';
import { Repo } from '../doctor/repo.js';
import { toJson, toText } from '../doctor/report.js';
import { say } from '../doctor/messages.js';
import { t } from '../core/i18n.js';
import { DELIVERABLES, PHASES, type Deliverable, type Phase } from '../core/domain.js';
import type { Runtime } from './runtime.js';

/** 1 is an unexpected error and 2 a usage error in this CLI: a failed audit gets its own code. */
export const DOCTOR_EXIT = { ...EXIT, notMet: 3 } as const;

export function doctorHelp(): string {
  return say('help', { phases: PHASES.join(' | '), deliverables: DELIVERABLES.join(' | ') });
}

interface DoctorArgs {
  directory: string;
  phase?: Phase;
  deliverable?: Deliverable;
  json: boolean;
  help: boolean;
}

function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UserError(t('invalidChoice', { key: flag, value, source: '', suggestion: '', choices: allowed.join(', ') }));
  }
  return value as T;
}

export function parseDoctorArgs(argv: string[]): DoctorArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        phase: { type: 'string' },
        deliverable: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        // Read by main before any subcommand runs (the language speaks from the first word).
        lang: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UserError(say('usageError', { error: (error as Error).message }));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UserError(say('oneDirectory', { given: positionals.join(', ') }));
  return {
    directory: positionals[0] ?? '.',
    phase: choice('phase', values.phase, PHASES),
    deliverable: choice('deliverable', values.deliverable, DELIVERABLES),
    json: values.json ?? false,
    help: values.help ?? false,
  };
}

export async function runDoctor(argv: string[], rt: Runtime): Promise<number> {
  const args = parseDoctorArgs(argv);
  if (args.help) {
    rt.stdout.write(doctorHelp());
    return DOCTOR_EXIT.ok;
  }
  const root = path.resolve(rt.cwd, args.directory);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new UserError(say('missing', { root }));
  }
  if (!isDir) throw new UserError(say('notDirectory', { root }));
  const result = audit(new Repo(root, rt.env), { phase: args.phase, deliverable: args.deliverable });
  rt.stdout.write(args.json ? toJson(result) : toText(result));
  return result.meets ? DOCTOR_EXIT.ok : DOCTOR_EXIT.notMet;
}
