// Inputs the user (or a file handed to them) controls: presets that are not files, names and
// free text holding non-characters, values that start with a dash, and errors nobody planned.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { main, type Runtime } from '../generators/cli/main.js';
import { CI_PROVIDERS, DELIVERABLES, LICENSES, PHASES } from '../generators/core/domain.js';
import type { Answers } from '../generators/core/answers.js';
import { UserError } from '../generators/core/errors.js';
import { MAX_PRESET_BYTES } from '../generators/core/preset.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { plan } from '../generators/engine/plan.js';
import { type BinRun, cleanTmpDirs, collector, makeAnswers, PACKAGE_VERSION, spawnBin, TEMPLATES, tmpDir } from './helpers.js';

const store = createFsStore(TEMPLATES);

afterAll(cleanTmpDirs);

/** The built bin, killed after 10 s: a hang is a failure, not a stuck test run. */
function runBin(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<BinRun> {
  return spawnBin(args, cwd, { PATH: tmpDir('livrable-emptybin-'), HOME: cwd, ...env }, 10_000);
}

/** One line of stderr, no stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.slice(0, -1)).not.toContain('\n');
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe.concurrent('--preset that is not a small regular file: one line, exit 2, no hang, nothing written', () => {
  const cases: [string, (cwd: string) => string, RegExp][] = [
    ['a FIFO nobody writes to', (cwd) => {
      execFileSync('mkfifo', [path.join(cwd, 'class.yaml')]);
      return 'class.yaml';
    }, /not a regular file/],
    ['/dev/zero (endless)', () => '/dev/zero', /not a regular file/],
    ['a directory', (cwd) => {
      mkdirSync(path.join(cwd, 'presets.yaml'));
      return 'presets.yaml';
    }, /is a directory/],
    [`a file over ${MAX_PRESET_BYTES / 1024} KiB`, (cwd) => {
      writeFileSync(path.join(cwd, 'big.yaml'), `# ${'x'.repeat(MAX_PRESET_BYTES)}\ndeliverable: api\n`);
      return 'big.yaml';
    }, new RegExp(`larger than ${MAX_PRESET_BYTES / 1024} KiB`)],
  ];

  it.each(cases)('%s', async (_label, make, message) => {
    const cwd = tmpDir('livrable-preset-');
    const preset = make(cwd);
    const before = readdirSync(cwd).sort();
    const result = await runBin(['proj', '--preset', preset, '--yes', '--no-git', '--no-install'], cwd);
    expect(result.timedOut).toBe(false);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(preset);
    expectOneLine(result.stderr);
    expect(readdirSync(cwd).sort()).toEqual(before);
  });

  it('a preset of exactly the limit is read', async () => {
    const cwd = tmpDir('livrable-preset-');
    const body = 'deliverable: app\n';
    writeFileSync(path.join(cwd, 'ok.yaml'), `#${'x'.repeat(MAX_PRESET_BYTES - body.length - 2)}\n${body}`);
    const result = await runBin(['proj', '--preset', 'ok.yaml', '--yes', '--dry-run', '--json'], cwd);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).answers.deliverable).toBe('app');
  });
});

// ---------------------------------------------------------------------------------------------

/** Text with everything YAML, TOML or JSON could choke on, non-characters first. */
const HOSTILE = 'x\uFFFE y\uFFFF z\uFDD0 \u{1FFFE} bom\uFEFF nel\u0085 c1\u0080 del\u007f "q" \'s\' #h k: v \\ end';

/**
 * YAML's printable set (YAML 1.2 §5.1, c-printable): what a conforming parser accepts in a stream.
 * The `yaml` package does not enforce it on a string it is given; PyYAML and libyaml do, on the
 * bytes of a file, and so do the tools a generated repository runs (yamllint, Quarto).
 */
// eslint-disable-next-line no-control-regex
const NOT_YAML_PRINTABLE = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function yamlOf(file: string, text: string): string | undefined {
  if (/\.ya?ml$/.test(file)) return text;
  if (/\.(qmd|md)$/.test(file) && text.startsWith('---\n')) return text.slice(4, text.indexOf('\n---\n', 4) + 1);
  return undefined;
}

describe('names and free text with non-characters', () => {
  it.each([
    ['name', { name: 'Penguins\uFFFE' }, /project name contains U\+FFFE/],
    ['description', { description: 'About \uFFFF penguins' }, /description contains U\+FFFF/],
    ['author', { author: 'Ada \uFDD0' }, /author contains U\+FDD0/],
    ['description, astral', { description: 'plane one \u{1FFFE}' }, /description contains U\+1FFFE/],
    ['description, half a surrogate pair', { description: 'half \uD800 pair' }, /description contains U\+D800/],
  ])('a %s with one is refused with a one-line message', (_label, raw, message) => {
    let error: unknown;
    try {
      makeAnswers(raw as Record<string, string>);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('the same through the CLI: exit 2, one line', async () => {
    const cwd = tmpDir('livrable-names-');
    const result = await runBin(['proj', '--description', 'a\uFFFEb', '--yes', '--no-git', '--no-install'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/description contains U\+FFFE/);
    expectOneLine(result.stderr);
    expect(existsSync(path.join(cwd, 'proj'))).toBe(false);
  });

  // Validation refuses them; the escaping must not depend on it. Every combination is planned
  // (the plan is data: bytes, nothing written) with hostile text forced past validation, and every
  // YAML, TOML and JSON file it holds is parsed by a real parser, the text coming back unchanged.
  const combos = DELIVERABLES.flatMap((deliverable) =>
    PHASES.flatMap((phase) => CI_PROVIDERS.map((ci) => [deliverable, phase, ci] as const)),
  );
  it.each(combos)('%s × %s × %s: every YAML, TOML and JSON file parses, the text intact', (deliverable, phase, ci) => {
    const answers: Answers = { ...makeAnswers({ deliverable, phase, ci, license: LICENSES[0] }), name: HOSTILE, description: HOSTILE, author: HOSTILE };
    const files = plan(answers, { store, generatorVersion: PACKAGE_VERSION, year: 2026 });
    let yamlFiles = 0;
    let found = 0;
    for (const file of files) {
      const text = file.content.toString('utf8');
      const yaml = yamlOf(file.path, text);
      if (yaml !== undefined) {
        yamlFiles++;
        expect(yaml, `${file.path}: a character outside YAML's printable set`).not.toMatch(NOT_YAML_PRINTABLE);
        for (const doc of parseAllDocuments(yaml) as ReturnType<typeof parseAllDocuments> & unknown[]) {
          expect(doc.errors, file.path).toEqual([]);
          if (JSON.stringify(doc.toJS()).includes(JSON.stringify(HOSTILE).slice(1, -1))) found++;
        }
      } else if (file.path.endsWith('.toml')) {
        const data = parseToml(text);
        if (JSON.stringify(data).includes(JSON.stringify(HOSTILE).slice(1, -1))) found++;
      } else if (file.path.endsWith('.json')) {
        const data = JSON.parse(text) as unknown;
        if (JSON.stringify(data).includes(JSON.stringify(HOSTILE).slice(1, -1))) found++;
      }
    }
    expect(yamlFiles).toBeGreaterThan(0);
    // the text did land in parsed files (pyproject, .livrable.json, and the Quarto metadata)
    expect(found).toBeGreaterThanOrEqual(2);
  });
});

// ---------------------------------------------------------------------------------------------


async function runMain(argv: string[], env: NodeJS.ProcessEnv = {}, brokenStore = false): Promise<{ code: number; stderr: string }> {
  const stdout = collector();
  const stderr = collector();
  const stdin = new PassThrough();
  stdin.end();
  const usedStore = brokenStore
    ? {
        ...store,
        render: () => {
          throw new TypeError('Cannot read properties of undefined (reading "bytes")');
        },
      }
    : store;
  const rt: Runtime = { store: usedStore, version: PACKAGE_VERSION, cwd: tmpDir('livrable-main-'), env, stdin, stdout: stdout.stream, stderr: stderr.stream };
  const code = await main(argv, rt);
  return { code, stderr: stderr.text() };
}

describe.concurrent('every error message is one line', () => {
  it.each([
    [['proj', '--name', '-dash', '--yes']],
    [['proj', '--deliverable', '--yes']],
    [['proj', '--deliverable', 'a\nb', '--yes']],
    [['proj', '--description', 'one\ntwo', '--yes', '--dry-run']],
    [['doctor', '--phase', '-x']],
    [['upgrade', '--phase', '-x']],
    [['proj', '--preset', 'no\nwhere.yaml', '--yes']],
  ])('%j: exit 2, one line', async (argv) => {
    const { code, stderr } = await runMain(argv);
    expect(code).toBe(2);
    expectOneLine(stderr);
  });

  it('an unexpected error: one line and exit 1; the stack trace only with DEBUG set', async () => {
    const quiet = await runMain(['proj', '--yes', '--dry-run'], {}, true);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe('create-livrable: unexpected error: Cannot read properties of undefined (reading "bytes") (set DEBUG=1 for the stack trace)\n');
    const debug = await runMain(['proj', '--yes', '--dry-run'], { DEBUG: '1' }, true);
    expect(debug.code).toBe(1);
    expect(debug.stderr.split('\n')[0]).toBe('create-livrable: unexpected error: Cannot read properties of undefined (reading "bytes")');
    expect(debug.stderr).toMatch(/^\s+at /m);
  });
});
