/**
 * Helpers for the generated-repo tier: generate a project with the built bin, run its own
 * commands, and start its servers on loopback. A missing tool fails the check: never a skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/create-livrable.cjs');
/** A folder of its own per run, so that two runs on one machine never share projects. */
export const WORK = process.env.LIVRABLE_GENERATED_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'livrable-generated-'));
// Each test file gets its own WORK (this module is loaded per file); its projects and their
// environments (about 3 GB over the tier) go with it. A folder named by the variable is kept to inspect.
afterAll(() => {
  if (!process.env.LIVRABLE_GENERATED_DIR) rmSync(WORK, { recursive: true, force: true });
});

/** uv must never try to download a Python: these machines reach PyPI only. */
// The locale is pinned: the CLI's language follows it (a French machine would make French projects
// and French messages where the checks expect the default); a test that wants French says so.
export const ENV: NodeJS.ProcessEnv = { ...process.env, UV_PYTHON_DOWNLOADS: 'never', CI: 'true', LC_ALL: 'C.UTF-8', LC_MESSAGES: '', LANG: 'C.UTF-8' };
delete ENV.VIRTUAL_ENV;
// Some machines set this; then every Python start recompiles scikit-learn and pandas from source.
delete ENV.PYTHONDONTWRITEBYTECODE;
ENV.UV_COMPILE_BYTECODE = '1';

export interface RunResult {
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV): RunResult {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not start (${result.error.message}): is it installed?`);
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` exited ${result.status} in ${cwd}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

/** Generate a fresh project; returns its directory. */
export function generate(deliverable: string, phase: string, extra: string[] = []): string {
  mkdirSync(WORK, { recursive: true });
  // Without a comma (`api,report`): podman takes a build context's path with one for a list.
  const dir = path.join(WORK, `${deliverable.replace(/,/g, '-')}-${phase}`);
  rmSync(dir, { recursive: true, force: true });
  run(
    process.execPath,
    [BIN, dir, '--deliverable', deliverable, '--phase', phase, '--name', `Demo ${deliverable}`,
      '--yes', '--no-git', '--no-install', ...extra],
    WORK,
  );
  if (!existsSync(path.join(dir, '.livrable.json'))) throw new Error(`${dir} was not generated`);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Start a server in its own process group, wait until `url` answers 200, run `fn`, stop the group and wait for it. */
export async function withServer<T>(
  command: string,
  args: string[],
  cwd: string,
  url: string,
  fn: () => Promise<T>,
  env: NodeJS.ProcessEnv = ENV,
  timeoutMs = 90_000,
): Promise<T> {
  const child: ChildProcess = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const signal = (name: NodeJS.Signals | 0): boolean => {
    try {
      if (child.pid) process.kill(-child.pid, name);
      return true;
    } catch {
      return false; // the whole group is gone
    }
  };
  // Wait for every process of the group, not just the first: a launcher (`uv run`) may exit while
  // the server it started is still shutting down. Killed after 15 s of grace.
  const stop = async () => {
    if (!signal('SIGTERM')) return;
    const deadline = Date.now() + 15_000;
    while (signal(0)) {
      if (Date.now() > deadline) {
        signal('SIGKILL');
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} exited ${child.exitCode} before serving:\n${output}`);
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    return await fn();
  } finally {
    await stop();
  }
}

/** Install the generated project's environment from a fresh lock, as its CI would. */
export function uvSync(dir: string, extra: string[] = []): void {
  run('uv', ['lock'], dir);
  run('uv', ['sync', '--locked', ...extra], dir);
}

export function uvRun(dir: string, args: string[], env: NodeJS.ProcessEnv = ENV): RunResult {
  return run('uv', ['run', '--no-sync', ...args], dir, env);
}

/** The project's API served by uvicorn on a free loopback port, ready at /health, for the length of `fn`. */
export async function withApi<T>(dir: string, pkg: string, fn: (base: string) => Promise<T>, env: NodeJS.ProcessEnv = ENV): Promise<T> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  return withServer(
    'uv',
    ['run', '--no-sync', 'uvicorn', `${pkg}.api:app`, '--host', '127.0.0.1', '--port', String(port)],
    dir,
    `${base}/health`,
    () => fn(base),
    env,
  );
}
