/**
 * The API's contract, fuzzed: schemathesis generates requests from the OpenAPI the API serves
 * on loopback and checks every answer against it (`--checks all`: no 500, every status and body
 * documented, …). No reload token is set: POST /reload answers 403, fast (a reload per generated
 * request would dominate the run; the project's own tests and the loop scenario cover reloads).
 * Requests get 60 s: a 1,000-record batch on a loaded two-core machine takes seconds.
 */
import { spawnSync } from 'node:child_process';
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
      const result = spawnSync(
        'uvx',
        ['--from', SCHEMATHESIS, 'schemathesis', 'run', `${base}/openapi.json`, '--checks', 'all',
          '--max-examples', '30', '--seed', '1', '--request-timeout', '60', '--no-color'],
        { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      );
      const output = `${result.stdout}${result.stderr}`;
      if (result.error) throw new Error(`uvx could not run schemathesis (${result.error.message})`);
      if (result.status !== 0) throw new Error(`schemathesis found failures (exit ${result.status}):\n${output}`);
      const summary = /(\d+) generated, (\d+) passed/.exec(output);
      if (!summary) throw new Error(`schemathesis printed no summary:\n${output}`);
      return summary[0];
    },
    env,
  );
}
