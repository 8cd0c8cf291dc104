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

export function merge3(ours: string, base: string, theirs: string): MergeOutcome {
  const eol = ours.includes('\r\n') ? '\r\n' : '\n';
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
