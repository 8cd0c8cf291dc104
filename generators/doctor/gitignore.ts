import ignore, { type Ignore } from 'ignore';
import { say } from './messages.js';

/**
 * One .gitignore (or .dockerignore) file, matched by the `ignore` package (git's wildmatch
 * semantics), to ask "would this path be ignored?" without git: doctor has to answer it for
 * repositories that are not git repositories yet, and about what the repository itself carries
 * (not a user's global excludes).
 *
 * A repository's .gitignore is input we do not control. Lines git reads otherwise than they
 * look (a reversed range, an unclosed bracket, an unknown class) are applied as git applies
 * them and reported; lines
 * whose matching cost grows with the depth of the tree to a power of their `**` count are
 * reported and not applied, so that no line can make doctor run for minutes.
 */
export interface IgnoreFile {
  /** Where the file is, for the problems' wording (`.gitignore`, `data/.gitignore`). */
  source: string;
  /** Patterns applied. */
  rules: number;
  /** One line each: `.gitignore:3: \`[z-a]\`: …`. */
  problems: string[];
  /** true: ignored, false: re-included by a `!` rule, undefined: no rule of this file matches. */
  test(relPath: string, isDir: boolean): boolean | undefined;
}

/** More `**` than this in one pattern: matching costs depth^n, refused. */
export const MAX_GLOBSTARS = 3;
/** Patterns applied per file; real files have a few hundred at most. */
export const MAX_RULES = 2_000;
/** A longer line is not a path pattern anyone wrote by hand. */
const MAX_PATTERN = 1_024;

const POSIX_CLASSES = new Set(['alnum', 'alpha', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'xdigit']);

/** What git reads otherwise than it looks in this bracket expression, or nothing. `start` is at `[`. */
function bracketProblem(pattern: string, start: number): { problem?: string; end: number } {
  let i = start + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  let prev: string | undefined;
  let first = true;
  for (;;) {
    const c = pattern[i];
    if (c === undefined) return { problem: say('ignore_unclosed'), end: i };
    if (c === ']' && !first) return { end: i };
    first = false;
    if (c === '\\') {
      prev = pattern[i + 1];
      i += 2;
      continue;
    }
    if (c === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      if (close !== -1) {
        const name = pattern.slice(i + 2, close);
        if (!POSIX_CLASSES.has(name)) return { problem: say('ignore_unknownClass', { name }), end: close + 1 };
        i = close + 2;
        prev = undefined;
        continue;
      }
    }
    if (c === '-' && prev !== undefined && pattern[i + 1] !== undefined && pattern[i + 1] !== ']') {
      let to = pattern[i + 1] as string;
      let skip = 2;
      if (to === '\\' && pattern[i + 2] !== undefined) {
        to = pattern[i + 2] as string;
        skip = 3;
      }
      if (to < prev) {
        return { problem: say('ignore_reversedRange', { from: prev, to }), end: i };
      }
      prev = undefined;
      i += skip;
      continue;
    }
    prev = c;
    i++;
  }
}

/** What is wrong with one pattern (after `!` and escapes are read), or undefined. */
export function patternProblem(pattern: string): { problem: string; applied: boolean } | undefined {
  if (pattern.length > MAX_PATTERN) return { problem: say('ignore_tooLong', { max: MAX_PATTERN }), applied: false };
  const globstars = pattern.match(/\*\*/g)?.length ?? 0;
  if (globstars > MAX_GLOBSTARS) {
    return { problem: say('ignore_globstars', { max: MAX_GLOBSTARS }), applied: false };
  }
  if (/(^|[^\\])(\\\\)*\\$/.test(pattern)) return { problem: say('ignore_backslash'), applied: false };
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') {
      i++;
      continue;
    }
    if (pattern[i] === '[') {
      const { problem, end } = bracketProblem(pattern, i);
      if (problem) return { problem, applied: true };
      i = end;
    }
  }
  return undefined;
}

/** A line as the user wrote it, one line whatever it holds, for a report. */
const shown = (line: string) => `\`${line.length > 80 ? `${line.slice(0, 77)}…` : line}\``.replace(/[\u0000-\u001f\u007f]/g, '?');

/**
 * Trailing spaces dropped unless escaped, as git does. A loop, not `/[ \t]+$/`: that expression
 * retries from every space of a long run that does not end the line (quadratic on a crafted line).
 */
function trimTrailing(raw: string): string {
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === ' ' || raw[end - 1] === '\t')) end--;
  if (end < raw.length && end > 0 && raw[end - 1] === '\\') end++; // "\ " keeps its escaped space
  return raw.slice(0, end);
}

export function parseIgnore(text: string, source = '.gitignore'): IgnoreFile {
  const problems: string[] = [];
  const accepted: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n] as string;
    const line = trimTrailing(raw);
    if (!line || line.startsWith('#')) continue;
    const body = line.replace(/^!/, '').replace(/^\\([!#])/, '$1');
    const found = patternProblem(body);
    if (found) problems.push(`${source}:${n + 1}: ${shown(line)}: ${found.problem}`);
    if (found && !found.applied) continue;
    if (accepted.length >= MAX_RULES) {
      problems.push(`${source}: more than ${MAX_RULES} patterns: the rest is not applied`);
      break;
    }
    accepted.push(line);
  }
  // git is case-sensitive unless core.ignorecase; `ignore` is not by default.
  const matcher: Ignore = ignore({ ignorecase: false }).add(accepted);
  return {
    source,
    rules: accepted.length,
    problems,
    test(relPath, isDir) {
      if (!relPath || !ignore.isPathValid(relPath)) return undefined;
      const result = matcher.test(isDir ? `${relPath}/` : relPath);
      return result.ignored ? true : result.unignored ? false : undefined;
    },
  };
}

/**
 * Whether a posix path relative to the ignore file's folder is ignored by this one file. As in
 * git, a path inside an ignored folder cannot be re-included, and the last matching rule wins.
 */
export function isIgnored(file: IgnoreFile, relPath: string, isDir = false): boolean {
  const parts = relPath.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    if (file.test(parts.slice(0, i).join('/'), true)) return true;
  }
  return file.test(parts.join('/'), isDir) ?? false;
}
