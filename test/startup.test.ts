import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkFiles } from '../generators/engine/fs-store.js';

// What keeps a scripted create fast, checked on the built entry and the sources (the timings
// themselves live in `npm run bench`, never in a test).
const root = path.resolve(__dirname, '..');
const entry = readFileSync(path.join(root, 'dist/create-livrable.js'), 'utf8');
const staticImports = [...entry.matchAll(/(?:^|[;}])import\s*(?:[^'"();]*?from\s*)?["']([^"']+)["']/g)].map((m) => m[1] ?? '');

describe('the create path stays light', () => {
  it('the entry holds code and template structure, not template text', () => {
    // The text is read from templates/ when used; 660 KB of precompiled templates cost ~40 ms.
    expect(entry.length).toBeLessThan(120_000);
  });

  it('the entry does not load prompts, YAML, upgrade, doctor or costly builtins up front', () => {
    expect(staticImports.length).toBeGreaterThan(0);
    for (const name of staticImports) {
      expect(['node:child_process', 'node:os', 'node:url', 'node:readline']).not.toContain(name);
    }
    const chunks = staticImports.filter((name) => name.startsWith('./chunks/'));
    for (const chunk of chunks) {
      const code = readFileSync(path.join(root, 'dist', chunk), 'utf8');
      expect(code, chunk).not.toMatch(/yaml\.document|@clack|diff3/i);
    }
  });

  it('no source calls localeCompare (loading ICU collation costs ~12 ms)', () => {
    const offenders = walkFiles(path.join(root, 'generators'))
      .filter((f) => /localeCompare\(|Intl\.Collator/.test(readFileSync(path.join(root, 'generators', f.path), 'utf8')))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});
