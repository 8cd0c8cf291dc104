import { fail, pass, skip, some, type Check, type Outcome } from './check.js';
import { say } from './messages.js';
import { isIgnored, parseIgnore } from './gitignore.js';
import type { Repo } from './repo.js';
import { ciMatching, dockerfiles, docsOfKind, invalidYamlNote, pythonFiles, type Dockerfile } from './scan.js';
import { IMAGE_TAG_CHECKS } from './image-tags.js';
import { SERVING_CHECKS } from './serving.js';

const SERVICES = ['api', 'app'] as const;
const DOCUMENTS = ['report', 'website'] as const;

/**
 * Run the same property over every Dockerfile; skipped when there is none. A Dockerfile with
 * unresolved conflict markers fails every property: neither side's instructions can be trusted.
 */
function everyDockerfile(repo: Repo, property: (d: Dockerfile) => string | undefined, ok: string): Outcome {
  const files = dockerfiles(repo);
  if (files.length === 0) return skip(say('found_noDockerfile'));
  const problems = files.flatMap((d) => {
    const problem = d.conflictAt !== undefined ? say('found_dockerMarkers', { line: d.conflictAt }) : property(d);
    return problem ? [`${d.path}: ${problem}`] : [];
  });
  return problems.length > 0 ? fail(some(problems)) : pass(`${some(files.map((d) => d.path))}: ${ok}`);
}

function lastStage(d: Dockerfile): Dockerfile['stages'][number] | undefined {
  return d.stages.at(-1);
}

/** The user the image runs as: the last USER of the final stage (root when there is none). */
function rootUser(d: Dockerfile): string | undefined {
  const user = lastStage(d)?.instructions.filter((i) => i.keyword === 'USER').at(-1);
  if (!user) return say('found_noUser');
  const name = user.args.split(':')[0]?.trim();
  return name === 'root' || name === '0' ? `USER ${user.args} is root` : undefined;
}

/** A base image without a tag is `latest`; a digest pins it; an earlier stage is not a base. */
function unpinnedBase(d: Dockerfile): string | undefined {
  const stageNames = new Set<string>();
  const bad: string[] = [];
  for (const stage of d.stages) {
    const image = stage.from;
    if (!(image === 'scratch' || image.includes('$') || image.includes('@sha256:') || stageNames.has(image.toLowerCase()))) {
      const tag = /:([^/:]+)$/.exec(image)?.[1];
      if (!tag || tag === 'latest') bad.push(`FROM ${image}`);
    }
    if (stage.name) stageNames.add(stage.name.toLowerCase());
  }
  return bad.length > 0 ? say('found_latestBase', { images: some(bad) }) : undefined;
}

function noHealthcheck(d: Dockerfile): string | undefined {
  const check = lastStage(d)?.instructions.filter((i) => i.keyword === 'HEALTHCHECK').at(-1);
  if (!check) return say('found_noHealthcheck');
  return /^NONE\b/i.test(check.args) ? 'HEALTHCHECK NONE' : undefined;
}

const ARGO = /^argoproj\.io\//;

export const PRODUCTION_CHECKS: readonly Check[] = [
  {
    id: 'production.dockerfile',
    phase: 'production',
    title: 'Dockerfile',
    check: ({ repo }) => {
      const files = dockerfiles(repo);
      return files.length > 0 ? pass(some(files.map((d) => d.path))) : fail(say('found_noDockerfile'));
    },
    fix: 'Add a Dockerfile: a slim Python base pinned to a version, uv installing the locked dependencies before the code is copied, bound to 0.0.0.0, no secret baked in.',
  },
  {
    id: 'production.docker-user',
    phase: 'production',
    title: 'Image runs as a non-root user',
    check: ({ repo }) => everyDockerfile(repo, rootUser, 'non-root USER'),
    fix: 'Create an unprivileged user in the final stage and switch to it: `USER 10001:10001`.',
  },
  {
    id: 'production.docker-base-tag',
    phase: 'production',
    title: 'Base image pinned (no latest)',
    check: ({ repo }) => everyDockerfile(repo, unpinnedBase, 'base images pinned'),
    fix: 'Pin every base image to a version (`python:3.12.8-slim`), or a digest; never `latest` or no tag.',
  },
  {
    id: 'production.docker-healthcheck',
    phase: 'production',
    title: 'Image declares a HEALTHCHECK',
    deliverables: SERVICES,
    check: ({ repo }) => everyDockerfile(repo, noHealthcheck, 'HEALTHCHECK'),
    fix: 'Add a HEALTHCHECK to the final stage that calls the service (for example its /health endpoint).',
  },
  {
    id: 'production.dockerignore',
    phase: 'production',
    title: '.dockerignore keeps secrets and data out',
    check: ({ repo }) => {
      const text = repo.readText('.dockerignore');
      if (text === undefined) return fail(say(dockerfiles(repo).length > 0 ? 'found_noDockerignore' : 'found_noDockerignoreNorFile'));
      const rules = parseIgnore(text, '.dockerignore');
      const missing = ['.env', 'data/raw.csv'].filter((p) => !isIgnored(rules, p));
      return missing.length > 0 ? fail(say('found_notExcluded', { paths: some(missing) })) : pass(say('found_excludes'));
    },
    fix: 'Add a .dockerignore that excludes .git, .venv, .env and .env.*, data/, outputs/ and models/.',
  },
  {
    id: 'production.image-workflow',
    phase: 'production',
    title: 'CI builds and pushes the image',
    check: ({ repo }) => {
      const hits = ciMatching(repo, /docker\/build-push-action|docker\s+(buildx\s+)?(build|push)\b|buildah|kaniko|podman\s+build/);
      return hits.length > 0 ? pass(some(hits.map((f) => f.path))) : fail(say('found_noImageJob'));
    },
    fix: 'Add a workflow that builds and pushes the image on main and on v*.*.* tags (docker/build-push-action to ghcr.io).',
  },
  {
    id: 'production.kubernetes',
    phase: 'production',
    title: 'Kubernetes manifests',
    deliverables: SERVICES,
    check: ({ repo }) => {
      const docs = docsOfKind(repo, ['Deployment', 'StatefulSet', 'Kustomization']);
      const charts = repo.files().filter((f) => /(^|\/)Chart\.ya?ml$/.test(f.path)).map((f) => f.path);
      const found = [...new Set([...docs.map((d) => d.path), ...charts])];
      return docs.some((d) => d.kind !== 'Kustomization') || charts.length > 0
        ? pass(some(found))
        : fail(say('found_noDeployment', { note: invalidYamlNote(repo) }));
    },
    fix: 'Add Kubernetes manifests with kustomize: a Deployment (env from Secrets, resource limits), a Service and an Ingress.',
  },
  {
    id: 'production.gitops',
    phase: 'production',
    title: 'GitOps: ArgoCD Application',
    deliverables: SERVICES,
    check: ({ repo }) => {
      const docs = [
        ...docsOfKind(repo, ['Application', 'ApplicationSet'], ARGO),
        ...docsOfKind(repo, ['Kustomization', 'HelmRelease'], /fluxcd\.io\//),
      ];
      return docs.length > 0 ? pass(some(docs.map((d) => `${d.path} (${d.kind})`))) : fail(say('found_noArgoCd', { note: invalidYamlNote(repo) }));
    },
    fix: 'Add an ArgoCD Application (automated sync, self-heal) that watches the manifests folder.',
  },
  {
    id: 'production.orchestration',
    phase: 'production',
    title: 'Pipeline orchestration (Argo Workflows)',
    check: ({ repo }) => {
      const argo = docsOfKind(repo, ['WorkflowTemplate', 'ClusterWorkflowTemplate', 'Workflow', 'CronWorkflow'], ARGO);
      if (argo.length > 0) return pass(some(argo.map((d) => `${d.path} (${d.kind})`)));
      const dags = pythonFiles(repo).filter((f) => /^[ \t]*(?:from|import)[ \t]+(?:airflow|prefect|dagster)\b/m.test(f.text));
      return dags.length > 0 ? pass(some(dags.map((f) => f.path))) : fail(say('found_noWorkflow', { note: invalidYamlNote(repo) }));
    },
    fix: 'Describe the pipeline DAG as an Argo WorkflowTemplate that runs each step in the project image (Airflow is the alternative).',
  },
  {
    id: 'production.publish-workflow',
    phase: 'production',
    title: 'CI publishes the document',
    deliverables: DOCUMENTS,
    check: ({ repo }) => {
      const hits = ciMatching(
        repo,
        /actions\/deploy-pages|peaceiris\/actions-gh-pages|github-pages-deploy-action|quarto-actions\/publish|quarto\s+publish|^pages:/m,
      );
      return hits.length > 0 ? pass(some(hits.map((f) => f.path))) : fail(say('found_noPublish'));
    },
    fix: 'Add a workflow that renders with Quarto and deploys to GitHub Pages on every push to main (actions/deploy-pages).',
  },
  ...SERVING_CHECKS,
  ...IMAGE_TAG_CHECKS,
];
