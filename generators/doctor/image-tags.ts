/**
 * Production check on what gets deployed: every image a manifest runs names a tag that does not
 * move (a release or commit tag, or a digest). With `:main` or `:latest`, two pods or two runs of
 * one workflow can run different code, and a rollback has nothing to go back to.
 */
import { say } from './messages.js';
import { fail, pass, skip, some, type Check } from './check.js';
import type { Repo } from './repo.js';
import { docsOfKind, parseYaml } from './scan.js';

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const at = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((node, key) => (isObj(node) ? node[key] : undefined), value);
const objects = (value: unknown): Obj[] => (Array.isArray(value) ? value.filter(isObj) : []);

/** Tags that follow a branch or the newest build. */
const MOVING_TAGS: ReadonlySet<string> = new Set(['latest', 'main', 'master', 'edge', 'nightly', 'dev', 'develop']);

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'];
const ARGO_KINDS = ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'];
/** A value filled in at run time (Argo, Helm, shell): not a reference to judge. */
const TEMPLATED = /\{\{|\$\{|\$\(/;

/** Why an image reference moves, or undefined when it is pinned (or templated). */
function movingTag(image: string): string | undefined {
  const ref = image.trim();
  if (ref === '' || TEMPLATED.test(ref) || ref.includes('@sha256:')) return undefined;
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  if (colon < 0) return say('found_noTag');
  const tag = lastPart.slice(colon + 1);
  return MOVING_TAGS.has(tag.toLowerCase()) ? `:${tag}` : undefined;
}

interface Found {
  /** "<file>: <where>" */
  where: string;
  image: string;
}

function podImages(pod: unknown, where: string): Found[] {
  return ['initContainers', 'containers'].flatMap((key) =>
    objects(at(pod, key)).map((c) => ({ where: `${where}/${String(c.name ?? '?')}`, image: String(c.image ?? '') })),
  );
}

/** The images a Kubernetes workload runs, keyed by where they are. */
function workloadImages(object: Obj, file: string): Found[] {
  const name = `${file}: ${String(at(object, 'metadata', 'name') ?? '?')}`;
  switch (at(object, 'kind')) {
    case 'Pod':
      return podImages(at(object, 'spec'), name);
    case 'CronJob':
      return podImages(at(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec'), name);
    default:
      return podImages(at(object, 'spec', 'template', 'spec'), name);
  }
}

/** An Argo object's `image` parameter defaults and the literal images of its templates. */
function argoImages(object: Obj, file: string): Found[] {
  const name = `${file}: ${String(at(object, 'metadata', 'name') ?? '?')}`;
  const spec = at(object, 'kind') === 'CronWorkflow' ? at(object, 'spec', 'workflowSpec') : at(object, 'spec');
  const parameters = objects(at(spec, 'arguments', 'parameters'))
    .filter((p) => p.name === 'image' && typeof p.value === 'string')
    .map((p) => ({ where: `${name} (parameter image)`, image: String(p.value) }));
  const containers = objects(at(spec, 'templates')).flatMap((t) =>
    ['container', 'script']
      .map((key) => at(t, key))
      .filter(isObj)
      .map((c) => ({ where: `${name}/${String(t.name ?? '?')}`, image: String(c.image ?? '') })),
  );
  return [...parameters, ...containers];
}

/** The images kustomize sets (`images:`): their names, and the tags they set. */
function kustomizeImages(object: Obj, file: string): { names: string[]; found: Found[] } {
  const entries = objects(at(object, 'images'));
  const found = entries.flatMap((e) => {
    if (typeof e.digest === 'string' && e.digest !== '') return [];
    if (e.newTag === undefined) return [];
    const name = String(e.newName ?? e.name ?? '?');
    return [{ where: `${file}: images ${String(e.name ?? '?')}`, image: `${name}:${String(e.newTag)}` }];
  });
  return { names: entries.map((e) => String(e.name ?? '')), found };
}

function deployedImages(repo: Repo): Found[] {
  const kinds = [...WORKLOADS, ...ARGO_KINDS, 'Kustomization'];
  const files = [...new Set(docsOfKind(repo, kinds).map((doc) => doc.path))];
  const set = new Set<string>();
  const found: Found[] = [];
  const workloads: Found[] = [];
  for (const file of files) {
    // parseYaml keeps doctor's bounds (size, nesting, aliases): a crafted file is not parsed.
    for (const object of parseYaml(repo.readText(file) ?? '').docs.filter(isObj)) {
      const kind = String(object.kind ?? '');
      const apiVersion = String(object.apiVersion ?? '');
      if (kind === 'Kustomization' && apiVersion.startsWith('kustomize.config.k8s.io/')) {
        const images = kustomizeImages(object, file);
        for (const name of images.names) set.add(name);
        found.push(...images.found);
      } else if (ARGO_KINDS.includes(kind) && apiVersion.startsWith('argoproj.io/')) {
        found.push(...argoImages(object, file));
      } else if (WORKLOADS.includes(kind)) {
        workloads.push(...workloadImages(object, file));
      }
    }
  }
  // A container image that a kustomization's `images:` replaces is judged by that entry.
  const bare = (image: string) => image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return [...found, ...workloads.filter((w) => !set.has(w.image) && !set.has(bare(w.image)))];
}

export const IMAGE_TAG_CHECKS: readonly Check[] = [
  {
    id: 'production.image-tag-pinned',
    phase: 'production',
    title: 'Deployed images name a fixed tag (no :main, no :latest)',
    check: ({ repo }) => {
      const images = deployedImages(repo).filter((f) => f.image.trim() !== '');
      if (images.length === 0) return skip(say('found_noImages'));
      const moving = images.flatMap((f) => {
        const why = movingTag(f.image);
        return why ? [`${f.where}: ${f.image} (${why})`] : [];
      });
      return moving.length > 0 ? fail(some(moving)) : pass(say('found_fixedImages', { count: images.length }));
    },
    fix: 'Deploy a release: set a version or commit tag (`1.2.3`, `sha-abc1234`) or a digest in `images:` of kustomization.yaml and as the default of Argo templates\' `image` parameter, and bump it in a reviewed commit for each release.',
  },
];
