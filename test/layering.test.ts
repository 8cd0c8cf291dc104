import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTmpDirs, ROOT, tmpDir } from './helpers.js';

const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

afterAll(cleanTmpDirs);

/** dependency-cruiser over generators/ of `cwd`, with the project's rules (.dependency-cruiser.cjs). */
function cruise(cwd: string): { status: number | null; output: string } {
  const result = spawnSync(DEPCRUISE, ['generators', '--config', CONFIG, '--output-type', 'err'], {
    cwd,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('layering (ARCHITECTURE.md): core ← engine, doctor ← cli, and no cycles', () => {
  it('generators/ has no import against the layering and no cycle', () => {
    const { status, output } = cruise(ROOT);
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });

  it('the rules catch each kind of bad import (a tree made to break every one)', () => {
    const dir = tmpDir('livrable-layering-');
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' } }),
      'generators/core/domain.ts': "import { run } from '../engine/plan.js';\nexport const X = run;\n",
      'generators/engine/plan.ts': "import { flags } from '../cli/args.js';\nexport const run = flags;\n",
      'generators/doctor/audit.ts': "import { flags } from '../cli/args.js';\nexport const audit = flags;\n",
      'generators/cli/args.ts': "export const flags = 1;\n",
      'generators/cli/main.ts': "import { sub } from './sub.js';\nexport const main = sub;\n",
      'generators/cli/sub.ts': "import type { main } from './main.js';\nexport const sub = 1 as unknown as typeof main;\n",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const { status, output } = cruise(dir);
    expect(status).not.toBe(0);
    expect(output).toMatch(/core-imports-no-layer-above: generators\/core\/domain\.ts → generators\/engine\/plan\.ts/);
    expect(output).toMatch(/engine-imports-no-cli: generators\/engine\/plan\.ts → generators\/cli\/args\.ts/);
    expect(output).toMatch(/doctor-imports-no-cli: generators\/doctor\/audit\.ts → generators\/cli\/args\.ts/);
    // A type-only import closes a cycle too.
    expect(output).toMatch(/no-cycles: generators\/cli\/main\.ts/);
  });
});
