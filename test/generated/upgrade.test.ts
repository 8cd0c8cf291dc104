/**
 * For each deliverable, a project created at development and promoted with `create-livrable upgrade`, with a user's
 * edits, a deleted file and a file of their own, must keep all three and pass the same checks
 * as a project generated at the higher phase.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { DELIVERABLES, PHASES } from '../../generators/core/domain.js';
import { BIN, ENV, generate, run, uvRun, uvSync, WORK } from './harness.js';
import { maintenanceChecks } from './maintenance-checks.js';
import { productionChecks } from './production-checks.js';

const README_NOTE = '\n## Notes from the team\n\nWe retrain every Monday.\n';
const MODEL_NOTE = '\n\n# Team note: regularisation was tuned on the 2025 data.\n';

describe.each(DELIVERABLES)('%s: development → production → maintenance with user edits', (deliverable) => {
  let dir = '';
  const pkg = `demo_${deliverable}`;
  const USER_FILE = `src/${pkg}/team_utils.py`;

  beforeAll(() => {
    dir = generate(deliverable, 'development', ['--package', pkg]);
    const target = path.join(WORK, `${deliverable}-upgraded`);
    rmSync(target, { recursive: true, force: true });
    run('mv', [dir, target], WORK);
    dir = target;
    appendFileSync(path.join(dir, 'README.md'), README_NOTE);
    appendFileSync(path.join(dir, `src/${pkg}/model.py`), MODEL_NOTE);
    writeFileSync(path.join(dir, USER_FILE), '"""Helpers of our own."""\n\nTEAM = "penguins"\n');
    rmSync(path.join(dir, 'notebooks/README.md'));
  });

  const phases = PHASES.filter((p) => p !== 'development');

  test.each(phases)('upgrade to %s keeps every edit', (phase) => {
    run(process.execPath, [BIN, 'upgrade', dir, '--phase', phase], WORK);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(README_NOTE.trim());
    expect(readFileSync(path.join(dir, `src/${pkg}/model.py`), 'utf8')).toContain(MODEL_NOTE.trim());
    expect(readFileSync(path.join(dir, USER_FILE), 'utf8')).toContain('TEAM = "penguins"');
    expect(existsSync(path.join(dir, 'notebooks/README.md'))).toBe(false);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, '.livrable.json'), 'utf8')).answers.phase).toBe(phase);
  });

  test('the upgraded repo passes its own checks', async () => {
    uvSync(dir);
    uvRun(dir, ['ruff', 'check', '.']);
    uvRun(dir, ['ruff', 'format', '--check', '.']);
    const { stdout } = uvRun(dir, ['pytest', '-q', '-p', 'no:cacheprovider']);
    expect(stdout).toMatch(/\d+ passed/);
    uvRun(dir, ['python', '-m', `${pkg}.pipeline`]);
    const workflows = readdirSync(path.join(dir, '.github/workflows')).map((f) => `.github/workflows/${f}`);
    expect(workflows).toContain('.github/workflows/ci.yml');
    run('actionlint', workflows, dir, ENV);
    await productionChecks(dir);
    if (PHASES.includes('maintenance')) await maintenanceChecks(dir);
  });
});
