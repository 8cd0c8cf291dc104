import path from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { CancelledError, EXIT, UserError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { addTarget, addToProject, describeAddition, type AddResult } from '../engine/add.js';
import { addDatasetToProject } from '../engine/add-dataset.js';
import type { Addition } from '../engine/addition-types.js';
import { ADDITION_KINDS, knownSteps } from '../engine/additions.js';
import { addDeliverableToProject } from '../engine/add-deliverable.js';
import { checkChoice } from '../core/answers.js';
import { checkDeliverableSet, DELIVERABLE_SETS, deliverablesOf, delivers } from '../core/deliverables.js';
import { DELIVERABLES, type Deliverable } from '../core/domain.js';
import { addSaid } from '../engine/add-messages.js';
import { MARKERS } from '../engine/merge.js';
import { plopRunner } from '../engine/plop-generators.js';
import { readRecord, ACTION_KINDS } from '../engine/upgrade.js';
import type { Runtime } from './runtime.js';

/** Written, but conflict blocks need resolving (as for upgrade). */
const EXIT_CONFLICTS = 3;

export function addHelpText(version: string): string {
  const sets = DELIVERABLE_SETS.map((set) => `${set.deliverables.join(' + ')} (${set.upTo})`).join(', ');
  return addSaid('help', { version, sets });
}

interface AddArgs {
  kind?: string;
  name?: string;
  directory: string;
  after?: string[];
  target?: string;
  dryRun: boolean;
  json: boolean;
  force: boolean;
  help: boolean;
}

export function parseAddArgs(argv: string[]): AddArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        after: { type: 'string', multiple: true },
        target: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional.*$/s, '.');
    throw new UserError(addSaid('seeHelp', { error: message }));
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  if (!help && positionals.length > 3) {
    throw new UserError(addSaid('tooManyWords', { count: positionals.length, given: positionals.join(' ') }));
  }
  if (!help && values.json && !values['dry-run']) throw new UserError(addSaid('jsonNeedsDryRun'));
  const after = values.after?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  return {
    kind: positionals[0],
    name: positionals[1],
    directory: positionals[2] ?? '.',
    ...(after ? { after } : {}),
    ...(values.target === undefined ? {} : { target: values.target }),
    dryRun: values['dry-run'] === true,
    json: values.json === true,
    force: values.force === true,
    help,
  };
}

type Kind = (typeof ADDITION_KINDS)[number];

/** The kinds that are not plop generators: they change the project's answers or data. */
const OTHER_KINDS = ['dataset', 'deliverable'] as const;

function checkKind(kind: string): Kind {
  if ((ADDITION_KINDS as readonly string[]).includes(kind)) return kind as Kind;
  const kinds = [...ADDITION_KINDS, ...OTHER_KINDS];
  throw new UserError(addSaid('unknownKind', { kind, kinds: kinds.join(', '), suggestion: didYouMean(kind, kinds) }));
}

function interactive(rt: Runtime): boolean {
  if (rt.env.CI && rt.env.CI !== 'false' && rt.env.CI !== '0') return false;
  return rt.stdin.isTTY === true;
}

type Clack = typeof import('@clack/prompts');

function unwrap<T>(prompts: Clack, value: T): Exclude<T, symbol> {
  if (prompts.isCancel(value) || typeof value === 'symbol') throw new CancelledError();
  return value as Exclude<T, symbol>;
}

/** What the command line left out: asked when a terminal is attached, an exit-2 error otherwise. */
async function complete(args: AddArgs, target: string, rt: Runtime): Promise<Addition> {
  const ask = interactive(rt);
  if (!ask && (!args.kind || !args.name)) {
    const missing = [...(args.kind ? [] : ['<kind>']), '<name>'];
    throw new UserError(addSaid('missingNonInteractive', { missing: missing.join(addSaid('and')), kinds: ADDITION_KINDS.join('|') }));
  }
  const prompts: Clack | undefined = ask ? await import('@clack/prompts') : undefined;
  const io = { input: rt.stdin, output: rt.stdout };
  let kind = args.kind;
  if (!kind && prompts) {
    const options = [
      { value: 'step', label: addSaid('kindStep') },
      { value: 'endpoint', label: addSaid('kindEndpoint') },
      { value: 'page', label: addSaid('kindPage') },
      { value: 'section', label: addSaid('kindSection') },
    ];
    kind = unwrap(prompts, await prompts.select({ ...io, message: addSaid('askKind'), options }));
  }
  const checked = checkKind(kind as string);
  if (checked !== 'step' && args.after) throw new UserError(addSaid('afterOnlyStep', { kind: checked }));
  let name = args.name;
  if (!name && prompts) {
    const rule = addSaid(({ step: 'ruleStep', endpoint: 'ruleEndpoint', page: 'ruleWords', section: 'ruleWords' } as const)[checked]);
    name = unwrap(prompts, await prompts.text({ ...io, message: addSaid('askName', { kind: checked, rule }) })).trim();
  }
  if (checked !== 'step') return { kind: checked, name: name as string };
  let after = args.after;
  if (!after && prompts) {
    const steps = [...knownSteps(readRecord(target).added ?? []).keys()];
    after = unwrap(
      prompts,
      await prompts.multiselect({ ...io, message: addSaid('askAfter'), options: steps.map((s) => ({ value: s, label: s })), required: false }),
    );
  }
  return { kind: 'step', name: name as string, after: after ?? [] };
}

function say(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

function report(result: AddResult, dryRun: boolean, cwd: string): string {
  const rel = path.relative(cwd, result.target);
  const where = rel === '' ? addSaid('thisFolder') : rel.startsWith('..') ? result.target : rel;
  const what = describeAddition(result.addition);
  const shown = result.actions.filter((a) => a.action !== 'keep');
  const width = Math.max(0, ...shown.map((a) => a.path.length));
  const counts = ACTION_KINDS.filter((k) => result.counts[k] > 0 && k !== 'keep').map((k) => `${result.counts[k]} ${k}`);
  const lines = [
    dryRun ? addSaid('dryRunHeader', { what, where }) : addSaid('added', { what, where }),
    '',
    ...shown.map((a) => `  ${a.action.padEnd(8)}  ${a.path.padEnd(width)}  ${a.reason}`),
    '',
    addSaid(dryRun ? 'would' : 'done', { counts: counts.join(', ') }),
  ];
  if (result.conflicts.length > 0) {
    lines.push('', addSaid('conflicts', { ours: MARKERS.ours, theirs: MARKERS.theirs }), ...result.conflicts.map((p) => `  ${p}`));
  }
  if (!dryRun) lines.push('', addSaid('nextSteps'), ...nextSteps(result), '  git add -A && git commit');
  return lines.join('\n');
}

/** `add dataset FILE --target COL [directory]`: the table read and inferred, then the project moved to it. */
async function runAddDataset(args: AddArgs, rt: Runtime): Promise<number> {
  if (!args.name) throw new UserError(addSaid('missingFile'));
  if (args.target === undefined || args.target === '') throw new UserError(addSaid('needsTarget'));
  if (args.after) throw new UserError(addSaid('afterNotDataset'));
  const target = addTarget(rt.cwd, args.directory);
  // Not a project is said before the file is read.
  readRecord(target);
  const { chooseDataset } = await import('./dataset.js');
  const { choice, line } = await chooseDataset(args.name, args.target, {
    cwd: rt.cwd,
    interactive: interactive(rt),
    io: { input: rt.stdin, output: rt.stdout },
    stderr: rt.stderr,
  });
  const result = addDatasetToProject(target, choice, { store: rt.store, generatorVersion: rt.version, dryRun: args.dryRun, force: args.force, env: rt.env });
  if (args.json) {
    const { actions, counts, conflicts } = result;
    say(rt.stdout, JSON.stringify({ target, dataset: choice.spec, actions, counts, conflicts }, null, 2));
    return EXIT.ok;
  }
  const shown = result.actions.filter((a) => a.action !== 'keep');
  const width = Math.max(0, ...shown.map((a) => a.path.length));
  const counts = ACTION_KINDS.filter((k) => result.counts[k] > 0 && k !== 'keep').map((k) => `${result.counts[k]} ${k}`);
  const lines = [
    args.dryRun ? addSaid('datasetDryRunHeader', { file: args.name }) : addSaid('datasetAdded', { file: args.name }),
    line,
    '',
    ...shown.map((a) => `  ${a.action.padEnd(8)}  ${a.path.padEnd(width)}  ${a.reason}`),
    '',
    addSaid(args.dryRun ? 'would' : 'done', { counts: counts.join(', ') || addSaid('nothingToChange') }),
  ];
  if (result.conflicts.length > 0) {
    lines.push('', addSaid('conflicts', { ours: MARKERS.ours, theirs: MARKERS.theirs }), ...result.conflicts.map((p) => `  ${p}`));
  }
  say(rt.stdout, lines.join('\n'));
  return result.conflicts.length > 0 && result.written ? EXIT_CONFLICTS : EXIT.ok;
}

/** `add deliverable <d> [directory]`: the project planned with one more deliverable, then moved to it. */
async function runAddDeliverable(args: AddArgs, rt: Runtime): Promise<number> {
  if (args.after || args.target !== undefined) throw new UserError(addSaid('deliverableNoOptions'));
  const target = addTarget(rt.cwd, args.directory);
  let name = args.name;
  if (name === undefined && interactive(rt)) {
    // Not a project is said before the question; with nothing to offer, the refusal below.
    const answers = readRecord(target).answers;
    const prompts = await import('@clack/prompts');
    // Only what would be accepted: a deliverable it lacks, in a set supported at its phase.
    const accepted = (d: Deliverable) => {
      try {
        checkDeliverableSet([...deliverablesOf(answers), d], answers.phase);
        return !delivers(answers, d);
      } catch {
        return false;
      }
    };
    const options = DELIVERABLES.filter(accepted).map((d) => ({ value: d, label: d }));
    if (options.length > 0) {
      name = unwrap(prompts, await prompts.select({ input: rt.stdin, output: rt.stdout, message: addSaid('askDeliverable'), options }));
    }
  }
  if (name === undefined) throw new UserError(addSaid('missingDeliverable', { choices: DELIVERABLES.join('|') }));
  const deliverable = checkChoice('deliverable', name) as Deliverable;
  if (deliverable.includes(',')) throw new UserError(addSaid('missingDeliverable', { choices: DELIVERABLES.join('|') }));
  const result = addDeliverableToProject(target, deliverable, {
    store: rt.store,
    generatorVersion: rt.version,
    dryRun: args.dryRun,
    force: args.force,
    env: rt.env,
  });
  if (args.json) {
    const { actions, counts, conflicts } = result;
    say(rt.stdout, JSON.stringify({ target, deliverable, actions, counts, conflicts }, null, 2));
    return EXIT.ok;
  }
  const shown = result.actions.filter((a) => a.action !== 'keep');
  const width = Math.max(0, ...shown.map((a) => a.path.length));
  const counts = ACTION_KINDS.filter((k) => result.counts[k] > 0 && k !== 'keep').map((k) => `${result.counts[k]} ${k}`);
  const lines = [
    args.dryRun ? addSaid('deliverableDryRunHeader', { deliverable }) : addSaid('deliverableAdded', { deliverable }),
    '',
    ...shown.map((a) => `  ${a.action.padEnd(8)}  ${a.path.padEnd(width)}  ${a.reason}`),
    '',
    addSaid(args.dryRun ? 'would' : 'done', { counts: counts.join(', ') }),
  ];
  if (result.conflicts.length > 0) {
    lines.push('', addSaid('conflicts', { ours: MARKERS.ours, theirs: MARKERS.theirs }), ...result.conflicts.map((p) => `  ${p}`));
  }
  if (!args.dryRun) {
    lines.push('', addSaid('nextSteps'), `  uv sync --all-groups && uv run pytest   ${addSaid('checkDeliverable')}`, '  git add -A && git commit');
  }
  say(rt.stdout, lines.join('\n'));
  return result.conflicts.length > 0 && result.written ? EXIT_CONFLICTS : EXIT.ok;
}

/** What to edit and run after an addition: the file its stub is in, and the check that runs it. */
function nextSteps(result: AddResult): string[] {
  const { addition } = result;
  switch (addition.kind) {
    case 'step':
      return [`  edit src/<package>/steps/${addition.name}.py   ${addSaid('editStep')}`, '  uv run python -m <package>.pipeline && uv run pytest'];
    case 'endpoint':
      return [`  edit src/<package>/endpoints/${addition.name}.py   ${addSaid('editEndpoint')}`, `  uv run pytest tests/test_endpoint_${addition.name}.py`];
    case 'section':
      return [`  edit report/_${addition.name}.qmd   ${addSaid('editSection')}`, '  uv run pytest tests/test_documents.py && quarto render report/report.qmd'];
    case 'page': {
      const appPage = result.actions.find((a) => a.action === 'create' && a.path.startsWith('app/pages/'))?.path;
      return appPage
        ? [`  edit ${appPage}   ${addSaid('editPage')}`, `  uv run pytest tests/test_page_${addition.name.replaceAll('-', '_')}.py`]
        : [`  edit website/${addition.name}.qmd   ${addSaid('editPage')}`, '  uv run pytest tests/test_documents.py && quarto preview website'];
    }
  }
}

export async function runAdd(argv: string[], rt: Runtime): Promise<number> {
  const args = parseAddArgs(argv);
  if (args.help) {
    say(rt.stdout, addHelpText(rt.version));
    return EXIT.ok;
  }
  if (args.kind === 'dataset') return runAddDataset(args, rt);
  if (args.kind === 'deliverable') return runAddDeliverable(args, rt);
  if (args.target !== undefined) throw new UserError(addSaid('targetOnlyDataset'));
  if (args.kind) checkKind(args.kind);
  const target = addTarget(rt.cwd, args.directory);
  const addition = await complete(args, target, rt);
  const result = await addToProject(target, addition, {
    store: rt.store,
    generatorVersion: rt.version,
    runner: await plopRunner(rt.store, addition.kind),
    dryRun: args.dryRun,
    force: args.force,
    env: rt.env,
  });
  if (args.json) {
    const { target: t, actions, counts, conflicts } = result;
    say(rt.stdout, JSON.stringify({ target: t, addition, actions, counts, conflicts }, null, 2));
    return EXIT.ok;
  }
  const answers = readRecord(result.target).answers;
  say(rt.stdout, report(result, args.dryRun, rt.cwd).replaceAll('<package>', answers.package));
  return result.conflicts.length > 0 && result.written ? EXIT_CONFLICTS : EXIT.ok;
}
