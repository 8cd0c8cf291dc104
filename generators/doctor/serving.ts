/**
 * Production checks on how a service is served on Kubernetes: training stays out of the serving
 * pods, and readiness says whether a model is loaded. Both read the Deployments' pod templates.
 */
import { say } from './messages.js';
import { fail, pass, skip, some, type Check } from './check.js';
import type { Repo } from './repo.js';
import { docsOfKind, parseYaml } from './scan.js';

type Obj = Record<string, unknown>;

interface Container {
  /** "<file>: <workload>/<container>" */
  where: string;
  init: boolean;
  spec: Obj;
}

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const at = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((node, key) => (isObj(node) ? node[key] : undefined), value);

/** Every container and init container of the repo's Deployments and StatefulSets. */
export function servingContainers(repo: Repo): Container[] {
  const files = [...new Set(docsOfKind(repo, ['Deployment', 'StatefulSet']).map((doc) => doc.path))];
  // parseYaml keeps doctor's bounds (size, bracket nesting, aliases): a crafted file is not parsed.
  return files.flatMap((file) =>
    parseYaml(repo.readText(file) ?? '').docs.flatMap((object) => {
      const kind = at(object, 'kind');
      if (kind !== 'Deployment' && kind !== 'StatefulSet') return [];
      const name = String(at(object, 'metadata', 'name') ?? '?');
      const pod = at(object, 'spec', 'template', 'spec');
      const list = (key: string, init: boolean): Container[] => {
        const items = at(pod, key);
        return Array.isArray(items)
          ? items.filter(isObj).map((spec) => ({ where: `${file}: ${name}/${String(spec.name ?? '?')}`, init, spec }))
          : [];
      };
      return [...list('initContainers', true), ...list('containers', false)];
    }),
  );
}

/** A command line that trains: a pipeline or training module or script, or a DVC pipeline. */
const TRAINS = /(^|[\s./_-])(pipeline|train(ing)?|fit|experiment)(\.py)?(\s|$)|\bdvc\s+repro\b/i;

function commandLine(spec: Obj): string {
  const parts = [spec.command, spec.args].flatMap((value) => (Array.isArray(value) ? value.map(String) : []));
  return parts.join(' ');
}

function httpPath(probe: unknown): string | undefined {
  const path = at(probe, 'httpGet', 'path');
  return typeof path === 'string' ? path : undefined;
}

/** A container that runs Streamlit: its command says so, or a probe asks Streamlit's health. */
function isStreamlit(spec: Obj): boolean {
  const probes = ['startupProbe', 'readinessProbe', 'livenessProbe'].map((key) => httpPath(spec[key]));
  return /(^|[\s/])streamlit(\s|$)/.test(commandLine(spec)) || probes.some((p) => p?.startsWith('/_stcore/') === true);
}

export const SERVING_CHECKS: readonly Check[] = [
  {
    id: 'production.serving-does-not-train',
    phase: 'production',
    title: 'Serving does not train',
    deliverables: ['api', 'app'],
    check: ({ repo }) => {
      const containers = servingContainers(repo);
      if (containers.length === 0) return skip(say('found_noDeploymentShort'));
      const training = containers.filter((c) => TRAINS.test(commandLine(c.spec)));
      return training.length > 0
        ? fail(some(training.map((c) => say('found_trains', { where: `${c.where}${c.init ? ' (init)' : ''}`, command: commandLine(c.spec) }))))
        : pass(say('found_noTraining', { where: some(containers.map((c) => c.where)) }));
    },
    fix: 'Train in the pipeline (an Argo workflow or CI), register the model, and have the Deployment only load it (a model URI or artifact path from its settings); no init container that trains.',
  },
  {
    id: 'production.readiness-reflects-model',
    phase: 'production',
    title: 'Readiness reflects the model',
    deliverables: ['api'],
    check: ({ repo }) => {
      // A Streamlit app beside the API (api + app) is probed on Streamlit's own health: its
      // readiness cannot say whether a model is loaded, and this check is the API's.
      const containers = servingContainers(repo).filter((c) => !c.init && !isStreamlit(c.spec));
      if (containers.length === 0) return skip(say('found_noDeploymentShort'));
      const problems = containers.flatMap((c) => {
        const readiness = httpPath(c.spec.readinessProbe);
        const liveness = httpPath(c.spec.livenessProbe);
        if (!readiness) return [say('found_noReadiness', { where: c.where })];
        if (readiness === liveness) return [say('found_sameProbes', { where: c.where, path: readiness })];
        return [];
      });
      return problems.length > 0
        ? fail(some(problems))
        : pass(some(containers.map((c) => say('found_readyAt', { where: c.where, path: httpPath(c.spec.readinessProbe) ?? '' }))));
    },
    fix: 'Give the service a readiness endpoint that fails (503) while no model is loaded, such as /ready, distinct from the liveness endpoint (/health), and probe it in readinessProbe.',
  },
];
