import { parse as parseToml } from 'smol-toml';
import { say } from './messages.js';
import { parseAllDocuments, stringify } from 'yaml';
import { conflictLine } from './conflict-markers.js';
import { contentScan, type TextFile } from './content.js';
import type { Repo } from './repo.js';

/**
 * Shared readers over a Repo: CI configuration, Kubernetes-style YAML, Dockerfiles, pyproject.
 * YAML and TOML are read by real parsers (yaml, smol-toml); a file they refuse is reported as
 * such by the checks that read it, never a crash.
 */
export type { TextFile };

/** At most this many aliases expanded per YAML document: a "billion laughs" file stays small. */
const MAX_ALIASES = 100;

/** "line 3, column 5: …", one line, for a report. */
function yamlError(error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): string {
  const first = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  const at = error.linePos?.[0];
  return at ? `line ${at.line}, column ${at.col}: ${first}` : first;
}

export interface ParsedYaml {
  /** Each document as plain data; empty when the file is not valid YAML or was not parsed. */
  docs: unknown[];
  /** Why the parser refused the file, one line. */
  error?: string;
  /** Why the file was not given to the parser (too large, too deep, budget spent): read as text instead. */
  skipped?: string;
}

/**
 * The YAML parser costs seconds per half megabyte of crafted input (long flow sequences, wide
 * mappings): a file larger than this, or past the audit's total, is read as text the way doctor
 * read every file before it had a parser (top-level `kind:` lines, comment lines removed).
 */
export const MAX_YAML_BYTES = 256 * 1024;
export const MAX_YAML_TOTAL_BYTES = 2 * 1024 * 1024;
/** Deeper flow nesting (`[[[[…`) is refused before parsing: the parser's cost, and memory, explode. */
export const MAX_YAML_NESTING = 100;

function flowNesting(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return max;
}

/** Every document of a YAML text, or why it is not YAML (or too large or deep to be read). */
export function parseYaml(text: string, budget?: { left: number }): ParsedYaml {
  if (text.length > MAX_YAML_BYTES) return { docs: [], skipped: say('scan_yamlTooLarge', { size: MAX_YAML_BYTES / 1024 }) };
  if (budget && text.length > budget.left) return { docs: [], skipped: say('scan_yamlBudget', { size: MAX_YAML_TOTAL_BYTES / 1024 / 1024 }) };
  if (flowNesting(text) > MAX_YAML_NESTING) return { docs: [], skipped: say('scan_yamlNested', { depth: MAX_YAML_NESTING }) };
  if (budget) budget.left -= text.length;
  try {
    const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: false });
    const list = Array.isArray(docs) ? docs : [docs];
    const broken = list.find((d) => d.errors.length > 0);
    if (broken) return { docs: [], error: yamlError(broken.errors[0] as Parameters<typeof yamlError>[0]) };
    return { docs: list.map((d) => d.toJS({ maxAliasCount: MAX_ALIASES }) as unknown) };
  } catch (error) {
    return { docs: [], error: (error as Error).message.split('\n')[0] };
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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

export interface CiFile extends TextFile {
  /** Why the YAML parser refused it (YAML files only). */
  yamlError?: string;
}

/**
 * Every CI configuration file. The text patterns are matched against: a YAML file as its parser
 * read it, written back without comments (a trailing `# pytest` no longer counts, a flow-style
 * `on: {schedule: …}` reads like the block style); other files (or YAML the parser refuses)
 * with their comment lines removed.
 */
export function ciFiles(repo: Repo): CiFile[] {
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
    return paths.flatMap((p): CiFile[] => {
      const text = repo.isFile(p) ? repo.readText(p) : undefined;
      if (text === undefined) return [];
      if (!/\.ya?ml$/.test(p)) return [{ path: p, text: withoutCommentLines(text) }];
      const parsed = parseYaml(text, yamlBudget(repo));
      if (parsed.skipped !== undefined) return [{ path: p, text: withoutCommentLines(text) }];
      if (parsed.error !== undefined) return [{ path: p, text: withoutCommentLines(text), yamlError: parsed.error }];
      const normalised = parsed.docs.map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n');
      return [{ path: p, text: normalised }];
    });
  });
}

/** What is left of the audit's YAML parsing budget (shared by every YAML file doctor parses). */
function yamlBudget(repo: Repo): { left: number } {
  return memo(repo, 'yaml-budget', () => ({ left: MAX_YAML_TOTAL_BYTES }));
}

export function ciMatching(repo: Repo, pattern: RegExp | ((text: string) => boolean)): CiFile[] {
  const matches = typeof pattern === 'function' ? pattern : (text: string) => pattern.test(text);
  return ciFiles(repo).filter((f) => matches(f.text));
}

export interface YamlDoc {
  path: string;
  apiVersion: string;
  kind: string;
}

/** Files whose text is a template (Helm, Jinja): not YAML until rendered, read by their keys. */
const TEMPLATED = /\{\{|\{%/;

function docsByRegex(path: string, text: string): YamlDoc[] {
  return text.split(/^---[ \t]*$/m).flatMap((doc) => {
    const kind = /^kind:[ \t]*["']?([\w-]+)/m.exec(doc)?.[1];
    if (!kind) return [];
    const apiVersion = /^apiVersion:[ \t]*["']?([\w./-]+)/m.exec(doc)?.[1] ?? '';
    return [{ path, apiVersion, kind }];
  });
}

/** Top-level apiVersion and kind of every YAML document outside the CI folders, and the files that are not YAML. */
export function yamlDocs(repo: Repo): { docs: YamlDoc[]; invalid: string[] } {
  return memo(repo, 'yaml', () => {
    const docs: YamlDoc[] = [];
    const invalid: string[] = [];
    for (const f of repo.files()) {
      if (!/\.ya?ml$/i.test(f.path) || f.path.startsWith('.github/') || f.size >= 512 * 1024) continue;
      const text = repo.readText(f.path) ?? '';
      const parsed = parseYaml(text, yamlBudget(repo));
      if (parsed.skipped !== undefined) {
        docs.push(...docsByRegex(f.path, text));
        continue;
      }
      if (parsed.error !== undefined) {
        if (TEMPLATED.test(text)) docs.push(...docsByRegex(f.path, text));
        else invalid.push(`${f.path} (${parsed.error})`);
        continue;
      }
      for (const doc of parsed.docs) {
        if (!isRecord(doc) || typeof doc.kind !== 'string') continue;
        docs.push({ path: f.path, kind: doc.kind, apiVersion: typeof doc.apiVersion === 'string' ? doc.apiVersion : '' });
      }
    }
    return { docs, invalid };
  });
}

/** " (not valid YAML: a.yaml (line 2, …))" for a failing check that looks for manifests. */
export function invalidYamlNote(repo: Repo): string {
  const { invalid } = yamlDocs(repo);
  if (invalid.length === 0) return '';
  const shown = invalid.slice(0, 3).join(', ');
  return say('found_invalidYaml', { files: invalid.length > 3 ? say('andMore', { shown, count: invalid.length - 3 }) : shown });
}

export function docsOfKind(repo: Repo, kinds: readonly string[], apiGroup?: RegExp): YamlDoc[] {
  return yamlDocs(repo).docs.filter((d) => kinds.includes(d.kind) && (!apiGroup || apiGroup.test(d.apiVersion)));
}

/** Python files that would be committed (tests included), as far as the content scan read. */
export function pythonFiles(repo: Repo): TextFile[] {
  return contentScan(repo).python;
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
  /** Line of the first unresolved conflict block: such a file is neither side, no instruction counts. */
  conflictAt?: number;
  /** Instructions of each build stage, in order; the last stage is the image that runs. */
  stages: { from: string; name?: string; instructions: DockerInstruction[] }[];
}

export function parseDockerfile(rel: string, text: string): Dockerfile {
  const stages: Dockerfile['stages'] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let piece = lines[i] as string;
    if (/^\s*#/.test(piece)) continue;
    // Continuations are joined once at the end: re-testing the growing instruction at every line
    // would make a Dockerfile of many continued lines quadratic.
    const pieces: string[] = [];
    while (/\\\s*$/.test(piece) && i + 1 < lines.length) {
      pieces.push(piece.replace(/\\\s*$/, ' '));
      i += 1;
      piece = lines[i] as string;
      if (/^\s*#/.test(piece)) piece = '\\'; // a comment inside an instruction: skipped, the instruction goes on
    }
    pieces.push(piece.replace(/^\\$/, ''));
    const logical = pieces.join('');
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
  return { path: rel, stages, conflictAt: conflictLine(text) };
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

export interface Pyproject {
  data?: Record<string, unknown>;
  /** Why the TOML parser refused it, one line. */
  error?: string;
}

/** pyproject.toml, parsed by a TOML parser; undefined when there is none. */
export function pyproject(repo: Repo): Pyproject | undefined {
  return memo(repo, 'pyproject', () => {
    const text = repo.readText('pyproject.toml');
    if (text === undefined) return undefined;
    try {
      return { data: parseToml(text) as Record<string, unknown> };
    } catch (error) {
      const { line, column, message } = error as { line?: number; column?: number; message: string };
      const first = (message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
      return { error: line ? `line ${line}, column ${column}: ${first}` : first };
    }
  });
}

/** data.a.b.c when each step is a table. */
export function tableAt(data: unknown, ...keys: string[]): Record<string, unknown> | undefined {
  let node = data;
  for (const key of keys) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return isRecord(node) ? node : undefined;
}
