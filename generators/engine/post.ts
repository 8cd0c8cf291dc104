import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Look a command up on PATH without spawning anything (the create path stays subprocess-free). */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      try {
        accessSync(path.join(dir, command + ext), constants.X_OK);
        return true;
      } catch {
        // keep looking
      }
    }
  }
  return false;
}

export interface StepResult {
  step: string;
  ok: boolean;
  detail?: string;
}

type SpawnSync = typeof import('node:child_process').spawnSync;

/** child_process (with net and stream behind it) costs milliseconds to load: only runs that spawn pay. */
async function loadSpawnSync(): Promise<SpawnSync> {
  return (await import('node:child_process')).spawnSync;
}

async function run(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<StepResult> {
  const spawnSync = await loadSpawnSync();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: env ?? process.env });
  const step = `${command} ${args.join(' ')}`;
  if (result.error) return { step, ok: false, detail: result.error.message };
  if (result.status !== 0) {
    const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-5).join('\n');
    return { step, ok: false, detail: output };
  }
  return { step, ok: true };
}

/** `uv lock` then `uv sync`: the lock file is part of the first commit. */
export async function installWithUv(cwd: string): Promise<StepResult[]> {
  const lock = await run('uv', ['lock'], cwd);
  if (!lock.ok) return [lock];
  return [lock, await run('uv', ['sync'], cwd)];
}

/**
 * `git config --get <key>` as git sees it from cwd, [include] and [includeIf] resolved by git;
 * undefined when the key is unset or git cannot run.
 */
export async function gitConfigValue(key: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const result = (await loadSpawnSync())('git', ['config', '--get', key], { cwd, encoding: 'utf8', env });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** `git init` and a first commit. An identity that is not configured is supplied, not required. */
export async function initGit(cwd: string, author: string): Promise<StepResult[]> {
  const results = [await run('git', ['init', '--quiet', '--initial-branch=main'], cwd)];
  if (!results[0]?.ok) return results;
  results.push(await run('git', ['add', '--all'], cwd));
  const env = { ...process.env };
  env.GIT_AUTHOR_NAME ??= author || 'create-livrable';
  env.GIT_COMMITTER_NAME ??= env.GIT_AUTHOR_NAME;
  env.GIT_AUTHOR_EMAIL ??= 'author@example.invalid';
  env.GIT_COMMITTER_EMAIL ??= env.GIT_AUTHOR_EMAIL;
  // Only supply the identity when git has none configured: a user's own identity wins.
  const configured = (await loadSpawnSync())('git', ['config', 'user.email'], { cwd, encoding: 'utf8' });
  const commitEnv = configured.status === 0 && configured.stdout.trim() ? process.env : env;
  results.push(
    await run('git', ['commit', '--quiet', '--no-verify', '-m', 'Initial commit from create-livrable'], cwd, commitEnv),
  );
  return results;
}
