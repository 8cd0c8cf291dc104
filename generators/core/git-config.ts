import { readFileSync } from 'node:fs';
import path from 'node:path';

/** git's own limit on nested includes (MAX_INCLUDE_DEPTH). */
const MAX_INCLUDE_DEPTH = 10;

/**
 * user.name from the global git config files, read directly rather than by running git: the
 * default author of a run that does not run git (--no-git, or no git installed), which must spawn
 * nothing. A run that runs git asks git itself instead (cli/main.ts).
 *
 * `[include] path = …` is followed (relative to the including file, `~/` from HOME), in place, so
 * a later value wins as in git. `[includeIf "…"]` is not: its conditions (gitdir, onbranch) are
 * about a repository, and a run that does not run git creates none, so git outside a repository
 * would not apply them either.
 */
export function gitUserName(env: NodeJS.ProcessEnv = process.env): string {
  // HOME is set on every POSIX shell; node:os (a few ms to load) only for the rare run without it.
  const home = env.HOME ?? env.USERPROFILE ?? process.getBuiltinModule?.('node:os')?.homedir() ?? '';
  const found = { name: '' };
  // GIT_CONFIG_GLOBAL replaces both global files, as it does for git.
  const files = env.GIT_CONFIG_GLOBAL
    ? [env.GIT_CONFIG_GLOBAL]
    : [path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'git', 'config'), path.join(home, '.gitconfig')];
  for (const file of files) {
    readConfig(file, home, found, 0);
  }
  return found.name;
}

function readConfig(file: string, home: string, found: { name: string }, depth: number): void {
  if (depth > MAX_INCLUDE_DEPTH) return;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]\s"]+)(?:\s+"[^"]*")?\]/.exec(line);
    if (header) {
      section = (header[1] ?? '').toLowerCase();
      continue;
    }
    const entry = /^\s*([A-Za-z][\w-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!entry) continue;
    const key = (entry[1] ?? '').toLowerCase();
    const value = (entry[2] ?? '').replace(/^"(.*)"$/, '$1');
    if (section === 'user' && key === 'name') found.name = value;
    else if (section === 'include' && key === 'path' && value) {
      const target = value.startsWith('~/') ? path.join(home, value.slice(2)) : path.resolve(path.dirname(file), value);
      readConfig(target, home, found, depth + 1);
    }
  }
}
