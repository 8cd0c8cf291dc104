import type { Answers } from '../core/answers.js';
import { addSaid, type AddMessageKey } from './add-messages.js';
import { delivers } from '../core/deliverables.js';
import { UserError } from '../core/errors.js';
import { PYTHON_KEYWORDS } from '../core/python-names.js';
import type { Addition, AdditionAction, EndpointAddition, PageAddition, SectionAddition } from './addition-types.js';
import { variantPath } from './paths.js';
import { printable } from './safe-path.js';
import type { TemplateStore } from './store.js';

/**
 * The additions that extend what a project delivers, one per deliverable: an endpoint of an API,
 * a Streamlit page of an app, a section of a report (the website's page and the pipeline's step
 * are in engine/additions.ts). Each is a name check, a list of actions, and the edits those
 * actions make; all are data for engine/additions.ts, which runs and replays them.
 */

const DELIVERS = { api: 'deliversApi', app: 'deliversApp', report: 'deliversReport', website: 'deliversWebsite' } as const satisfies Record<
  Answers['deliverable'],
  AddMessageKey
>;

/** `add <kind>` is for one deliverable: say what the project delivers otherwise. */
export function requireDeliverable(kind: string, answers: Answers, wanted: readonly Answers['deliverable'][], what: AddMessageKey): void {
  // Any of the project's deliverables will do: `add endpoint` in an app + API project adds to its API.
  if (!wanted.some((deliverable) => delivers(answers, deliverable))) {
    throw new UserError(addSaid('wrongDeliverable', { kind, what: addSaid(what), delivers: addSaid(DELIVERS[answers.deliverable]) }));
  }
}

/** Lowercase words joined by "-": a file name, a URL segment and a title at once. */
export const WORDS_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_NAME = 40;

/** "model-errors" → "Model errors". */
export function titleOf(name: string): string {
  const words = name.split('-').join(' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

function named<K extends Addition['kind']>(existing: readonly Addition[], kind: K): string[] {
  return existing.filter((a) => a.kind === kind).map((a) => a.name);
}

// ── endpoints (API) ─────────────────────────────────────────────────────────────────────────────

/** Lowercase words joined by "_": a Python module name and a URL path at once. */
const ENDPOINT_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** The API's own paths (api.py, monitoring_api.py, FastAPI's documentation). */
const API_PATHS = new Set(['health', 'ready', 'reload', 'predict', 'model', 'metrics', 'docs', 'redoc', 'openapi']);

export function checkEndpoint(name: string, answers: Answers, existing: readonly Addition[]): void {
  requireDeliverable('endpoint', answers, ['api'], 'whatEndpoint');
  if (!ENDPOINT_NAME.test(name) || name.length > MAX_NAME) {
    throw new UserError(addSaid('badEndpointName', { name: printable(name), max: MAX_NAME }));
  }
  if (PYTHON_KEYWORDS.has(name)) throw new UserError(addSaid('pythonKeyword', { name }));
  if (API_PATHS.has(name)) throw new UserError(addSaid('apiPath', { name }));
  if (named(existing, 'endpoint').includes(name)) throw new UserError(addSaid('endpointTaken', { name }));
}

const ENDPOINT_TEMPLATES = 'add/endpoint';

/** A template in the project's language: its variant beside it (paths.ts), every language having one. */
function localized(template: string, lang: Answers['lang']): string {
  return lang === 'en' ? template : variantPath(template, lang);
}

export function endpointActions(endpoint: EndpointAddition, answers: Answers): AdditionAction[] {
  const className = endpoint.name
    .split('_')
    .map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`)
    .join('');
  const data = { package: answers.package, name: endpoint.name, className };
  const src = `src/${answers.package}/endpoints`;
  const layer = `endpoint ${endpoint.name}`;
  return [
    // Shared by every endpoint: written by the first, then only edited (once: true).
    { type: 'livrable-render', path: `${src}/__init__.py`, template: `${ENDPOINT_TEMPLATES}/src/__package__/endpoints/__init__.py`, data, layer, once: true },
    { type: 'livrable-render', path: `${src}/${endpoint.name}.py`, template: `${ENDPOINT_TEMPLATES}/src/__package__/endpoints/__endpoint__.py.hbs`, data, layer },
    // What its OpenAPI documentation shows, in the project's language (as api_text.py for the
    // API). The leading underscore keeps it apart from every endpoint module: a name starts with a letter.
    { type: 'livrable-render', path: `${src}/_text_${endpoint.name}.py`, template: localized(`${ENDPOINT_TEMPLATES}/src/__package__/endpoints/_text___endpoint__.py`, answers.lang), data, layer },
    { type: 'livrable-render', path: `tests/test_endpoint_${endpoint.name}.py`, template: `${ENDPOINT_TEMPLATES}/tests/test_endpoint___endpoint__.py.hbs`, data, layer },
    { type: 'livrable-edit', path: `${src}/__init__.py`, edit: 'register-endpoint', data },
  ];
}

// ── pages (app) ─────────────────────────────────────────────────────────────────────────────────

export function checkAppPage(name: string, existing: readonly Addition[]): void {
  if (!WORDS_NAME.test(name) || name.length > MAX_NAME) {
    throw new UserError(addSaid('badAppPage', { name: printable(name), max: MAX_NAME }));
  }
  if (name === 'streamlit-app') throw new UserError(addSaid('mainAppPage'));
  if (named(existing, 'page').includes(name)) throw new UserError(addSaid('appPageTaken', { name }));
}

/** app/pages/<n>_<Title>.py: Streamlit orders the sidebar by <n> and labels the page with <Title>. */
export function appPageFile(page: PageAddition, before: readonly Addition[]): string {
  const number = named(before, 'page').length + 1;
  return `${number}_${titleOf(page.name).replaceAll(' ', '_')}.py`;
}

export function appPageActions(page: PageAddition, answers: Answers, before: readonly Addition[]): AdditionAction[] {
  const file = appPageFile(page, before);
  const module = page.name.replaceAll('-', '_');
  const data = { package: answers.package, name: page.name, title: titleOf(page.name), file, module };
  const layer = `page ${page.name}`;
  return [
    { type: 'livrable-render', path: `app/pages/${file}`, template: 'add/page/app/pages/__page__.py.hbs', data, layer },
    { type: 'livrable-render', path: `tests/test_page_${module}.py`, template: 'add/page/tests/test_page___page__.py.hbs', data, layer },
  ];
}

// ── sections (report) ───────────────────────────────────────────────────────────────────────────

/** The report's own sections (templates/deliverable/report/report/report.qmd.hbs): a second "## Data" would confuse. */
const REPORT_SECTIONS = ['data', 'model', 'figures'];

export function checkSection(name: string, answers: Answers, existing: readonly Addition[]): void {
  requireDeliverable('section', answers, ['report'], 'whatSection');
  if (!WORDS_NAME.test(name) || name.length > MAX_NAME) {
    throw new UserError(addSaid('badSectionName', { name: printable(name), max: MAX_NAME }));
  }
  if (REPORT_SECTIONS.includes(name)) throw new UserError(addSaid('sectionTaken', { name: titleOf(name) }));
  if (named(existing, 'section').includes(name)) throw new UserError(addSaid('sectionTaken', { name }));
}

export function sectionFile(name: string): string {
  return `_${name}.qmd`;
}

export function sectionActions(section: SectionAddition, answers: Answers): AdditionAction[] {
  const file = sectionFile(section.name);
  const data = { package: answers.package, name: section.name, title: titleOf(section.name), includeLine: `{{< include ${file} >}}` };
  return [
    { type: 'livrable-render', path: `report/${file}`, template: 'add/section/report/__section__.qmd.hbs', data, layer: `section ${section.name}` },
    { type: 'livrable-edit', path: 'report/report.qmd', edit: 'include-section', data },
  ];
}

// ── edits ───────────────────────────────────────────────────────────────────────────────────────

type Render = (store: TemplateStore, template: string, data: object) => string;
type AnchorError = (path: string, what: string) => Error;

/** endpoints/__init__.py: the module's name at the end of MODULES. */
export function registerEndpoint(text: string, path: string, data: object, store: TemplateStore, render: Render, anchorError: AnchorError): string {
  const start = text.indexOf('\nMODULES: list[str] = [\n');
  const end = start < 0 ? -1 : text.indexOf('\n]\n', start);
  if (end < 0) throw anchorError(path, 'the MODULES list');
  return `${text.slice(0, end + 1)}${render(store, `${ENDPOINT_TEMPLATES}/_edits/module-entry.py.hbs`, data)}${text.slice(end + 1)}`;
}

/** report.qmd: the section's include line at the end, after the sections before it. */
export function includeSection(text: string, path: string, data: object, store: TemplateStore, render: Render, anchorError: AnchorError): string {
  if (!text.endsWith('\n')) throw anchorError(path, 'the final newline');
  return `${text}${render(store, 'add/section/_edits/include.qmd.hbs', data)}`;
}
