import { describe, expect, it } from 'vitest';
import { flagsTakenByNpm, givenFlags, npmHint } from '../generators/cli/npm-hint.js';

describe('options npm kept for itself', () => {
  it('reads npm_config_* variables of our options, as flags to pass after --', () => {
    const env = { npm_config_deliverable: 'api', npm_config_overwrite: 'true', npm_config_install: 'false', npm_config_name: 'My Project' };
    expect(flagsTakenByNpm(env)).toEqual(['--deliverable api', "--name 'My Project'", '--overwrite', '--no-install']);
  });

  it("ignores npm's own settings and a node-gyp python path", () => {
    const env = { npm_config_yes: 'true', npm_config_dry_run: 'true', npm_config_package: 'x', npm_config_python: '/usr/bin/python3' };
    expect(flagsTakenByNpm(env)).toEqual([]);
    expect(flagsTakenByNpm({ npm_config_python: '3.12' })).toEqual(['--python 3.12']);
  });

  it('a flag also given to the tool is not reported', () => {
    expect(flagsTakenByNpm({ npm_config_phase: 'production' }, new Set(['phase']))).toEqual([]);
    expect(givenFlags(['dir', '--phase=production', '--no-install', '--', '--ci'])).toEqual(new Set(['phase', 'install']));
  });

  it('the hint shows the command with --', () => {
    expect(npmHint({ npm_config_deliverable: 'app' })).toContain('npm create livrable@latest <dir> -- --deliverable app');
    expect(npmHint({})).toBe('');
  });
});
