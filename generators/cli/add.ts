import path from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { CancelledError, EXIT, UserError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { addTarget, addToProject, describeAddition, type AddResult } from '../engine/add.js';
import { addDatasetToProject } from '../engine/add-dataset.js';
import type { Addition } from '../engine/addition-types.js';
import { ADDITION_KINDS, knownSteps, LATER_KINDS } from '../engine/additions.js';
import { MARKERS } from '../engine/merge.js';
import { plopRunner } from '../engine/plop-generators.js';
import { readRecord, ACTION_KINDS } from '../engine/upgrade.js';
import type { Runtime } from './runtime.js';

/** Written, but conflict blocks need resolving (as for upgrade). */
const EXIT_CONFLICTS = 3;

export function addHelpText(version: string): string {
  return `create-livrable ${version} add
Grow a generated project: the new files, the edits to the files that must know them, and the
record (.livrable.json "added"), so that a later \`upgrade\` keeps them.

Usage:
  create-livrable add step <name> [--after <step>…] [options] [directory]
  create-livrable add endpoint <name> [options] [directory]     (api)
  create-livrable add page <name> [options] [directory]         (website, app)
  create-livrable add section <name> [options] [directory]      (report)
  create-livrable add dataset <file> --target <column> [options] [directory]

Kinds:
  step <name>           a pipeline step: src/<package>/steps/<name>.py (a stub declaring NEEDS,
                        INPUTS, OUTPUTS and run(ctx)), its registration in pipeline.STEPS, its
                        task and artifacts in deploy/argo/workflow-template.yaml (production and
                        later; added by \`upgrade\` when the project gets there), and
                        tests/test_step_<name>.py. Names: lowercase letters and digits.
  endpoint <name>       API projects: src/<package>/endpoints/<name>.py (POST /<name>: an
                        APIRouter with its request and response models, documented in
                        /docs), its entry in endpoints.MODULES (the API installs that package
                        as one of its EXTENSIONS) and tests/test_endpoint_<name>.py.
                        Names: lowercase words joined by "_"; not a path of the API.
  page <name>           website projects: website/<name>.qmd (an executed cell, run by
                        tests/test_documents.py too) and its entry in the navbar of
                        website/_quarto.yml. App projects: app/pages/<n>_<Name>.py (a
                        Streamlit page, numbered in the order added) and
                        tests/test_page_<name, "-" as "_">.py (Streamlit's AppTest).
                        Names: lowercase words joined by "-".
  section <name>        report projects: report/_<name>.qmd (a section with an executed cell)
                        and its include line at the end of report/report.qmd.
                        Names: lowercase words joined by "-"; not data, model or figures.
  dataset <file>        your own table (CSV or Parquet) in place of the project's data: the
                        schema inferred as \`create-livrable --dataset\` does (shown to confirm or
                        correct in a terminal), the schema module and the sample rewritten,
                        and the dataset recorded so that \`upgrade\` keeps it. --target names the
                        column to predict.
  Not available yet: ${LATER_KINDS.join(', ')}, and --deliverable at creation.

Options:
  --after <step>        a step the new one needs (repeat, or separate with commas); its outputs
                        become the new step's inputs. Without it the step needs nothing.
  --target <column>     with \`add dataset\`: the column of the file to predict
  --dry-run             print what would change and write nothing
  --json                with --dry-run: {"target","addition","actions":[{"path","action","reason"}],"counts","conflicts"}
  --force               add even if the git work tree has uncommitted changes
  -h, --help            show this help

The directory defaults to the current one. A file you edited that the addition changes
(pipeline.py, the Argo manifest) is 3-way merged, your edits kept; the change is journaled
like an upgrade (\`create-livrable upgrade --resume | --rollback\` after a crash).
When a terminal is attached, what is missing (kind, name, needs) is asked.

Exit codes:
  0  added (or a dry run)
  1  unexpected error; the project is left as it was
  2  usage or validation error: unknown kind, a kind this deliverable has no use for, invalid
     or taken name (adding the same name twice included), unknown step in --after, a file in
     the way, not a generated project, uncommitted changes without --force; nothing is written
  3  added with conflicts: resolve the marked blocks in the files listed, then commit
  4  the change failed and could not be undone either; run upgrade --rollback (or --resume)
`;
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
    throw new UserError(`${message} Run \`create-livrable add --help\` to see the options.`);
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  if (!help && positionals.length > 3) {
    throw new UserError(`Expected add <kind> [name] [directory], got ${positionals.length} words: ${positionals.join(' ')}.`);
  }
  if (!help && values.json && !values['dry-run']) throw new UserError('--json goes with --dry-run.');
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

function checkKind(kind: string): Kind {
  if ((ADDITION_KINDS as readonly string[]).includes(kind)) return kind as Kind;
  if ((LATER_KINDS as readonly string[]).includes(kind)) {
    throw new UserError(`\`add ${kind}\` is not available yet: this version adds ${ADDITION_KINDS.join(', ')}.`);
  }
  throw new UserError(`Unknown kind "${kind}": this version adds ${ADDITION_KINDS.join(', ')}.${didYouMean(kind, [...ADDITION_KINDS, ...LATER_KINDS])}`);
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
    throw new UserError(
      `Missing ${missing.join(' and ')} in a non-interactive run: create-livrable add <${ADDITION_KINDS.join('|')}> <name> (see add --help).`,
    );
  }
  const prompts: Clack | undefined = ask ? await import('@clack/prompts') : undefined;
  const io = { input: rt.stdin, output: rt.stdout };
  let kind = args.kind;
  if (!kind && prompts) {
    const options = [
      { value: 'step', label: 'a pipeline step' },
      { value: 'endpoint', label: 'an API endpoint (api)' },
      { value: 'page', label: 'a page (website, app)' },
      { value: 'section', label: 'a report section (report)' },
    ];
    kind = unwrap(prompts, await prompts.select({ ...io, message: 'What to add?', options }));
  }
  const checked = checkKind(kind as string);
  if (checked !== 'step' && args.after) throw new UserError(`--after goes with \`add step\` (a ${checked} has no needs).`);
  let name = args.name;
  if (!name && prompts) {
    const rule = { step: 'lowercase letters and digits', endpoint: 'lowercase words joined by "_"', page: 'lowercase words joined by "-"', section: 'lowercase words joined by "-"' }[checked];
    name = unwrap(prompts, await prompts.text({ ...io, message: `Name of the ${checked} (${rule})?` })).trim();
  }
  if (checked !== 'step') return { kind: checked, name: name as string };
  let after = args.after;
  if (!after && prompts) {
    const steps = [...knownSteps(readRecord(target).added ?? []).keys()];
    after = unwrap(
      prompts,
      await prompts.multiselect({ ...io, message: 'Which steps must run before it? (its inputs are their outputs)', options: steps.map((s) => ({ value: s, label: s })), required: false }),
    );
  }
  return { kind: 'step', name: name as string, after: after ?? [] };
}

function say(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

function report(result: AddResult, dryRun: boolean, cwd: string): string {
  const rel = path.relative(cwd, result.target);
  const where = rel === '' ? 'this folder' : rel.startsWith('..') ? result.target : rel;
  const what = describeAddition(result.addition);
  const shown = result.actions.filter((a) => a.action !== 'keep');
  const width = Math.max(0, ...shown.map((a) => a.path.length));
  const counts = ACTION_KINDS.filter((k) => result.counts[k] > 0 && k !== 'keep').map((k) => `${result.counts[k]} ${k}`);
  const lines = [
    dryRun ? `Dry run: add ${what} in ${where} would do:` : `Added ${what} in ${where}.`,
    '',
    ...shown.map((a) => `  ${a.action.padEnd(8)}  ${a.path.padEnd(width)}  ${a.reason}`),
    '',
    `${dryRun ? 'Would' : 'Done'}: ${counts.join(', ')}.`,
  ];
  if (result.conflicts.length > 0) {
    lines.push('', `Conflicts: resolve the ${MARKERS.ours} … ${MARKERS.theirs} blocks in:`, ...result.conflicts.map((p) => `  ${p}`));
  }
  if (!dryRun) lines.push('', 'Next steps:', ...nextSteps(result), '  git add -A && git commit');
  return lines.join('\n');
}

/** `add dataset FILE --target COL [directory]`: the table read and inferred, then the project moved to it. */
async function runAddDataset(args: AddArgs, rt: Runtime): Promise<number> {
  if (!args.name) throw new UserError('Missing <file>: create-livrable add dataset <file> --target <column> [directory].');
  if (args.target === undefined || args.target === '') throw new UserError('`add dataset` needs --target: name the column to predict.');
  if (args.after) throw new UserError('--after goes with `add step`.');
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
    args.dryRun ? `Dry run: add dataset ${args.name} would do:` : `Added dataset ${args.name}.`,
    line,
    '',
    ...shown.map((a) => `  ${a.action.padEnd(8)}  ${a.path.padEnd(width)}  ${a.reason}`),
    '',
    `${args.dryRun ? 'Would' : 'Done'}: ${counts.join(', ') || 'nothing to change'}.`,
  ];
  if (result.conflicts.length > 0) {
    lines.push('', `Conflicts: resolve the ${MARKERS.ours} … ${MARKERS.theirs} blocks in:`, ...result.conflicts.map((p) => `  ${p}`));
  }
  say(rt.stdout, lines.join('\n'));
  return result.conflicts.length > 0 && result.written ? EXIT_CONFLICTS : EXIT.ok;
}

/** What to edit and run after an addition: the file its stub is in, and the check that runs it. */
function nextSteps(result: AddResult): string[] {
  const { addition } = result;
  switch (addition.kind) {
    case 'step':
      return [`  edit src/<package>/steps/${addition.name}.py   the stub: its work, its INPUTS and OUTPUTS`, '  uv run python -m <package>.pipeline && uv run pytest'];
    case 'endpoint':
      return [`  edit src/<package>/endpoints/${addition.name}.py   the stub: its models and its answer`, `  uv run pytest tests/test_endpoint_${addition.name}.py`];
    case 'section':
      return [`  edit report/_${addition.name}.qmd   what the section shows`, '  uv run pytest tests/test_documents.py && quarto render report/report.qmd'];
    case 'page': {
      const appPage = result.actions.find((a) => a.action === 'create' && a.path.startsWith('app/pages/'))?.path;
      return appPage
        ? [`  edit ${appPage}   what the page shows`, `  uv run pytest tests/test_page_${addition.name.replaceAll('-', '_')}.py`]
        : [`  edit website/${addition.name}.qmd   what the page shows`, '  uv run pytest tests/test_documents.py && quarto preview website'];
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
  if (args.target !== undefined) throw new UserError('--target goes with `add dataset`.');
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
