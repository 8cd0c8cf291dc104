import type { Repo } from './repo.js';

/** Shared readers over a Repo: CI configuration, Kubernetes-style YAML, Dockerfiles, pyproject. */

export interface TextFile {
  path: string;
  text: string;
}

const CI_FILES = [
  '.gitlab-ci.yml',
  '.circleci/config.yml',
  'Jenkinsfile',
  'azure-pipelines.yml',
  'bitbucket-pipelines.yml',
  '.drone.yml',
  '.woodpecker.yml',
];

/** Lines that are only a comment say nothing about what runs. */
function withoutCommentLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
}

const cache = new WeakMap<Repo, Map<string, unknown>>();
function memo<T>(repo: Repo, key: string, compute: () => T): T {
  let map = cache.get(repo);
  if (!map) cache.set(repo, (map = new Map()));
  if (!map.has(key)) map.set(key, compute());
  return map.get(key) as T;
}

/** Every CI configuration file, comment lines removed. */
export function ciFiles(repo: Repo): TextFile[] {
  return memo(repo, 'ci', () => {
    const paths = [
      ...repo
        .list('.github/workflows')
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => `.github/workflows/${name}`),
      ...repo.list('.woodpecker').filter((n) => /\.ya?ml$/.test(n)).map((n) => `.woodpecker/${n}`),
      // GitLab: files .gitlab-ci.yml includes, by the usual convention.
      ...repo.list('.gitlab/ci').filter((n) => /\.ya?ml$/.test(n)).map((n) => `.gitlab/ci/${n}`),
      ...CI_FILES,
    ];
    return paths.flatMap((p) => {
      const text = repo.isFile(p) ? repo.readText(p) : undefined;
      return text === undefined ? [] : [{ path: p, text: withoutCommentLines(text) }];
    });
  });
}

export function ciMatching(repo: Repo, pattern: RegExp): TextFile[] {
  return ciFiles(repo).filter((f) => pattern.test(f.text));
}

export interface YamlDoc {
  path: string;
  apiVersion: string;
  kind: string;
  text: string;
}

/** Top-level apiVersion and kind of every YAML document outside the CI folders. */
export function yamlDocs(repo: Repo): YamlDoc[] {
  return memo(repo, 'yaml', () =>
    repo
      .files()
      .filter((f) => /\.ya?ml$/i.test(f.path) && !f.path.startsWith('.github/') && f.size < 512 * 1024)
      .flatMap((f) => {
        const text = repo.readText(f.path) ?? '';
        return text.split(/^---[ \t]*$/m).flatMap((doc) => {
          const kind = /^kind:[ \t]*["']?([\w-]+)/m.exec(doc)?.[1];
          if (!kind) return [];
          const apiVersion = /^apiVersion:[ \t]*["']?([\w./-]+)/m.exec(doc)?.[1] ?? '';
          return [{ path: f.path, apiVersion, kind, text: doc }];
        });
      }),
  );
}

export function docsOfKind(repo: Repo, kinds: readonly string[], apiGroup?: RegExp): YamlDoc[] {
  return yamlDocs(repo).filter((d) => kinds.includes(d.kind) && (!apiGroup || apiGroup.test(d.apiVersion)));
}

/** Python files that would be committed (tests included). */
export function pythonFiles(repo: Repo): TextFile[] {
  return memo(repo, 'py', () =>
    repo
      .files()
      .filter((f) => f.path.endsWith('.py'))
      .flatMap((f) => {
        const text = repo.readText(f.path);
        return text === undefined ? [] : [{ path: f.path, text }];
      }),
  );
}

export function isTestPath(p: string): boolean {
  return /(^|\/)(tests?|testing)\//.test(p) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(p);
}

/** Top-level folders that hold code but are not the project's package. */
const NOT_PACKAGES = new Set(['tests', 'test', 'docs', 'doc', 'notebooks', 'scripts', 'examples', 'deploy', 'build', 'dist']);

/** The project's packages: src/<name>/ holding Python, or top-level folders with an __init__.py. */
export function packages(repo: Repo): string[] {
  return memo(repo, 'packages', () => {
    const found = new Set<string>();
    for (const f of repo.files()) {
      if (!f.path.endsWith('.py')) continue;
      const parts = f.path.split('/');
      if (parts[0] === 'src' && parts.length >= 3) found.add(`src/${parts[1]}`);
      else if (parts.length === 2 && parts[1] === '__init__.py' && !NOT_PACKAGES.has(parts[0] as string) && !parts[0]?.startsWith('.')) {
        found.add(parts[0] as string);
      }
    }
    return [...found].sort();
  });
}

export interface DockerInstruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Dockerfile {
  path: string;
  /** Instructions of each build stage, in order; the last stage is the image that runs. */
  stages: { from: string; name?: string; instructions: DockerInstruction[] }[];
}

export function parseDockerfile(rel: string, text: string): Dockerfile {
  const stages: Dockerfile['stages'] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let logical = lines[i] as string;
    if (/^\s*#/.test(logical)) continue;
    while (/\\\s*$/.test(logical) && i + 1 < lines.length) {
      i += 1;
      const next = lines[i] as string;
      logical = logical.replace(/\\\s*$/, ' ') + (/^\s*#/.test(next) ? '' : next);
    }
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(logical);
    if (!match) continue;
    const keyword = (match[1] as string).toUpperCase();
    const args = (match[2] as string).trim();
    if (keyword === 'FROM') {
      const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const asIndex = words.findIndex((w) => w.toLowerCase() === 'as');
      stages.push({
        from: words[0] ?? '',
        name: asIndex >= 0 ? words[asIndex + 1] : undefined,
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push({ keyword, args, line: start + 1 });
    }
  }
  return { path: rel, stages };
}

/** Dockerfiles and Containerfiles at the top level or one folder down. */
export function dockerfiles(repo: Repo): Dockerfile[] {
  return memo(repo, 'docker', () =>
    repo
      .files()
      .filter((f) => {
        const parts = f.path.split('/');
        const name = parts.at(-1) as string;
        return parts.length <= 2 && /^(Dockerfile|Containerfile)(\..+)?$|\.[Dd]ockerfile$/.test(name);
      })
      .flatMap((f) => {
        const text = repo.readText(f.path);
        return text === undefined ? [] : [parseDockerfile(f.path, text)];
      }),
  );
}

/** Body of a TOML table (`[name]`), up to the next table header. */
export function tomlTable(text: string, name: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const header = new RegExp(`^\\s*\\[\\s*${name.replace(/\./g, '\\.')}\\s*\\]\\s*(#.*)?$`);
  const start = lines.findIndex((l) => header.test(l));
  if (start === -1) return undefined;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*\[/.test(line)) break;
    body.push(line);
  }
  return body.join('\n');
}

/** The strings of a TOML array assigned to `key` in a table body (undefined when absent). */
export function tomlStringArray(body: string, key: string): string[] | undefined {
  const m = new RegExp(`^\\s*${key}\\s*=\\s*\\[`, 'm').exec(body);
  if (!m) return undefined;
  const values: string[] = [];
  let i = m.index + m[0].length;
  while (i < body.length) {
    const c = body[i] as string;
    if (c === ']') return values;
    if (c === '#') {
      while (i < body.length && body[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const triple = body.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      let value = '';
      while (j < body.length && !body.startsWith(quote, j)) {
        if (c === '"' && body[j] === '\\') {
          value += body[j + 1] ?? '';
          j += 2;
        } else value += body[j++];
      }
      values.push(value);
      i = j + quote.length;
      continue;
    }
    i++;
  }
  return values;
}
