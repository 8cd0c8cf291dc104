import type { spawnSync as SpawnSync } from 'node:child_process';

/**
 * How create-livrable runs git in a folder it did not make: a repository's own configuration can
 * name commands (core.fsmonitor runs one on every `git status`, hooks run on commit, a filter
 * driver's clean command runs on `git add` and on the `git status` of a file whose timestamps
 * changed), and a repository someone handed over must not run anything on our behalf. So every
 * git call gets these flags first, and this environment:
 *   core.fsmonitor=false        no file-system monitor command
 *   core.hooksPath=/dev/null    no hook (pre-commit, post-commit, …), whatever the config says
 *   commit.gpgSign=false        no signing program (gpg.program) on commit
 *   GIT_OPTIONAL_LOCKS=0        `git status` does not refresh the index: nothing is written in .git
 *   filter.<name>.clean/smudge/process emptied, required=false, for every filter driver the
 *                               configuration defines (safeGitEnvIn): git runs no filter command
 * System-wide configuration (/etc/gitconfig) is kept: it is the machine's administrator's, like
 * the git binary itself, not the repository's.
 */
export const SAFE_GIT_FLAGS: readonly string[] = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'commit.gpgSign=false',
];

export function safeGitEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, GIT_OPTIONAL_LOCKS: '0' };
}

/**
 * The filter drivers git's configuration defines for cwd (repository, global, system, included
 * files). A filter runs only if configured: `.gitattributes` (in-tree, `.git/info/attributes`)
 * names a driver, but only the configuration gives it a command, so emptying every configured
 * one leaves no filter git could run.
 */
export function configuredFilters(cwd: string, env: NodeJS.ProcessEnv, spawnSync: typeof SpawnSync): string[] {
  const listed = spawnSync('git', [...SAFE_GIT_FLAGS, 'config', '-z', '--get-regexp', '^filter\\.'], {
    cwd,
    env: safeGitEnv(env),
    encoding: 'utf8',
    timeout: 30_000,
  });
  // Exit 1: no filter configured. Anything else (not a repository yet, git missing): none to list.
  if (listed.error || listed.status !== 0) return [];
  const names = new Set<string>();
  for (const entry of listed.stdout.split('\0')) {
    const key = entry.split('\n')[0] ?? '';
    const match = /^filter\.(.+)\.[^.]+$/s.exec(key);
    if (match) names.add(match[1] as string);
  }
  return [...names];
}

/**
 * safeGitEnv, plus every configured filter driver emptied through GIT_CONFIG_COUNT (as `-c`
 * would, after what the caller's environment already sets): a clean, smudge or process command
 * of the repository's is never run by our `git status` or `git add`.
 */
export function safeGitEnvIn(cwd: string, env: NodeJS.ProcessEnv, spawnSync: typeof SpawnSync): NodeJS.ProcessEnv {
  const safe = safeGitEnv(env);
  const filters = configuredFilters(cwd, env, spawnSync);
  if (filters.length === 0) return safe;
  let count = Number(safe.GIT_CONFIG_COUNT ?? 0);
  if (!Number.isInteger(count) || count < 0) count = 0;
  for (const name of filters) {
    for (const [key, value] of [['clean', ''], ['smudge', ''], ['process', ''], ['required', 'false']] as const) {
      safe[`GIT_CONFIG_KEY_${count}`] = `filter.${name}.${key}`;
      safe[`GIT_CONFIG_VALUE_${count}`] = value;
      count += 1;
    }
  }
  safe.GIT_CONFIG_COUNT = String(count);
  return safe;
}
