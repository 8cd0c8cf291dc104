import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

  test('ships the bin, the bundle (entry and lazy files) and every template, and nothing else', () => {
    const templates = walkFiles(path.join(root, 'templates')).map((f) => `templates/${f.path}`);
    const bundle = walkFiles(path.join(root, 'dist')).map((f) => `dist/${f.path}`);
    expect(bundle).toContain('dist/create-livrable.cjs');
    expect(bundle.some((f) => f.startsWith('dist/lazy/'))).toBe(true);
    const expected = new Set([
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'bin/create-livrable.cjs',
      ...bundle,
      ...templates,
    ]);
    expect([...files].sort()).toEqual([...expected].sort());
  });

  test('ships the licence of every package bundled into dist/ (THIRD-PARTY-NOTICES.txt)', () => {
    expect(files.has('dist/THIRD-PARTY-NOTICES.txt')).toBe(true);
    const notices = readFileSync(path.join(root, 'dist/THIRD-PARTY-NOTICES.txt'), 'utf8');
    // Independently of the build's metafile: the packages that the modules reachable from the
    // published entry import (type-only imports aside), and what those packages depend on.
    const imported = new Set<string>();
    const seen = new Set<string>();
    const follow = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/(?:^import (?!type )[^;]*? from |import\()'([^']+)'/gm)) {
        if (spec!.startsWith('.')) follow(path.resolve(path.dirname(file), spec!.replace(/\.js$/, '.ts')));
        else if (!spec!.startsWith('node:') && !spec!.startsWith('virtual:')) {
          const parts = spec!.split('/');
          imported.add(spec!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
        }
      }
    };
    follow(path.join(root, 'generators', 'bundle.ts'));
    const needed = new Set<string>();
    const visit = (name: string) => {
      if (needed.has(name)) return;
      needed.add(name);
      const manifest = JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
      for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
    };
    for (const name of imported) visit(name);
    expect([...imported]).toEqual(expect.arrayContaining(['@clack/prompts', 'yaml', 'node-diff3']));
    const listed = [...notices.matchAll(/^(\S+)@[^@\s]+ \(([^)]*)\)$/gm)].map((m) => m[1]);
    // The bundler drops what the code never reaches (type packages, polyfills of builtins), so the
    // list is at most what the dependency graph allows, and holds every package imported directly.
    expect(listed.filter((name) => !needed.has(name!))).toEqual([]);
    expect([...imported].filter((name) => !listed.includes(name))).toEqual([]);
    for (const name of listed as string[]) {
      const dir = path.join(root, 'node_modules', name);
      const licence = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
      if (licence) {
        expect(notices, name).toContain(readFileSync(path.join(dir, licence), 'utf8').trim());
        continue;
      }
      // No licence file: only an MIT package may ship, with the MIT text naming its author.
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      expect(manifest.license, `${name} has a licence file or is MIT`).toBe('MIT');
      const section = notices.split(`${name}@${manifest.version} (MIT)`)[1]?.split('='.repeat(72))[0] ?? '';
      expect(section, name).toContain('Permission is hereby granted, free of charge');
    }
  });

  test('the bin points at a file that ships', () => {
    expect(files.has(pkg.bin['create-livrable'])).toBe(true);
  });

  // The tarball itself, unpacked alone: every lazily loaded file must be in it and resolve.
  describe('unpacked from its tarball, away from node_modules', () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'livrable-pack-'));
    const tarball = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop()!;
    execFileSync('tar', ['xzf', path.join(work, tarball), '-C', work]);
    const bin = path.join(work, 'package', pkg.bin['create-livrable']);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, CI: '1' } });

    test('creates a project', () => {
      const result = run('made', '--deliverable', 'api', '--phase', 'maintenance', '--yes', '--no-git', '--no-install');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(readFileSync(path.join(work, 'made', '.livrable.json'), 'utf8')).toContain('"phase": "maintenance"');
    });

    test('reads a YAML preset (the YAML parser is a lazy file)', () => {
      mkdirSync(path.join(work, 'presets'), { recursive: true });
      writeFileSync(path.join(work, 'presets', 'class.yaml'), 'deliverable: app\nphase: production\n');
      const result = run('from-preset', '--preset', 'presets/class.yaml', '--yes', '--dry-run', '--json');
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout).answers).toMatchObject({ deliverable: 'app', phase: 'production' });
    });

    test('runs doctor and upgrade (lazy files)', () => {
      const doctor = run('doctor', 'made', '--json');
      expect(doctor.stderr).toBe('');
      // 3: the phase is not fully met, since a run without --install has no uv.lock yet.
      expect([0, 3]).toContain(doctor.status);
      expect(JSON.parse(doctor.stdout).checks.length).toBeGreaterThan(10);
      const upgrade = run('upgrade', 'made', '--phase', 'maintenance', '--dry-run');
      expect(upgrade.stderr).toBe('');
      expect(upgrade.status).toBe(0);
    });

    // add.cjs is built with a stand-in for inquirer (plop's prompt library, never used by add):
    // running an addition from the tarball proves plop still loads and runs its generators.
    test('runs add (its own lazy file, plop without inquirer)', () => {
      const project = path.join(work, 'made');
      execFileSync('git', ['init', '-q'], { cwd: project });
      execFileSync('git', ['add', '-A'], { cwd: project });
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init'], { cwd: project });
      const add = run('add', 'step', 'features', '--after', 'validate', 'made');
      expect(add.stderr).toBe('');
      expect(add.status).toBe(0);
      expect(readFileSync(path.join(project, '.livrable.json'), 'utf8')).toContain('features');
    });

    test('a usage error inside a lazily loaded file still exits 2 with its message', () => {
      // Those files carry their own copy of the error classes: the entry must still recognize them.
      for (const args of [['upgrade', 'made', '--bogus'], ['doctor', 'no-such-folder']]) {
        const result = run(...args);
        expect(result.status, args.join(' ')).toBe(2);
        expect(result.stderr).toMatch(/^create-livrable: /);
        expect(result.stderr).not.toContain('unexpected error');
      }
    });

    // Last but cleanup: it leaves this unpacked copy's templates edited.
    test('refuses a template edited after the build, even at the same size', () => {
      const template = path.join(work, 'package', 'templates', 'base', 'README.md.hbs');
      const text = readFileSync(template, 'utf8');
      const edited = text.replace(/[a-z]/, (c) => (c === 'a' ? 'b' : 'a'));
      expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
      writeFileSync(template, edited);
      const result = run('stale', '--yes', '--no-git', '--no-install', '--dry-run');
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('templates/base/README.md.hbs changed since the bundle was built: run `npm run build`');
      expect(result.stdout).toBe('');
    });

    test.sequential('cleans up', () => {
      rmSync(work, { recursive: true, force: true });
    });
  });
});
