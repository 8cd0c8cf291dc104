/**
 * How create-livrable runs git in a folder it did not make: a repository's own configuration can
 * name commands (core.fsmonitor runs one on every `git status`, hooks run on commit), and a
 * repository someone handed over must not run anything on our behalf. So every git call gets
 * these flags first, and this environment:
 *   core.fsmonitor=false        no file-system monitor command
 *   core.hooksPath=/dev/null    no hook (pre-commit, post-commit, …), whatever the config says
 *   GIT_OPTIONAL_LOCKS=0        `git status` does not refresh the index: nothing is written in .git
 * System-wide configuration (/etc/gitconfig) is kept: it is the machine's administrator's, like
 * the git binary itself, not the repository's.
 */
export const SAFE_GIT_FLAGS: readonly string[] = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null'];

export function safeGitEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, GIT_OPTIONAL_LOCKS: '0' };
}
