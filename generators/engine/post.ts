import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { SAFE_GIT_FLAGS, safeGitEnv, safeGitEnvIn } from './git.js';

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

/** One command run in the new project after it is written. */
export interface Step {
  command: string;
  args: string[];
  /** How the user runs it by hand (the next-steps and interruption messages show this). */
  display: string;
  /** The environment to run it with, worked out just before it runs; the caller's otherwise. */
  env?: (cwd: string, base: NodeJS.ProcessEnv) => Promise<NodeJS.ProcessEnv>;
}

export interface StepResult {
  step: string;
  ok: boolean;
  detail?: string;
  /** The command is not installed (not found on PATH). */
  missing?: boolean;
  /** Ended by SIGINT (Ctrl-C reaches the whole foreground process group). */
  interrupted?: boolean;
}

type ChildProcess = import('node:child_process').ChildProcess;

/** child_process (with net and stream behind it) costs milliseconds to load: only runs that spawn pay. */
async function childProcess(): Promise<typeof import('node:child_process')> {
  return import('node:child_process');
}

/**
 * Run a step without blocking the event loop, so that a progress display keeps moving and a
 * SIGINT handler can run while it works. `onSpawn` hands the child to whoever may need to stop it.
 */
export async function runStep(
  step: Step,
  cwd: string,
  base: NodeJS.ProcessEnv = process.env,
  onSpawn?: (child: ChildProcess) => void,
): Promise<StepResult> {
  const { spawn } = await childProcess();
  const env = step.env ? await step.env(cwd, base) : base;
  const name = step.display;
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(step.command, step.args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    onSpawn?.(child);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', (error: NodeJS.ErrnoException) => {
      resolve(
        error.code === 'ENOENT'
          ? { step: name, ok: false, missing: true, detail: `${step.command} is not installed (not found on PATH)` }
          : { step: name, ok: false, detail: error.message },
      );
    });
    child.on('close', (status, signal) => {
      if (status === 0) return resolve({ step: name, ok: true });
      const tail = output.trim().split('\n').slice(-5).join('\n');
      if (signal === 'SIGINT' || status === 130) return resolve({ step: name, ok: false, interrupted: true, detail: tail });
      resolve({ step: name, ok: false, detail: tail || `exited with ${signal ?? `code ${status}`}` });
    });
  });
}

/** `uv lock` then `uv sync`: the lock file is part of the first commit. */
export function uvSteps(): Step[] {
  return [
    { command: 'uv', args: ['lock'], display: 'uv lock' },
    { command: 'uv', args: ['sync'], display: 'uv sync' },
  ];
}

/**
 * `git config --get <key>` as git sees it from cwd, [include] and [includeIf] resolved by git;
 * undefined when the key is unset or git cannot run.
 */
export async function gitConfigValue(key: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const result = (await childProcess()).spawnSync('git', [...SAFE_GIT_FLAGS, 'config', '--get', key], {
    cwd,
    encoding: 'utf8',
    env: safeGitEnv(env),
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** `git init` and a first commit. An identity that is not configured is supplied, not required. */
export function gitSteps(author: string): Step[] {
  const message = 'Initial commit from create-livrable';
  // A target may hold a .git of its own: its hooks and fsmonitor must not run (see git.ts).
  const safe = async (cwd: string, base: NodeJS.ProcessEnv) => safeGitEnvIn(cwd, base, (await childProcess()).spawnSync);
  return [
    {
      command: 'git',
      args: [...SAFE_GIT_FLAGS, 'init', '--quiet', '--initial-branch=main'],
      display: 'git init --initial-branch=main',
      env: safe,
    },
    { command: 'git', args: [...SAFE_GIT_FLAGS, 'add', '--all'], display: 'git add --all', env: safe },
    {
      command: 'git',
      args: [...SAFE_GIT_FLAGS, 'commit', '--quiet', '--no-verify', '-m', message],
      display: `git commit -m "${message}"`,
      env: async (cwd, base) => {
        const safeBase = safeGitEnvIn(cwd, base, (await childProcess()).spawnSync);
        // Only supply the identity when git has none configured: a user's own identity wins.
        const configured = (await childProcess()).spawnSync('git', [...SAFE_GIT_FLAGS, 'config', 'user.email'], {
          cwd,
          env: safeBase,
          encoding: 'utf8',
        });
        if (configured.status === 0 && configured.stdout.trim()) return safeBase;
        const env = { ...safeBase };
        env.GIT_AUTHOR_NAME ??= author || 'create-livrable';
        env.GIT_COMMITTER_NAME ??= env.GIT_AUTHOR_NAME;
        env.GIT_AUTHOR_EMAIL ??= 'author@example.invalid';
        env.GIT_COMMITTER_EMAIL ??= env.GIT_AUTHOR_EMAIL;
        return env;
      },
    },
  ];
}
