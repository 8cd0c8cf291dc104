import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkFiles } from '../generators/engine/fs-store.js';

// What keeps a scripted create fast, checked on the built entry and the sources (the timings
// themselves live in `npm run bench`, never in a test).
const root = path.resolve(__dirname, '..');
const entry = readFileSync(path.join(root, 'dist/create-livrable.cjs'), 'utf8');
// The entry is CommonJS; a lazy load is a require() behind a promise (how the build turns import()).
const requires = [...entry.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? '');
const lazyRequires = [...entry.matchAll(/Promise\.resolve\(\)\.then\(\(\)=>[\w$]+\(require\("([^"]+)"\)/g)].map((m) => m[1] ?? '');
const staticRequires = requires.filter((name) => !lazyRequires.includes(name));

describe('the create path stays light', () => {
  it('the entry holds code and template structure, not template text', () => {
    // The text is read from templates/ when used; 660 KB of precompiled templates cost ~40 ms.
    // The English message catalogue (core/messages/en.ts, ~10 KB with its keys), the --dataset flags
    // (their reading, inference and prompts are dist/lazy/dataset.cjs) and the data description
    // are in the entry, as are the sets of deliverables that may share a repository and the layer
    // of the website's API page; the programs of French variants and of `add` are not
    // (templates-more.json). The report's and website's documents branch on the task; the
    // maintenance cards and the drift tests follow the data description (tables, conditions by
    // task and feature kinds): programs stored as strings and parsed only when used. The production
    // files of an API beside a website (one image command, the publish workflow's API_URL, the
    // ConfigMaps' API_URL and CORS_ORIGINS, the README's parts) add ~1.5 KB of branches; those
    // of an app beside an API (its command in its Deployment, the smoke test's app checks, the
    // deploy tests of both Deployments, the README's parts) ~2 KB more, and the GitLab wording of
    // several deliverables (the smoke job, the pages job's API_URL, api + report's wording) ~1.5 KB.
    expect(entry.length).toBeLessThan(155_000);
  });

  it('the entry does not load prompts, YAML, upgrade, doctor, French or costly builtins up front', () => {
    expect(staticRequires.length).toBeGreaterThan(0);
    for (const name of staticRequires) {
      expect(name.startsWith('node:'), name).toBe(true);
      expect(['node:child_process', 'node:os', 'node:url', 'node:readline', 'node:stream']).not.toContain(name);
    }
    // Each of them is a file of its own, required only when a run gets there.
    expect(lazyRequires.sort()).toEqual(
      ['./lazy/dataset.cjs', './lazy/doctor.cjs', './lazy/fr.cjs', './lazy/prompts.cjs', './lazy/upgrade.cjs', './lazy/write-existing.cjs', './lazy/yaml.cjs', 'node:child_process'].sort(),
    );
    expect(entry).not.toMatch(/yaml\.document|@clack|diff3|hyparquet|PAR1/i);
    // The journal of a change to an existing folder is not the create path's.
    expect(entry).not.toContain('journal.json');
  });

  it('no source calls localeCompare (loading ICU collation costs ~12 ms)', () => {
    const offenders = walkFiles(path.join(root, 'generators'))
      .filter((f) => /localeCompare\(|Intl\.Collator/.test(readFileSync(path.join(root, 'generators', f.path), 'utf8')))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});
