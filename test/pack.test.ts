import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { walkFiles } from '../generators/engine/fs-store.js';

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('the published package', () => {
  // npm pack --dry-run lists exactly what `npm publish` would upload (prepack builds the bundle).
  const listing = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
  ) as { files: { path: string }[] }[];
  const files = new Set(listing[0]?.files.map((f) => f.path));

  test('has no runtime dependencies: everything is bundled', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
  });

  test('ships the bin, the one bundle and every template, and nothing else', () => {
    const templates = walkFiles(path.join(root, 'templates')).map((f) => `templates/${f.path}`);
    const expected = new Set([
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'bin/create-livrable.js',
      'dist/create-livrable.js',
      ...templates,
    ]);
    expect([...files].sort()).toEqual([...expected].sort());
  });

  test('the bin points at a file that ships', () => {
    expect(files.has(pkg.bin['create-livrable'])).toBe(true);
  });
});
