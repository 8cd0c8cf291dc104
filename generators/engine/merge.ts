import { diff3Merge } from 'node-diff3';

/**
 * Line-based 3-way merge for `upgrade`: ours = the file on disk (the user's), base = what the
 * generator made for the recorded answers, theirs = what it makes for the new answers. A region
 * changed on one side only takes that side; a region both sides changed differently (or changes
 * that touch, as in git) becomes a git-style conflict block.
 */

export const CONFLICT_LABELS = { ours: 'yours', theirs: 'create-livrable' } as const;
export const MARKERS = {
  ours: `<<<<<<< ${CONFLICT_LABELS.ours}`,
  separator: '=======',
  theirs: `>>>>>>> ${CONFLICT_LABELS.theirs}`,
} as const;

export interface MergeOutcome {
  /** The merged text; with conflict blocks when `conflicts > 0`. */
  text: string;
  /** Number of conflict blocks written. */
  conflicts: number;
}

/** Split into lines that keep their terminator ("\n" or "\r\n"), so joining gives the text back. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A conflict side must end with a newline, or the marker after it would glue onto its last line. */
function block(lines: string[], eol: string): string {
  const text = lines.join('');
  return text === '' || text.endsWith('\n') ? text : text + eol;
}

/**
 * The line ending a file uses throughout: "\r\n" when every line break is CRLF, "\n" when none is,
 * undefined when it mixes both (then it is merged byte for byte, as it is).
 */
export function lineEnding(text: string): '\n' | '\r\n' | undefined {
  const breaks = (text.match(/\n/g) ?? []).length;
  if (breaks === 0) return undefined;
  const crlf = (text.match(/\r\n/g) ?? []).length;
  return crlf === 0 ? '\n' : crlf === breaks ? '\r\n' : undefined;
}

function mergeLines(ours: string, base: string, theirs: string, eol: string): MergeOutcome {
  const regions = diff3Merge<string>(splitLines(ours), splitLines(base), splitLines(theirs), {
    excludeFalseConflicts: true,
  });
  let text = '';
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok) text += region.ok.join('');
    else if (region.conflict) {
      conflicts += 1;
      text = block([text], eol);
      text +=
        `${MARKERS.ours}${eol}${block(region.conflict.a, eol)}${MARKERS.separator}${eol}` +
        `${block(region.conflict.b, eol)}${MARKERS.theirs}${eol}`;
    }
  }
  return { text, conflicts };
}

/**
 * Line-ending aware: a file the user converted to CRLF (an editor on Windows, core.autocrlf)
 * still merges line by line with the generator's LF versions, and comes back all CRLF, markers
 * included; without this every line would differ and the whole file would be one conflict.
 */
export function merge3(ours: string, base: string, theirs: string): MergeOutcome {
  if (lineEnding(ours) === '\r\n') {
    const lf = (text: string) => text.replace(/\r\n/g, '\n');
    const merged = mergeLines(lf(ours), lf(base), lf(theirs), '\n');
    return { text: merged.text.replace(/\n/g, '\r\n'), conflicts: merged.conflicts };
  }
  return mergeLines(ours, base, theirs, ours.includes('\r\n') ? '\r\n' : '\n');
}

/**
 * Unresolved conflict blocks: a line starting "<<<<<<<", then a line "=======", then a line
 * starting ">>>>>>>", in that order (all three, so that a Markdown heading underlined with
 * "=======" is not one). Returns the 1-based line of the first block's "<<<<<<<", or 0.
 */
export function conflictMarkerLine(text: string): number {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  let open = 0;
  let separated = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (/^<{7}(?: |$)/.test(line)) {
      open = i + 1;
      separated = false;
    } else if (open && line === '=======') separated = true;
    else if (open && separated && /^>{7}(?: |$)/.test(line)) return open;
  }
  return 0;
}

/** Text we can merge line by line: valid UTF-8 without NUL bytes. */
export function isText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}
