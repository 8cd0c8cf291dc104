/**
 * Checks of the maintenance phase's files in a generated project, for the generated-repo tier.
 * Each export takes the project's directory and throws an Error saying what is wrong; a missing
 * tool is an error too (with the command that installs it), never a silent skip. The ones that
 * run the project's code need its synced .venv (`uvSync(dir)` first) and, for the drift check,
 * the pipeline's outputs (they run the pipeline when `outputs/data/train.parquet` is missing).
 *
 * Tools:
 *   check-jsonschema     pip install check-jsonschema   (Dependabot schema, vendored: offline)
 *   kustomize / kubectl  see production-checks.ts
 *   bash, awk, python3   the release workflow's own scripts are run as GitHub's runner would
 * CronWorkflows are validated in-process with @kubernetes-models/argo-workflows, plus the DAG
 * checks of production-checks.ts (checkArgoWorkflows) on the drift check's own DAG.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CronWorkflow } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1';
import { ENV, freePort, run, withServer } from './harness.js';
import { answersOf, checkArgoWorkflows, OUTPUT_DIR, yamlDocuments } from './production-checks.js';

type Obj = Record<string, any>;

/** Argo names each run of a CronWorkflow "<name>-<10-digit time>": 63 - 11 characters. */
export const MAX_CRON_NAME = 52;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const WORKFLOW_PARAMETER = /\{\{workflow\.parameters\.([\w-]+)\}\}/g;

interface Exit {
  status: number;
  stdout: string;
  stderr: string;
}

/** Run a command and return its exit status (for commands whose failure is the expected result). */
function exitOf(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV, input?: string): Exit {
  const result = spawnSync(command, args, { cwd, env, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not start (${result.error.message}): is it installed?`);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function describe(exit: Exit): string {
  return `--- stdout\n${exit.stdout.slice(-3000)}\n--- stderr\n${exit.stderr.slice(-3000)}`;
}

function readYaml(file: string): Obj[] {
  return yamlDocuments(readFileSync(file, 'utf8'), file);
}

function yamlFilesIn(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => path.join(folder, f));
}

// --- Dependabot --------------------------------------------------------------------------------

/**
 * `.github/dependabot.yml` passes `check-jsonschema --builtin-schema vendor.dependabot`, and keeps
 * what the phase promises: uv, github-actions and docker, each weekly, grouped, with a cooldown.
 */
export function dependabotConfig(dir: string): void {
  const file = '.github/dependabot.yml';
  const schema = exitOf('check-jsonschema', ['--builtin-schema', 'vendor.dependabot', file], dir);
  if (schema.status !== 0) throw new Error(`check-jsonschema vendor.dependabot ${file} failed\n${describe(schema)}`);
  const [config] = readYaml(path.join(dir, file));
  const updates: Obj[] = config?.updates ?? [];
  const ecosystems = updates.map((u) => u['package-ecosystem']).sort();
  if (JSON.stringify(ecosystems) !== JSON.stringify(['docker', 'github-actions', 'uv'])) {
    throw new Error(`${file}: expected the uv, github-actions and docker ecosystems, found ${ecosystems.join(', ')}`);
  }
  for (const update of updates) {
    const where = `${file} (${update['package-ecosystem']})`;
    if (update.schedule?.interval !== 'weekly') throw new Error(`${where}: not weekly`);
    if (!(update.cooldown?.['default-days'] >= 1)) throw new Error(`${where}: no cooldown`);
    if (!update.groups || Object.keys(update.groups).length === 0) throw new Error(`${where}: no groups`);
  }
}

// --- Argo CronWorkflows --------------------------------------------------------------------------

function parametersOf(spec: Obj): Set<string> {
  return new Set((spec.arguments?.parameters ?? []).map((p: Obj) => p.name as string));
}

function usedParameters(value: unknown): Set<string> {
  return new Set([...JSON.stringify(value).matchAll(WORKFLOW_PARAMETER)].map((m) => m[1]!));
}

/** `kustomize build` (or `kubectl kustomize`) of a folder; returns the rendered objects. */
function kustomize(dir: string, folder: string): Obj[] {
  const hasKustomize = spawnSync('kustomize', ['version'], { stdio: 'ignore' }).error === undefined;
  const [command, args] = hasKustomize ? ['kustomize', ['build', folder]] : ['kubectl', ['kustomize', folder]];
  const result = exitOf(command, args, dir);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed\n${describe(result)}`);
  return yamlDocuments(result.stdout, `${command} ${folder}`);
}

/**
 * The CronWorkflows of `deploy/argo-cron/`: each valid against the Argo model, named so that Argo
 * can name its runs, listed by the folder's kustomization (and rendered by kustomize). The retrain
 * schedule references an existing WorkflowTemplate of `deploy/argo/` and passes only parameters
 * it declares. The drift schedule's own DAG passes production-checks' `checkArgoWorkflows`
 * together with the WorkflowTemplates it references (templates, templateRefs, dependencies,
 * cycles, artifacts read only from ancestors, containers named `main`), declares every workflow
 * parameter its templates and the referenced ones read, has the volumes they mount, and runs
 * `python -m <package>.drift` on the training split.
 */
export function cronWorkflows(dir: string): { crons: Obj[]; rendered: number } {
  const { package: pkg } = answersOf(dir);
  const folder = path.join(dir, 'deploy/argo-cron');
  const objects = yamlFilesIn(folder).flatMap((file) => readYaml(file).map((object) => ({ file, object })));
  const crons: Obj[] = [];
  for (const { file, object } of objects) {
    if (object.kind === 'Kustomization') continue;
    const where = `${path.relative(dir, file)} (${object.kind} ${object.metadata?.name})`;
    if (object.kind !== 'CronWorkflow') throw new Error(`${where}: unexpected kind`);
    try {
      new CronWorkflow(object as any).validate();
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
    const name: string = object.metadata.name;
    if (!DNS_1123_SUBDOMAIN.test(name) || name.length > MAX_CRON_NAME) {
      throw new Error(`${where}: a CronWorkflow name must be a DNS-1123 name of at most ${MAX_CRON_NAME} characters`);
    }
    crons.push(object);
  }
  const { deliverable } = answersOf(dir);
  const predicts = deliverable === 'api' || deliverable === 'app';
  const expected = predicts ? 3 : 2;
  if (crons.length !== expected) {
    throw new Error(`expected the retrain, drift${predicts ? ' and export' : ''} CronWorkflows in deploy/argo-cron, found ${crons.length}`);
  }
  const kustomization = objects.find(({ object }) => object.kind === 'Kustomization')?.object;
  const listed = new Set<string>(kustomization?.resources ?? []);
  const files = new Set(objects.filter(({ object }) => object.kind === 'CronWorkflow').map(({ file }) => path.basename(file)));
  if ([...files].some((f) => !listed.has(f)) || [...listed].some((f) => !files.has(f))) {
    throw new Error(`deploy/argo-cron/kustomization.yaml lists ${[...listed]} but the folder holds ${[...files]}`);
  }
  const rendered = kustomize(dir, 'deploy/argo-cron');
  if (rendered.filter((o) => o.kind === 'CronWorkflow').length !== crons.length) {
    throw new Error('kustomize did not render every CronWorkflow of deploy/argo-cron');
  }

  const templates = yamlFilesIn(path.join(dir, 'deploy/argo'))
    .flatMap(readYaml)
    .filter((o) => o.kind === 'WorkflowTemplate');
  const byName = new Map<string, Obj>(templates.map((t) => [t.metadata.name, t]));
  let retrains = 0;
  let drifts = 0;
  let exports = 0;
  for (const cron of crons) {
    const where = `CronWorkflow ${cron.metadata.name}`;
    const spec: Obj = cron.spec.workflowSpec;
    if (cron.spec.concurrencyPolicy !== 'Forbid') throw new Error(`${where}: runs may overlap (concurrencyPolicy)`);
    const ref = spec.workflowTemplateRef?.name;
    if (ref !== undefined) {
      const template = byName.get(ref);
      if (!template) throw new Error(`${where}: workflowTemplateRef names unknown WorkflowTemplate ${ref}`);
      if (spec.templates) throw new Error(`${where}: both a workflowTemplateRef and its own templates`);
      const unknown = [...parametersOf(spec)].filter((p) => !parametersOf(template.spec).has(p));
      if (unknown.length > 0) throw new Error(`${where}: ${ref} has no parameter(s) ${unknown.join(', ')}`);
      retrains += 1;
      continue;
    }
    // Its own DAG: check it as a WorkflowTemplate among those it references.
    const pseudo = { metadata: { name: `cron:${cron.metadata.name}` }, spec };
    checkArgoWorkflows([...templates, pseudo]);
    const declared = parametersOf(spec);
    const volumes = new Set((spec.volumes ?? []).map((v: Obj) => v.name as string));
    const own = new Map<string, Obj>(spec.templates.map((t: Obj) => [t.name, t]));
    const reached: Obj[] = [...own.values()];
    const tasks: Obj[] = own.get(spec.entrypoint)?.dag?.tasks ?? [];
    const templateOf = (task: Obj): Obj =>
      task.templateRef
        ? byName.get(task.templateRef.name)!.spec.templates.find((t: Obj) => t.name === task.templateRef.template)
        : own.get(task.template)!;
    for (const task of tasks) if (task.templateRef) reached.push(templateOf(task));
    // Artifacts: a task passes exactly its template's inputs, each from an output its producer has.
    const byTask = new Map<string, Obj>(tasks.map((t) => [t.name, t]));
    for (const task of tasks) {
      const passed: Obj[] = task.arguments?.artifacts ?? [];
      const inputs = (templateOf(task).inputs?.artifacts ?? []).map((a: Obj) => a.name).sort();
      if (JSON.stringify(passed.map((a) => a.name).sort()) !== JSON.stringify(inputs)) {
        throw new Error(`${where}: task ${task.name} passes ${passed.map((a) => a.name)}, its template reads ${inputs}`);
      }
      for (const artifact of passed) {
        const match = /^\{\{tasks\.([\w-]+)\.outputs\.artifacts\.([\w-]+)\}\}$/.exec(artifact.from ?? '');
        const producer = match && byTask.get(match[1]!);
        const outputs = producer ? (templateOf(producer).outputs?.artifacts ?? []).map((a: Obj) => a.name) : [];
        if (!match || !outputs.includes(match[2])) {
          throw new Error(`${where}: task ${task.name} artifact ${artifact.name} comes from "${artifact.from}", which no task produces`);
        }
      }
    }
    for (const template of reached) {
      const missing = [...usedParameters(template)].filter((p) => !declared.has(p));
      if (missing.length > 0) throw new Error(`${where}: template ${template.name} reads undeclared parameter(s) ${missing.join(', ')}`);
      for (const mount of template.container?.volumeMounts ?? []) {
        if (!volumes.has(mount.name)) throw new Error(`${where}: template ${template.name} mounts unknown volume ${mount.name}`);
      }
    }
    const exportCommand = JSON.stringify(['python', '-m', `${pkg}.monitoring_store`, 'export']);
    const exportsHere = [...own.values()].filter((t) => JSON.stringify(t.container?.command) === exportCommand);
    if (exportsHere.length > 0) {
      // The export reads its logs and writes its table where the workflow's parameters say.
      const env = new Map<string, string>((exportsHere[0]!.container.env ?? []).map((e: Obj) => [e.name, e.value]));
      for (const [name, parameter] of [['MONITORING_LOGS', 'logs'], ['MONITORING_TABLE', 'table']] as const) {
        if (env.get(name) !== `{{workflow.parameters.${parameter}}}`) {
          throw new Error(`${where}: the export's ${name} is ${env.get(name)}, not the ${parameter} parameter`);
        }
      }
      exports += 1;
      continue;
    }
    const checks = [...own.values()].filter((t) => JSON.stringify(t.container?.command) === JSON.stringify(['python', '-m', `${pkg}.drift`]));
    if (checks.length !== 1) throw new Error(`${where}: expected one template running python -m ${pkg}.drift`);
    const reference = (checks[0]!.inputs?.artifacts ?? []).map((a: Obj) => a.path);
    if (!reference.includes(`${OUTPUT_DIR}/data/train.parquet`)) {
      throw new Error(`${where}: the drift check does not receive the training split at ${OUTPUT_DIR}/data/train.parquet`);
    }
    drifts += 1;
  }
  if (retrains !== 1 || drifts !== 1 || exports !== (predicts ? 1 : 0)) {
    throw new Error(`expected one retrain, one drift and ${predicts ? 'one' : 'no'} export CronWorkflow, found ${retrains}, ${drifts} and ${exports}`);
  }
  return { crons, rendered: rendered.length };
}

// --- the drift check on synthetic data ------------------------------------------------------------

interface DriftJson {
  status: string;
  drifted: string[];
  current: { rows: number; kind: string };
  columns: { column: string; kind: string; drifted: boolean }[];
}

/**
 * `python -m <package>.drift` run as a user would, after the pipeline: the sample against its own
 * training split (exit 0, nothing drifted), an undrifted synthetic sample drawn from the training
 * split (exit 0), a synthetic sample with heavier penguins and another island mix (exit 1, exactly
 * those columns drifted), the thresholds moved by environment variables, and a missing reference
 * (exit 2).
 */
export function driftOnSyntheticData(dir: string): string[] {
  const { package: pkg } = answersOf(dir);
  const python = path.join(dir, '.venv/bin/python');
  if (!existsSync(python)) throw new Error(`${dir} has no .venv: run uv sync first`);
  const done: string[] = [];
  const env: NodeJS.ProcessEnv = { ...ENV };
  for (const name of Object.keys(env)) if (name.startsWith('DRIFT_')) delete env[name];
  delete env.DATA_SOURCE;
  delete env.OUTPUT_DIR;
  if (!existsSync(path.join(dir, 'outputs/data/train.parquet'))) {
    run(python, ['-m', `${pkg}.pipeline`], dir, env);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'drift-'));
  try {
    const drift = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
      const reportDir = path.join(work, `report-${Math.random().toString(36).slice(2)}`);
      const exit = exitOf(python, ['-m', `${pkg}.drift`, '--report-dir', reportDir, ...args], dir, { ...env, ...extra });
      const file = path.join(reportDir, 'drift.json');
      const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DriftJson) : undefined;
      return { exit, report };
    };
    const expect = (what: string, got: { exit: Exit; report?: DriftJson }, status: number, drifted?: string[]) => {
      if (got.exit.status !== status) throw new Error(`drift, ${what}: exit ${got.exit.status}, expected ${status}\n${describe(got.exit)}`);
      if (drifted && JSON.stringify([...(got.report?.drifted ?? [])].sort()) !== JSON.stringify([...drifted].sort())) {
        throw new Error(`drift, ${what}: drifted ${JSON.stringify(got.report?.drifted)}, expected ${JSON.stringify(drifted)}`);
      }
      done.push(`drift check, ${what}: exit ${status}${drifted ? `, drifted [${drifted.join(', ')}]` : ''}`);
    };

    expect('the sample\'s latest year against the training split\'s earlier years (the default)', drift([]), 0, []);

    // Synthetic samples made with the project's own Python, from its training split.
    const undrifted = path.join(work, 'undrifted.parquet');
    const drifted = path.join(work, 'drifted.csv');
    const script = `
import sys
import numpy as np
from ${pkg}.data_io import read_parquet, write_parquet
train = read_parquet("outputs/data/train.parquet")
rng = np.random.default_rng(7)
same = train.sample(n=400, replace=True, random_state=1).reset_index(drop=True)
for column in ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]:
    same[column] = same[column] + rng.normal(0, 0.05 * train[column].std(), len(same))
write_parquet(same, sys.argv[1])
moved = train.sample(n=400, replace=True, random_state=2).reset_index(drop=True)
moved["body_mass_g"] = moved["body_mass_g"] + 1200
moved["island"] = rng.choice(["Biscoe", "Dream", "Torgersen"], size=len(moved), p=[0.05, 0.05, 0.9])
moved.to_csv(sys.argv[2], index=False)
`;
    run(python, ['-c', script, undrifted, drifted], dir, env);
    expect('an undrifted synthetic sample', drift(['--current', undrifted]), 0, []);
    const moved = drift(['--current', drifted]);
    expect('a synthetic sample with heavier penguins and another island mix', moved, 1, ['body_mass_g', 'island']);
    expect('the same, tolerating 2 drifted columns (DRIFT_MAX_DRIFTED)', drift(['--current', drifted], { DRIFT_MAX_DRIFTED: '2' }), 0);
    expect('no reference', drift([], { DRIFT_REFERENCE: path.join(work, 'absent.parquet') }), 2);
    return done;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// --- the API's technical monitoring, live ---------------------------------------------------------

/**
 * For an API: uvicorn on loopback with PREDICTION_LOG_FILE set; real /predict calls; `/metrics`
 * then counts them (requests by route and status, latency histogram, predictions by class, process
 * memory), and the drift command reads the prediction log they left. Other deliverables: nothing
 * to do (returns []).
 */
export async function apiMonitoring(dir: string): Promise<string[]> {
  const { deliverable, package: pkg } = answersOf(dir);
  if (deliverable !== 'api') return [];
  const python = path.join(dir, '.venv/bin/python');
  if (!existsSync(path.join(dir, 'outputs/model/model.skops'))) run(python, ['-m', `${pkg}.pipeline`], dir);
  const work = mkdtempSync(path.join(os.tmpdir(), 'api-monitoring-'));
  const done: string[] = [];
  try {
    const log = path.join(work, 'predictions.jsonl');
    const env: NodeJS.ProcessEnv = { ...ENV, PREDICTION_LOG_FILE: log };
    const rowsFile = path.join(work, 'rows.json');
    run(python, ['-c', `
import json, sys
from ${pkg}.data_io import read_parquet
from ${pkg}.schema import FEATURES
rows = read_parquet("outputs/data/test.parquet")[FEATURES].head(40)
rows = rows.astype(object).where(rows.notna(), None)
json.dump(rows.to_dict(orient="records"), open(sys.argv[1], "w"))
`, rowsFile], dir);
    // The API refuses rows with a missing measurement; sex may be null.
    const rows = (JSON.parse(readFileSync(rowsFile, 'utf8')) as Obj[]).filter((r) =>
      ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'island'].every((k) => r[k] !== null),
    );
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    await withServer(
      python,
      ['-m', 'uvicorn', `${pkg}.api:app`, '--host', '127.0.0.1', '--port', String(port)],
      dir,
      `${base}/health`,
      async () => {
        for (let i = 0; i < rows.length; i += 10) {
          const response = await fetch(`${base}/predict`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ records: rows.slice(i, i + 10) }),
          });
          if (response.status !== 200) throw new Error(`/predict answered ${response.status}: ${await response.text()}`);
        }
        await fetch(`${base}/no-such-page`);
        const metrics = await (await fetch(`${base}/metrics`)).text();
        const value = (pattern: RegExp) => Number(metrics.match(pattern)?.[1] ?? NaN);
        const calls = Math.ceil(rows.length / 10);
        const checks: [string, RegExp, (v: number) => boolean][] = [
          ['POST /predict 200', /^http_requests_total\{method="POST",path="\/predict",status="200"\} (\S+)$/m, (v) => v === calls],
          ['404 on an unknown path', /^http_requests_total\{method="GET",path="<unmatched>",status="404"\} (\S+)$/m, (v) => v === 1],
          ['latency histogram', /^http_request_duration_seconds_count\{method="POST",path="\/predict"\} (\S+)$/m, (v) => v === calls],
          ['predictions', /^model_predictions_total\{status="ok"\} (\S+)$/m, (v) => v === calls],
          ['model latency', /^model_prediction_duration_seconds_count (\S+)$/m, (v) => v === calls],
          ['process memory', /^process_resident_memory_bytes (\S+)$/m, (v) => v > 0],
        ];
        for (const [what, pattern, ok] of checks) {
          const v = value(pattern);
          if (!ok(v)) throw new Error(`/metrics: ${what} is ${v}\n${metrics}`);
        }
        const predicted = [...metrics.matchAll(/^model_predicted_records_total\{prediction="[^"]+"\} (\S+)$/gm)].reduce((s, m) => s + Number(m[1]), 0);
        if (predicted !== rows.length) throw new Error(`/metrics: ${predicted} predicted records, expected ${rows.length}`);
        done.push(`uvicorn on loopback: ${calls} /predict calls counted in /metrics (requests, latency, predictions by class, memory)`);
      },
      env,
    );
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    if (lines.length !== Math.ceil(rows.length / 10)) throw new Error(`${log}: ${lines.length} lines, expected one per call`);
    const reportDir = path.join(work, 'report');
    const exit = exitOf(python, ['-m', `${pkg}.drift`, '--current', log, '--report-dir', reportDir, '--min-rows', '10'], dir);
    if (exit.status !== 0 && exit.status !== 1) throw new Error(`drift on the prediction log: exit ${exit.status}\n${describe(exit)}`);
    const report = JSON.parse(readFileSync(path.join(reportDir, 'drift.json'), 'utf8')) as DriftJson;
    if (report.current.kind !== 'prediction log' || report.current.rows !== rows.length) {
      throw new Error(`drift on the prediction log read ${JSON.stringify(report.current)}, expected ${rows.length} rows`);
    }
    if (!report.columns.some((c) => c.kind === 'prediction')) throw new Error('drift on the prediction log compared no predictions');
    done.push(`the prediction log file (${lines.length} records) fed the drift check: ${report.current.rows} rows, status "${report.status}"`);
    return done;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// --- workflows: schedules and the release --------------------------------------------------------

/**
 * The scheduled workflows run on a weekly cron and on demand; the release workflow is the only
 * one with `contents: write`, on `v*.*.*` tags, at job level. Then the release workflow's own
 * scripts run as the runner would (bash, python3, awk): for the tag of the project's version they
 * pass and print that version's changelog section; for another tag they fail.
 */
export function releaseAndSchedules(dir: string): string[] {
  const done: string[] = [];
  const { deliverable } = answersOf(dir);
  const workflows = path.join(dir, '.github/workflows');
  const scheduled = ['scheduled.yml', ...(deliverable === 'report' || deliverable === 'website' ? ['scheduled-publish.yml'] : [])];
  for (const file of scheduled) {
    const [workflow] = readYaml(path.join(workflows, file));
    const on = workflow?.on ?? {};
    const crons: string[] = (on.schedule ?? []).map((s: Obj) => s.cron);
    if (crons.length === 0 || !crons.every((c) => /^\S+ \S+ \* \* [0-6]$/.test(c)) || !('workflow_dispatch' in on)) {
      throw new Error(`${file}: expected a weekly schedule and workflow_dispatch, found ${JSON.stringify(on)}`);
    }
  }
  done.push(`${scheduled.join(', ')}: weekly cron + workflow_dispatch`);

  for (const file of readdirSync(workflows)) {
    const [workflow] = readYaml(path.join(workflows, file));
    const writes = Object.entries(workflow?.jobs ?? {}).filter(([, job]) => (job as Obj).permissions?.contents === 'write');
    if (JSON.stringify(workflow?.permissions) !== '{}') throw new Error(`${file}: top-level permissions must be {}`);
    if (file !== 'release.yml' && writes.length > 0) throw new Error(`${file}: contents: write outside the release workflow`);
  }
  const release = readYaml(path.join(workflows, 'release.yml'))[0] ?? {};
  if (JSON.stringify(release.on?.push?.tags) !== JSON.stringify(['v*.*.*'])) throw new Error('release.yml: not triggered by v*.*.* tags');
  const steps: Obj[] = release.jobs.release.steps;
  const scripts = steps.filter((s) => typeof s.run === 'string' && !s.run.includes('gh release'));
  if (scripts.length < 2) throw new Error('release.yml: expected the version check and the notes extraction');
  const version = /^version = "([^"]+)"$/m.exec(readFileSync(path.join(dir, 'pyproject.toml'), 'utf8'))?.[1];
  if (!version) throw new Error('pyproject.toml has no version');
  const runner = mkdtempSync(path.join(os.tmpdir(), 'runner-'));
  try {
    const runAll = (tag: string): Exit => {
      let last: Exit = { status: 0, stdout: '', stderr: '' };
      for (const step of scripts) {
        const script = path.join(runner, 'step.sh');
        writeFileSync(script, step.run);
        last = exitOf('bash', ['-eo', 'pipefail', script], dir, { ...ENV, TAG: tag, RUNNER_TEMP: runner, GITHUB_REF_NAME: tag });
        if (last.status !== 0) return last;
      }
      return last;
    };
    const good = runAll(`v${version}`);
    if (good.status !== 0) throw new Error(`release.yml's scripts fail for the project's own tag v${version}\n${describe(good)}`);
    const notes = readFileSync(path.join(runner, 'notes.md'), 'utf8');
    if (!notes.trim() || notes.includes('## [')) throw new Error(`release notes for v${version} are wrong:\n${notes}`);
    done.push(`release.yml's scripts pass for v${version} and extract its changelog section (${notes.trim().split('\n').length} lines)`);
    const bad = runAll('v99.0.0');
    if (bad.status === 0) throw new Error("release.yml's scripts accept a tag that is not the package version");
    done.push("release.yml's scripts refuse v99.0.0 (not the package version)");
  } finally {
    rmSync(runner, { recursive: true, force: true });
  }
  return done;
}

/** The hygiene files exist and are not empty; the cards are where the deliverable keeps them. */
export function hygieneFiles(dir: string): void {
  const { deliverable, extraDeliverables } = answersOf(dir);
  // With a website (alone, or beside an API), the cards are the website's pages.
  const website = deliverable === 'website' || (extraDeliverables ?? []).includes('website');
  const cards = website ? ['website/model-card.qmd', 'website/data-card.qmd'] : ['docs/model-card.md', 'docs/data-card.md'];
  const files = ['SECURITY.md', 'CONTRIBUTING.md', 'CHANGELOG.md', '.github/CODEOWNERS', '.github/pull_request_template.md', ...cards];
  const missing = files.filter((f) => !existsSync(path.join(dir, f)) || readFileSync(path.join(dir, f), 'utf8').trim() === '');
  if (missing.length > 0) throw new Error(`missing or empty: ${missing.join(', ')}`);
  const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  if (!/^## Maintenance$/m.test(readme)) throw new Error('README.md has no "## Maintenance" section');
  const template = readFileSync(path.join(dir, '.github/pull_request_template.md'), 'utf8');
  if (!/- \[ \]/.test(template)) throw new Error('the pull request template carries no checklist');
}

// --- everything ------------------------------------------------------------------------------------

/** Every maintenance check, cheap first; returns what ran. Needs the project's synced .venv. */
export async function maintenanceChecks(dir: string): Promise<string[]> {
  const done: string[] = [];
  hygieneFiles(dir);
  done.push('hygiene files, README "## Maintenance", pull request checklist');
  dependabotConfig(dir);
  done.push('check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml; uv, github-actions, docker: weekly, grouped, cooldown');
  const { crons, rendered } = cronWorkflows(dir);
  done.push(`Argo model + DAG checks: ${crons.length} CronWorkflows; kustomize rendered ${rendered} objects from deploy/argo-cron`);
  done.push(...releaseAndSchedules(dir));
  done.push(...driftOnSyntheticData(dir));
  done.push(...(await apiMonitoring(dir)));
  return done;
}
