import type { Answers } from '../core/answers.js';
import { addSaid } from './add-messages.js';
import type { Addition, AdditionAction, EditName, PageAddition, StepAddition } from './addition-types.js';
import { UserError } from '../core/errors.js';
import { delivers } from '../core/deliverables.js';
import {
  appPageActions,
  checkAppPage,
  checkEndpoint,
  checkSection,
  endpointActions,
  includeSection,
  registerEndpoint,
  requireDeliverable,
  sectionActions,
  titleOf,
  WORDS_NAME,
} from './addition-kinds.js';
import { LAYERS, selectLayers } from './layers.js';
import { plan, type PlannedFile, type PlanOptions } from './plan.js';
import { recordContent, RECORD_PATH } from './record.js';
import { printable } from './safe-path.js';
import type { TemplateStore } from './store.js';

/**
 * What `create-livrable add` grows a project with, as data. The record keeps the list
 * (`.livrable.json` → "added"), so the plan of a project is plan(answers) + its additions, for
 * `add` itself (the 3-way merge needs the plan before and after) and for every later `upgrade`
 * (a step added at development gets its Argo task when the project reaches production).
 *
 * Each addition is a list of actions on the planned files: render a template to a new path, or
 * edit a planned file's bytes at an anchor. `add` runs them as a plop generator
 * (engine/plop-generators.ts); `upgrade` replays them with `applyActions`, without plop.
 */

/** The kinds `add` runs as plop generators (`dataset` and `deliverable` change the answers or data: cli/add.ts). */
export const ADDITION_KINDS = ['step', 'page', 'endpoint', 'section'] as const;

export type { AdditionAction };

// ── steps ───────────────────────────────────────────────────────────────────────────────────────

interface Artifact {
  /** Relative to OUTPUT_DIR. */
  path: string;
  /** The Argo artifact name. */
  artifact: string;
}

/**
 * The generated pipeline's own steps and what they write (templates/base/src/__package__/pipeline.py
 * and deploy/argo/workflow-template.yaml; test/additions.test.ts holds this table to both).
 */
export const BASE_STEPS: Readonly<Record<string, readonly Artifact[]>> = {
  ingest: [{ path: 'data/raw.parquet', artifact: 'raw' }],
  validate: [{ path: 'data/validation.json', artifact: 'validation' }],
  split: [
    { path: 'data/train.parquet', artifact: 'train' },
    { path: 'data/test.parquet', artifact: 'test' },
  ],
  train: [
    { path: 'model/model.skops', artifact: 'model' },
    { path: 'model/metadata.json', artifact: 'metadata' },
  ],
  evaluate: [{ path: 'metrics/metrics.json', artifact: 'metrics' }],
};

/** Names a step cannot take: the Argo templates of the pipeline that are not steps, Python keywords. */
const RESERVED_STEP_NAMES = new Set([
  'pipeline',
  'track',
  'steps',
  ...'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
]);

/** Lowercase letters and digits: a Python module name and an Argo task name at once. */
const STEP_NAME = /^[a-z][a-z0-9]{0,39}$/;

export function stepOutput(name: string): Artifact {
  return { path: `steps/${name}.json`, artifact: `${name}-output` };
}

/** Every step of the project (base and added, in order) with its outputs. */
export function knownSteps(additions: readonly Addition[]): Map<string, readonly Artifact[]> {
  const steps = new Map(Object.entries(BASE_STEPS));
  for (const a of additions) if (a.kind === 'step') steps.set(a.name, [stepOutput(a.name)]);
  return steps;
}

/** Refusals for a step name and its needs, one line each (UserError: exit 2). */
export function checkStep(name: string, after: readonly string[], existing: readonly Addition[]): void {
  const steps = knownSteps(existing);
  if (!STEP_NAME.test(name)) {
    throw new UserError(addSaid('badStepName', { name: printable(name) }));
  }
  if (RESERVED_STEP_NAMES.has(name)) throw new UserError(addSaid('reservedStep', { name }));
  if (steps.has(name)) throw new UserError(addSaid('stepTaken', { name }));
  for (const need of after) {
    if (!steps.has(need)) {
      throw new UserError(addSaid('unknownNeed', { name: printable(need), steps: [...steps.keys()].join(', ') }));
    }
  }
  if (new Set(after).size !== after.length) throw new UserError(addSaid('needTwice', { names: after.map(printable).join(', ') }));
}

/** Template data of one step: what its stub declares and its Argo task passes. */
function stepData(step: StepAddition, answers: Answers, before: readonly Addition[]) {
  const steps = knownSteps(before);
  const inputs = step.after.flatMap((need) =>
    (steps.get(need) ?? []).map((a) => ({
      ...a,
      producer: need,
      source: `{{tasks.${need}.outputs.artifacts.${a.artifact}}}`,
    })),
  );
  const output = stepOutput(step.name);
  // As ruff format writes them: one item inline (its comma is not a "magic" one), more exploded.
  const tuple = (items: string[]) =>
    items.length < 2
      ? `(${items.map((i) => `${JSON.stringify(i)},`).join('')})`
      : `(\n${items.map((i) => `    ${JSON.stringify(i)},\n`).join('')})`;
  return {
    package: answers.package,
    name: step.name,
    needs: step.after,
    needsList: step.after.join(', '),
    needsTuple: tuple(step.after),
    inputs,
    inputsTuple: tuple(inputs.map((i) => i.path)),
    output: output.path,
    outputArtifact: output.artifact,
  };
}

const STEP_TEMPLATES = 'add/step';

function stepActions(step: StepAddition, answers: Answers, before: readonly Addition[]): AdditionAction[] {
  const data = stepData(step, answers, before);
  const src = `src/${answers.package}`;
  const layer = `step ${step.name}`;
  return [
    { type: 'livrable-render', path: `${src}/steps/__init__.py`, template: `${STEP_TEMPLATES}/src/__package__/steps/__init__.py`, data, layer },
    { type: 'livrable-render', path: `${src}/steps/${step.name}.py`, template: `${STEP_TEMPLATES}/src/__package__/steps/__step__.py.hbs`, data, layer },
    { type: 'livrable-render', path: `tests/test_step_${step.name}.py`, template: `${STEP_TEMPLATES}/tests/test_step___step__.py.hbs`, data, layer },
    { type: 'livrable-edit', path: `${src}/pipeline.py`, edit: 'register-step', data },
    { type: 'livrable-edit', path: 'deploy/argo/workflow-template.yaml', edit: 'argo-step', data, optional: true },
  ];
}

// ── pages (website) ─────────────────────────────────────────────────────────────────────────────

/** The website's own pages (templates/deliverable/website/website/). */
const BASE_PAGES = ['index', 'data-card', 'model-card', 'results'];

/** A website page (a .qmd in the navbar) or an app page (a Streamlit script in app/pages/). */
export function checkPage(name: string, answers: Answers, existing: readonly Addition[]): void {
  requireDeliverable('page', answers, ['website', 'app'], 'whatPage');
  if (delivers(answers, 'app')) {
    checkAppPage(name, existing);
    return;
  }
  if (!WORDS_NAME.test(name) || name.length > 40) {
    throw new UserError(addSaid('badWebsitePage', { name: printable(name) }));
  }
  // With an API, the website has a page that calls it (the website-api layer).
  const own = delivers(answers, 'api') ? [...BASE_PAGES, 'api'] : BASE_PAGES;
  const pages = [...own, ...existing.filter((a) => a.kind === 'page').map((a) => a.name)];
  if (pages.includes(name)) throw new UserError(addSaid('websitePageTaken', { name }));
}

function pageActions(page: PageAddition, answers: Answers, before: readonly Addition[]): AdditionAction[] {
  if (delivers(answers, 'app')) return appPageActions(page, answers, before);
  const data = { package: answers.package, name: page.name, title: titleOf(page.name) };
  const layer = `page ${page.name}`;
  return [
    { type: 'livrable-render', path: `website/${page.name}.qmd`, template: 'add/page/website/__page__.qmd.hbs', data, layer },
    { type: 'livrable-edit', path: 'website/_quarto.yml', edit: 'navbar-page', data },
  ];
}

/** "step features --after validate": the addition as the command line names it. */
export function describeAddition(addition: Addition): string {
  const after = addition.kind === 'step' && addition.after.length > 0 ? ` --after ${addition.after.join(' ')}` : '';
  return `${addition.kind} ${addition.name}${after}`;
}

/** Refusals for an addition, given the project's answers and what was added before (exit 2). */
export function checkAddition(addition: Addition, answers: Answers, existing: readonly Addition[]): void {
  switch (addition.kind) {
    case 'step':
      checkStep(addition.name, addition.after, existing);
      break;
    case 'page':
      checkPage(addition.name, answers, existing);
      break;
    case 'endpoint':
      checkEndpoint(addition.name, answers, existing);
      break;
    case 'section':
      checkSection(addition.name, answers, existing);
      break;
  }
}

/** The actions of one addition, given the additions made before it (their steps can be needed). */
export function actionsFor(addition: Addition, answers: Answers, before: readonly Addition[]): AdditionAction[] {
  switch (addition.kind) {
    case 'step':
      return stepActions(addition, answers, before);
    case 'page':
      return pageActions(addition, answers, before);
    case 'endpoint':
      return endpointActions(addition, answers);
    case 'section':
      return sectionActions(addition, answers);
  }
}

/** The new files an addition writes (a name collision with a file on disk is refused). */
export function newPaths(actions: readonly AdditionAction[]): string[] {
  return actions.filter((a) => a.type === 'livrable-render' && !a.path.endsWith('__init__.py') && !a.once).map((a) => a.path);
}

// ── edits: pure functions of a planned file's text ──────────────────────────────────────────────

function anchorError(path: string, what: string): Error {
  // Edits run on the planned (generated) bytes, never on the user's: a missing anchor is ours.
  return new Error(`${path}: cannot find ${what} in the generated file.`);
}

function render(store: TemplateStore, template: string, data: object): string {
  return template.endsWith('.hbs') ? store.render(template, data).toString('utf8') : store.read(template).toString('utf8');
}

// biome-ignore lint/suspicious/noExplicitAny: each edit reads the data its own actions built
type Edit = (text: string, path: string, data: any, store: TemplateStore) => string;

const STEP_IMPORT = 'from .steps import ';
/** The generated projects' ruff line length (pyproject.toml): a longer import is wrapped as ruff wraps it. */
const LINE_LENGTH = 100;

/** The step imports of pipeline.py: each statement's step name and its lines [start, end). */
function stepImports(lines: readonly string[]): { name: string; start: number; end: number }[] {
  const found: { name: string; start: number; end: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.startsWith(STEP_IMPORT)) continue;
    const member = line.slice(STEP_IMPORT.length);
    if (member !== '(') {
      found.push({ name: member.split(' ')[0] ?? '', start: i, end: i + 1 });
      continue;
    }
    // A wrapped import (a long step name): `from .steps import (`, the member, `)`.
    const close = lines.indexOf(')', i);
    found.push({ name: (lines[i + 1] ?? '').trim().split(' ')[0] ?? '', start: i, end: close < 0 ? i + 1 : close + 1 });
  }
  return found;
}

/** pipeline.py: import the step's module (sorted and wrapped as ruff's isort does) and append it to STEPS. */
const registerStep: Edit = (text, path, data, store) => {
  const importLine = render(store, `${STEP_TEMPLATES}/_edits/pipeline-import.py.hbs`, data).trimEnd();
  const name = String(data.name);
  const statement =
    importLine.length <= LINE_LENGTH ? importLine : `${STEP_IMPORT}(\n    ${importLine.slice(STEP_IMPORT.length)},\n)`;
  const lines = text.split('\n');
  const imports = stepImports(lines);
  let at: number;
  const later = imports.find((i) => i.name > name);
  if (later) at = later.start;
  else if (imports.length > 0) at = imports.at(-1)?.end ?? 0;
  else {
    at = lines.findIndex((l) => l.startsWith('from .validation import'));
    if (at < 0) throw anchorError(path, 'the `from .validation import` line');
  }
  lines.splice(at, 0, statement);
  const withImport = lines.join('\n');
  const close = '\n]\ncheck_graph(STEPS)\n';
  const end = withImport.indexOf(close);
  if (end < 0) throw anchorError(path, 'the end of the STEPS list');
  const entry = render(store, `${STEP_TEMPLATES}/_edits/pipeline-step.py.hbs`, data);
  return `${withImport.slice(0, end + 1)}${entry}${withImport.slice(end + 1)}`;
};

/** workflow-template.yaml: the step's task at the end of the pipeline's DAG, its template after the last step's. */
const argoStep: Edit = (text, path, data, store) => {
  const dag = '    - name: pipeline\n      dag:\n        tasks:\n';
  const start = text.indexOf(dag);
  if (start < 0) throw anchorError(path, 'the pipeline DAG');
  const tasksEnd = text.indexOf('\n\n', start);
  if (tasksEnd < 0) throw anchorError(path, 'the end of the pipeline DAG');
  const task = render(store, `${STEP_TEMPLATES}/_edits/argo-task.yaml.hbs`, data);
  const withTask = `${text.slice(0, tasksEnd + 1)}${task}${text.slice(tasksEnd + 1)}`;
  const exitHandler = withTask.indexOf('\n    - name: exit-handler\n');
  if (exitHandler < 0) throw anchorError(path, 'the exit handler');
  // Before the exit handler's comment too, whatever its language: it describes the handler.
  const lines = withTask.slice(0, exitHandler + 1).split('\n');
  let commented = lines.length - 1;
  while (commented > 0 && lines[commented - 1]?.startsWith('    #')) commented--;
  const at = lines.slice(0, commented).join('\n').length + (commented > 0 ? 1 : 0);
  const template = render(store, `${STEP_TEMPLATES}/_edits/argo-template.yaml.hbs`, data);
  return renderAfterLastSteps(`${withTask.slice(0, at)}${template}${withTask.slice(at)}`, data);
};

/** The render task of a report or website (not a step: the DAG's last task, after every last step). */
const RENDER_DEPENDENCIES = /^( {10}- name: render\n {12}template: render\n {12}dependencies: \[)([^\]\n]*)(\])$/m;

/**
 * A new step is one of the pipeline's last steps (nothing needs it yet), and the steps it needs no
 * longer are: the render task, which must run after all the last steps (the project's own
 * tests/test_deploy.py holds it to that), waits for it instead of them. No render task: unchanged.
 */
function renderAfterLastSteps(text: string, data: { name: string; needs: readonly string[] }): string {
  return text.replace(RENDER_DEPENDENCIES, (_all, head: string, list: string, tail: string) => {
    const kept = list.split(',').map((d) => d.trim()).filter((d) => d !== '' && !data.needs.includes(d));
    return `${head}${[...kept, data.name].join(', ')}${tail}`;
  });
}

/** _quarto.yml: the page's entry at the end of the navbar's left menu. */
const navbarPage: Edit = (text, path, data, store) => {
  const start = text.indexOf('\n  navbar:\n    left:\n');
  const end = start < 0 ? -1 : text.indexOf('\n  page-footer:', start);
  if (end < 0) throw anchorError(path, 'the navbar followed by page-footer');
  return `${text.slice(0, end + 1)}${render(store, 'add/page/_edits/navbar-entry.yml.hbs', data)}${text.slice(end + 1)}`;
};

const EDITS: Record<EditName, Edit> = {
  'register-step': registerStep,
  'argo-step': argoStep,
  'navbar-page': navbarPage,
  'register-endpoint': (text, path, data, store) => registerEndpoint(text, path, data, store, render, anchorError),
  'include-section': (text, path, data, store) => includeSection(text, path, data, store, render, anchorError),
};

// ── running actions ─────────────────────────────────────────────────────────────────────────────

/**
 * Run one action on the planned files (path → file), in place. The one implementation behind
 * both plop's custom action types and the replay: the bytes cannot differ between `add` and
 * `upgrade`. Returns the path it wrote, or undefined when an optional file is not planned.
 */
export function applyAction(files: Map<string, PlannedFile>, action: AdditionAction, store: TemplateStore): string | undefined {
  if (action.type === 'livrable-render') {
    const previous = files.get(action.path);
    if (previous && action.once) return action.path;
    const content = Buffer.from(render(store, action.template, action.data), 'utf8');
    if (previous && !previous.content.equals(content)) throw new Error(`${action.path} is already planned with other content.`);
    files.set(action.path, { path: action.path, layer: action.layer, template: action.template, content, executable: false });
    return action.path;
  }
  const file = files.get(action.path);
  if (!file) {
    if (action.optional) return undefined;
    throw new Error(`${action.path} is not in the plan: cannot edit it.`);
  }
  const text = EDITS[action.edit](file.content.toString('utf8'), action.path, action.data, store);
  files.set(action.path, { ...file, content: Buffer.from(text, 'utf8') });
  return action.path;
}

/** Runs an addition's actions on the planned files; `add` passes plop's generator, `upgrade` the replay. */
export type ActionRunner = (files: Map<string, PlannedFile>, actions: AdditionAction[]) => Promise<void> | void;

/** Every recorded addition, in order, without plop (each sees the steps added before it). */
function replay(files: Map<string, PlannedFile>, answers: Answers, additions: readonly Addition[], store: TemplateStore): void {
  for (const [i, addition] of additions.entries()) {
    for (const action of actionsFor(addition, answers, additions.slice(0, i))) applyAction(files, action, store);
  }
}

function sortedWithRecord(
  files: Map<string, PlannedFile>,
  answers: Answers,
  additions: readonly Addition[],
  options: PlanOptions,
): PlannedFile[] {
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const layers = selectLayers(answers, options.layers ?? LAYERS).map((l) => l.id);
  const content = recordContent(answers, layers, options.generatorVersion, sorted, additions, options.dataset?.spec);
  return [...sorted, { path: RECORD_PATH, layer: 'record', template: '', content, executable: false }];
}

function basePlan(answers: Answers, options: PlanOptions): Map<string, PlannedFile> {
  return new Map(plan(answers, options).filter((f) => f.path !== RECORD_PATH).map((f) => [f.path, f]));
}

/** plan(answers) grown by the recorded additions, in order; the record lists them. Synchronous: no plop. */
export function planWithAdditions(answers: Answers, additions: readonly Addition[], options: PlanOptions): PlannedFile[] {
  if (additions.length === 0) return plan(answers, options);
  const files = basePlan(answers, options);
  replay(files, answers, additions, options.store);
  return sortedWithRecord(files, answers, additions, options);
}

/** The plan with one more addition, its actions run by `runner` (plop's generator in `add`). */
export async function planWithNewAddition(
  answers: Answers,
  recorded: readonly Addition[],
  addition: Addition,
  options: PlanOptions,
  runner: ActionRunner,
): Promise<PlannedFile[]> {
  const files = basePlan(answers, options);
  replay(files, answers, recorded, options.store);
  await runner(files, actionsFor(addition, answers, recorded));
  return sortedWithRecord(files, answers, [...recorded, addition], options);
}

// ── the record ──────────────────────────────────────────────────────────────────────────────────

/** The record's "added" list, checked as strictly as a command line: it names files and code. */
export function validateAdditions(raw: unknown, answers: Answers, where: string): Addition[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new UserError(addSaid('addedNotList', { where }));
  const additions: Addition[] = [];
  const kinds: readonly unknown[] = ADDITION_KINDS;
  for (const item of raw) {
    const entry = item as Record<string, unknown>;
    if (typeof item !== 'object' || item === null || !kinds.includes(entry.kind) || typeof entry.name !== 'string') {
      throw new UserError(addSaid('addedBadEntry', { where, shape: `{"kind": ${ADDITION_KINDS.map((k) => `"${k}"`).join(' | ')}, "name", …}` }));
    }
    const kind = entry.kind as (typeof ADDITION_KINDS)[number];
    let addition: Addition;
    if (kind === 'step') {
      const after = entry.after;
      if (!Array.isArray(after) || !after.every((s) => typeof s === 'string')) {
        throw new UserError(addSaid('addedNoAfter', { where, name: entry.name }));
      }
      addition = { kind, name: entry.name, after: [...after] };
    } else {
      addition = { kind, name: entry.name };
    }
    try {
      checkAddition(addition, answers, additions);
    } catch (error) {
      throw new UserError(addSaid('addedCorrupt', { where, error: (error as Error).message }));
    }
    additions.push(addition);
  }
  return additions;
}
