import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, UserError } from '../core/errors.js';
import { audit } from '../doctor/audit.js';
import { Repo } from '../doctor/repo.js';
import { toJson, toText } from '../doctor/report.js';
import { DELIVERABLES, PHASES, type Deliverable, type Phase } from '../core/domain.js';
import type { Runtime } from './runtime.js';

/** 1 is an unexpected error and 2 a usage error in this CLI: a failed audit gets its own code. */
export const DOCTOR_EXIT = { ...EXIT, notMet: 3 } as const;

export function doctorHelp(): string {
  return `Usage: create-livrable doctor [directory] [options]

Audit a repository, generated or not, against the course checklist and the checklist of each
phase (development, production, maintenance). Read-only: it never writes.

Options:
  --phase <phase>          ${PHASES.join(' | ')}
                           (default: the phase in .livrable.json, else development)
  --deliverable <kind>     ${DELIVERABLES.join(' | ')}
                           (default: .livrable.json, else detected from the code, else api)
  --json                   {"phase","meets","reached","deliverable","directory",
                            "scan":{"source","files","complete","limits"},"notes",
                            "checks":[{"id","phase","title","status","detail","fix"}]}
  -h, --help               show this help

Each check passes (✔), fails (✘), warns (!: advisory, or cannot vouch for its answer,
e.g. a scan stopped at a limit) or does not apply (-).
The repository meets a phase when every non-advisory check of that phase and of the
phases before it passes.

Exit codes:
  0  the repository meets the target phase
  1  unexpected error (one line; the stack trace with DEBUG=1)
  2  usage error: unknown option, bad --phase or --deliverable, directory missing
  3  the repository does not meet the target phase
`;
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
    throw new UserError(`Invalid --${flag} "${value}". Choose one of: ${allowed.join(', ')}.`);
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
      },
    });
  } catch (error) {
    throw new UserError(`doctor: ${(error as Error).message} (see \`create-livrable doctor --help\`)`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UserError(`doctor audits one directory; got ${positionals.join(', ')}.`);
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
    throw new UserError(`doctor: ${root} does not exist.`);
  }
  if (!isDir) throw new UserError(`doctor: ${root} is not a directory.`);
  const result = audit(new Repo(root, rt.env), { phase: args.phase, deliverable: args.deliverable });
  rt.stdout.write(args.json ? toJson(result) : toText(result));
  return result.meets ? DOCTOR_EXIT.ok : DOCTOR_EXIT.notMet;
}
