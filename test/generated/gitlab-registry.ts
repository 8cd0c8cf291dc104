/**
 * A container registry on 127.0.0.1 for the GitLab image jobs (image-build, image-tags) to push
 * to, standing in for the project's GitLab registry ($CI_REGISTRY_IMAGE). These machines reach no
 * container registry, so:
 *   - the registry is Distribution's (Debian `docker-registry`), over TLS with a certificate made
 *     here and trusted through SSL_CERT_FILE (Buildah and skopeo refuse plain HTTP at login);
 *   - the Dockerfile's base images (python:X-slim-trixie, ghcr.io/astral-sh/uv) are the ones
 *     build-and-run.sh made in the offline store (~/.cache/containers-offline), copied into the
 *     registry and served as mirrors of docker.io and ghcr.io (registries.conf), so the job's
 *     `buildah build` pulls them as it would on GitLab;
 *   - Buildah's storage is overlay in ~/.cache/containers-offline/gitlab-buildah (its base images
 *     kept between runs; stop() removes what the jobs built and its layers). The job asks for vfs (an unprivileged runner
 *     container has no overlay mounts); here, as root, vfs would copy every layer (16 GB and
 *     20 minutes for the api image), so the test sets STORAGE_DRIVER=overlay and says so.
 * Everything lives in a folder of the caller's; stop() kills the registry it started.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENV, freePort, run } from './harness.js';

export const OFFLINE_STORE = process.env.CONTAINERS_HOME ?? path.join(os.homedir(), '.cache/containers-offline');

export interface LocalRegistry {
  /** host:port, the job's CI_REGISTRY */
  host: string;
  /** The environment the jobs, skopeo and podman run with (registries, storage, trust). */
  env: NodeJS.ProcessEnv;
  stop(): void;
}

async function waitFor(url: string, ca: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    try {
      run('curl', ['-sf', '--cacert', ca, url], os.tmpdir());
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`the local registry did not answer ${url} within 10 s`);
}

/** Starts the registry, fills it with the base images `images` (references as the Dockerfile names them). */
export async function startRegistry(dir: string, images: string[]): Promise<LocalRegistry> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], dir);
  const bundle = path.join(dir, 'ca-bundle.pem');
  writeFileSync(bundle, readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8') + readFileSync(cert, 'utf8'));
  writeFileSync(
    path.join(dir, 'registry.yml'),
    `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'data')}\nhttp:\n  addr: ${host}\n  secret: local-only\n  tls:\n    certificate: ${cert}\n    key: ${key}\nlog:\n  level: warn\n`,
  );
  const server: ChildProcess = spawn('docker-registry', ['serve', path.join(dir, 'registry.yml')], { stdio: 'ignore', detached: true });
  const stop = () => {
    if (server.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
    if (env) pruneJobImages(host, env);
  };
  let env: NodeJS.ProcessEnv | undefined;
  try {
    await waitFor(`https://${host}/v2/`, cert);
    const registries = path.join(dir, 'registries.conf');
    writeFileSync(
      registries,
      [
        'unqualified-search-registries = ["docker.io"]',
        'short-name-mode = "permissive"',
        ...['docker.io', 'ghcr.io'].flatMap((prefix) => ['[[registry]]', `prefix = "${prefix}"`, `location = "${prefix}"`, '[[registry.mirror]]', `location = "${host}/${prefix}"`]),
        '',
      ].join('\n'),
    );
    const storage = path.join(dir, 'storage.conf');
    const graph = path.join(OFFLINE_STORE, 'gitlab-buildah');
    writeFileSync(storage, `[storage]\ndriver = "overlay"\nrunroot = "${path.join(dir, 'run')}"\ngraphroot = "${graph}"\n`);
    env = {
      ...ENV,
      SSL_CERT_FILE: bundle,
      CONTAINERS_REGISTRIES_CONF: registries,
      CONTAINERS_STORAGE_CONF: storage,
      // runc and cgroupfs: these machines' quirks, as build-and-run.sh configured them
      CONTAINERS_CONF: path.join(OFFLINE_STORE, 'conf/containers.conf'),
      REGISTRY_AUTH_FILE: path.join(dir, 'auth.json'),
      TMPDIR: path.join(dir, 'tmp'),
    };
    mkdirSync(env.TMPDIR as string, { recursive: true });
    const jobEnv = env;
    const offline = { ...jobEnv, CONTAINERS_STORAGE_CONF: path.join(OFFLINE_STORE, 'conf/storage.conf') };
    for (const image of images) {
      const full = image.includes('/') ? image : `docker.io/library/${image}`;
      run('skopeo', ['copy', '--quiet', `containers-storage:${full}`, `docker://${host}/${full}`], dir, offline);
    }
    return { host, env: jobEnv, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * The images the jobs built, pushed or pulled through this registry leave Buildah's store; so do the
 * untagged layers (about 1 GB per api build: a CI machine's disk filled up with them). The mirrored
 * base images stay, for the next run.
 */
function pruneJobImages(host: string, env: NodeJS.ProcessEnv): void {
  const listed = spawnSync('podman', ['images', '--format', '{{.Repository}}:{{.Tag}}'], { env, encoding: 'utf8' });
  const ours = (listed.stdout ?? '').split('\n').filter((ref) => ref.startsWith(`${host}/`) && !ref.startsWith(`${host}/docker.io/`) && !ref.startsWith(`${host}/ghcr.io/`));
  if (ours.length > 0) spawnSync('podman', ['rmi', '-f', ...ours], { env, stdio: 'ignore' });
  spawnSync('podman', ['image', 'prune', '-f'], { env, stdio: 'ignore' });
}
