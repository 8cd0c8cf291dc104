/**
 * A small matcher for one .gitignore (or .dockerignore) file, enough to ask "would this path be
 * ignored?" without git: doctor has to answer it for repositories that are not git repositories
 * yet, and about what the repository itself carries (not a user's global excludes).
 */
export interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  /** Matched against the whole relative path (the pattern has a slash) or against each name. */
  anchored: boolean;
  regex: RegExp;
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const before = i === 0 || glob[i - 1] === '/';
        const after = glob[i + 2] === '/' || i + 2 === glob.length;
        if (before && after) {
          if (glob[i + 2] === '/') {
            out += '(?:.*/)?'; // "**/": zero or more folders
            i += 2;
          } else {
            out += '.*'; // trailing "/**": everything inside
            i += 1;
          }
          continue;
        }
        i += 1; // "**" elsewhere behaves like "*"
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < glob.length) {
      out += (glob[i + 1] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += 1;
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return out;
}

export function parseIgnore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.slice(0, -1);
    }
    if (!line) continue;
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    rules.push({ negate, dirOnly, anchored, regex: new RegExp(`^${globToRegex(line)}$`) });
  }
  return rules;
}

function matches(rules: readonly IgnoreRule[], relPath: string, isDir: boolean): boolean | undefined {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  let result: boolean | undefined;
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue;
    if (rule.regex.test(rule.anchored ? relPath : name)) result = !rule.negate;
  }
  return result;
}

/**
 * Whether a posix path relative to the ignore file's folder is ignored. As in git, a file inside
 * an ignored folder cannot be re-included, and the last matching rule wins.
 */
export function isIgnored(rules: readonly IgnoreRule[], relPath: string, isDir = false): boolean {
  const parts = relPath.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    if (matches(rules, parts.slice(0, i).join('/'), true)) return true;
  }
  return matches(rules, parts.join('/'), isDir) ?? false;
}
