import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The default author: the user.name git would use, read from git's config files directly
 * rather than by running git, so that creating a project spawns no process.
 */
export function gitUserName(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GIT_AUTHOR_NAME) return env.GIT_AUTHOR_NAME;
  // HOME is set on every POSIX shell; node:os (a few ms to load) only for the rare run without it.
  const home = env.HOME ?? env.USERPROFILE ?? process.getBuiltinModule?.('node:os')?.homedir() ?? '';
  const files = [
    path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'git', 'config'),
    path.join(home, '.gitconfig'),
  ];
  let name = '';
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    let section = '';
    for (const line of text.split(/\r?\n/)) {
      const header = /^\s*\[([^\]\s"]+)(?:\s+"[^"]*")?\]/.exec(line);
      if (header) {
        section = (header[1] ?? '').toLowerCase();
        continue;
      }
      const entry = /^\s*name\s*=\s*(.*?)\s*$/i.exec(line);
      if (section === 'user' && entry) name = (entry[1] ?? '').replace(/^"(.*)"$/, '$1');
    }
  }
  return name;
}
