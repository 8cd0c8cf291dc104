/**
 * The API's contract, fuzzed: schemathesis generates requests from the OpenAPI the API serves
 * on loopback and checks every answer against it (`--checks all`: no 500, every status and body
 * documented, …). No reload token is set: POST /reload answers 403, fast (a reload per generated
 * request would dominate the run; the project's own tests and the loop scenario cover reloads).
 * Requests get 60 s: a 1,000-record batch on a loaded two-core machine takes seconds.
 *
 * schemathesis runs asynchronously: a blocking spawnSync would stop this process from draining
 * the server's output pipe, and the server blocks on its next large log line (a 1,000-record
 * prediction record is ~130 kB), so a request hangs.
 */
import { spawn } from 'node:child_process';
import { ENV, freePort, withServer } from './harness.js';

/** Pinned: a new schemathesis release may add checks, which is a change to review, not a surprise. */
export const SCHEMATHESIS = 'schemathesis==4.32.5';

export async function fuzzApi(dir: string, pkg: string): Promise<string> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...ENV };
  delete env.RELOAD_TOKEN;
  return withServer(
    'uv',
    ['run', '--no-sync', 'uvicorn', `${pkg}.api:app`, '--host', '127.0.0.1', '--port', String(port)],
    dir,
    `${base}/health`,
    async () => {
      const result = await new Promise<{ status: number | null; output: string }>((resolve, reject) => {
        const child = spawn(
          'uvx',
          ['--from', SCHEMATHESIS, 'schemathesis', 'run', `${base}/openapi.json`, '--checks', 'all',
            '--max-examples', '30', '--seed', '1', '--request-timeout', '60', '--no-color'],
          { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        const timer = setTimeout(() => child.kill('SIGTERM'), 300_000);
        child.once('error', (error) => {
          clearTimeout(timer);
          reject(new Error(`uvx could not run schemathesis (${error.message})`));
        });
        child.once('close', (status) => {
          clearTimeout(timer);
          resolve({ status, output });
        });
      });
      const { output } = result;
      if (result.status !== 0) throw new Error(`schemathesis found failures (exit ${result.status}):\n${output}`);
      const summary = /(\d+) generated, (\d+) passed/.exec(output);
      if (!summary) throw new Error(`schemathesis printed no summary:\n${output}`);
      return summary[0];
    },
    env,
  );
}
