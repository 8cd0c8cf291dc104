import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cleanTmpDirs, ROOT, tmpDir } from './helpers.js';

afterAll(cleanTmpDirs);

// The generated-repo tier leaves nothing under the temporary folder: a file of that tier generating
// a project through its harness is run by vitest with TMPDIR pointing at an empty folder.
it('the generated-repo harness removes its projects after the file ran', () => {
  const tmp = tmpDir('livrable-tier-tmp-');
  const probe = tmpDir('livrable-tier-probe-');
  const harness = path.join(ROOT, 'test/generated/harness.ts');
  writeFileSync(
    path.join(probe, 'probe.test.ts'),
    `import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generate, WORK } from ${JSON.stringify(harness)};
it('generates', () => {
  const dir = generate('api', 'development');
  expect(existsSync(dir)).toBe(true);
  expect(WORK.startsWith(${JSON.stringify(tmp)})).toBe(true);
});
`,
  );
  writeFileSync(path.join(probe, 'vitest.config.mjs'), `export default { test: { include: ['probe.test.ts'] } };\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'LIVRABLE_GENERATED_DIR') delete env[key];
  const result = spawnSync(path.join(ROOT, 'node_modules/.bin/vitest'), ['run', '--root', probe, '--config', path.join(probe, 'vitest.config.mjs')], {
    cwd: probe,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  expect(result.stdout).toMatch(/1 passed/);
  expect(readdirSync(tmp).filter((name) => name.startsWith('livrable-generated-'))).toEqual([]);
});
