/**
 * "Did you mean …?" for a mistyped value, flag or preset key: the closest known word, or none
 * when nothing is close enough to be a plausible typo (a wrong suggestion is worse than none).
 */

import { t } from './i18n.js';

const KEYBOARD_ROWS = ['1234567890-', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Neighbouring keys on a QWERTY row: hitting one for the other is the likeliest typo. */
function adjacentKeys(x: string, y: string): boolean {
  return KEYBOARD_ROWS.some((row) => {
    const i = row.indexOf(x);
    return i >= 0 && (row[i - 1] === y || row[i + 1] === y);
  });
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps,
 * a substitution by a neighbouring key counting half (`apu` is nearer `api` than `app`).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const x = a[i - 1] as string;
      const y = b[j - 1] as string;
      const cost = x === y ? 0 : adjacentKeys(x, y) ? 0.5 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** How many edits still read as a typo of a word this long: one for short words, a third beyond. */
function tolerance(length: number): number {
  return length <= 4 ? 1 : Math.max(2, Math.floor(length / 3));
}

/**
 * The known word the input most plausibly meant, compared without case: the nearest within the
 * typo tolerance, else the only word the input is a prefix of (`--deliv` → `deliverable`).
 * Undefined when none is close or two are equally close.
 */
export function closest(input: string, known: readonly string[]): string | undefined {
  const typed = input.toLowerCase();
  if (typed === '') return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const word of known) {
    const distance = editDistance(typed, word.toLowerCase());
    if (distance < bestDistance) {
      best = word;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) {
      tie = true;
    }
  }
  if (best !== undefined && !tie && bestDistance <= tolerance(Math.max(typed.length, best.length))) return best;
  if (typed.length >= 3) {
    const extended = known.filter((word) => word.toLowerCase().startsWith(typed));
    if (extended.length === 1) return extended[0];
  }
  return undefined;
}

/** " Did you mean x?" (leading space included), or "" when nothing is close. */
export function didYouMean(input: string, known: readonly string[], format: (word: string) => string = (w) => w): string {
  const match = closest(input, known);
  return match === undefined ? '' : t('didYouMean', { word: format(match) });
}
