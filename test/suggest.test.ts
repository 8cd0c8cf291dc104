import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../generators/core/suggest.js';

describe('did you mean', () => {
  it('edit distance counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('api', 'api')).toBe(0);
    expect(editDistance('apu', 'api')).toBe(0.5); // u and i are neighbours
    expect(editDistance('apu', 'app')).toBe(1);
    expect(editDistance('deliverabl', 'deliverable')).toBe(1);
    expect(editDistance('pai', 'api')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it.each([
    ['apu', ['api', 'app', 'report', 'website'], 'api'],
    ['webiste', ['api', 'app', 'report', 'website'], 'website'],
    ['deliverabl', ['deliverable', 'phase', 'dry-run'], 'deliverable'],
    ['DELIVRABLE', ['deliverable', 'phase'], 'deliverable'],
    ['dev', ['development', 'production', 'maintenance'], 'development'],
  ])('%s → %s', (input, known, expected) => {
    expect(closest(input, known)).toBe(expected);
  });

  it.each([
    ['cli', ['api', 'app', 'report', 'website']],
    ['apx', ['api', 'app']],
    ['', ['api']],
    ['frobnicate', ['deliverable', 'phase', 'yes']],
  ])('nothing for %s (far away, or a tie)', (input, known) => {
    expect(closest(input, known)).toBeUndefined();
  });

  it('formats the suggestion, or says nothing', () => {
    expect(didYouMean('deliverabl', ['deliverable'], (w) => `--${w}`)).toBe(' Did you mean --deliverable?');
    expect(didYouMean('zzz', ['deliverable'])).toBe('');
  });
});
