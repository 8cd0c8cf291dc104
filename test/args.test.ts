import { describe, expect, it } from 'vitest';
import { userError } from './helpers.js';
import { parseCli } from '../generators/cli/args.js';
import { ANSWER_OPTIONS } from '../generators/core/domain.js';
import { UserError } from '../generators/core/errors.js';


describe('parseCli', () => {
  it('defaults: no directory, no answers, interactive, git/install undecided', () => {
    expect(parseCli([])).toEqual({
      directory: undefined,
      answers: {},
      dataset: {},
      help: false,
      version: false,
      flags: {
        yes: false,
        interactive: true,
        dryRun: false,
        json: false,
        overwrite: false,
        git: undefined,
        install: undefined,
        preset: undefined,
      },
    });
  });

  it('takes --dataset and --target apart from the answers', () => {
    const parsed = parseCli(['--dataset', 'data/x.csv', '--target=y', '--phase', 'production']);
    expect(parsed.dataset).toEqual({ dataset: 'data/x.csv', target: 'y' });
    expect(parsed.answers).toEqual({ phase: 'production' });
  });

  it('accepts every answer option as --key value and --key=value', () => {
    for (const option of ANSWER_OPTIONS) {
      expect(parseCli([`--${option.key}`, 'v1']).answers).toEqual({ [option.key]: 'v1' });
      expect(parseCli([`--${option.key}=v=2`]).answers).toEqual({ [option.key]: 'v=2' });
    }
  });

  it('keeps values verbatim (validation happens later)', () => {
    const parsed = parseCli(['dir', '--description', 'Sales & "churn": #1', '--name=  spaced  ']);
    expect(parsed.answers).toEqual({ description: 'Sales & "churn": #1', name: '  spaced  ' });
  });

  it('takes the positional directory anywhere on the line', () => {
    expect(parseCli(['--deliverable', 'api', 'my dir', '--yes']).directory).toBe('my dir');
    expect(parseCli(['my-dir']).directory).toBe('my-dir');
  });

  it('a repeated answer flag keeps the last value', () => {
    expect(parseCli(['--deliverable', 'api', '--deliverable', 'app']).answers.deliverable).toBe('app');
  });

  it.each([
    [['--git'], true],
    [['--no-git'], false],
    [['--no-git', '--git'], true],
    [['--git', '--no-git'], false],
    [['--git', '--no-git', '--git', '--no-git'], false],
    [[], undefined],
  ])('git toggle %j → %s', (argv, expected) => {
    expect(parseCli(argv).flags.git).toBe(expected);
  });

  it.each([
    [['--install'], true],
    [['--no-install'], false],
    [['--no-install', '--install'], true],
    [['--install', '--no-install'], false],
  ])('install toggle %j → %s', (argv, expected) => {
    expect(parseCli(argv).flags.install).toBe(expected);
  });

  it('--no-interactive / --interactive: last wins, default interactive', () => {
    expect(parseCli(['--no-interactive']).flags.interactive).toBe(false);
    expect(parseCli(['--no-interactive', '--interactive']).flags.interactive).toBe(true);
    expect(parseCli(['--interactive', '--no-interactive']).flags.interactive).toBe(false);
  });

  it('toggles do not leak into one another', () => {
    const flags = parseCli(['--no-git']).flags;
    expect(flags.install).toBeUndefined();
    expect(flags.interactive).toBe(true);
  });

  it('short flags: -y, -h, -v', () => {
    expect(parseCli(['-y']).flags.yes).toBe(true);
    expect(parseCli(['--yes']).flags.yes).toBe(true);
    expect(parseCli(['-h']).help).toBe(true);
    expect(parseCli(['--help']).help).toBe(true);
    expect(parseCli(['-v']).version).toBe(true);
    expect(parseCli(['--version']).version).toBe(true);
  });

  it('run flags', () => {
    const flags = parseCli(['--dry-run', '--json', '--overwrite', '--preset', 'class.yaml']).flags;
    expect(flags).toMatchObject({ dryRun: true, json: true, overwrite: true, preset: 'class.yaml' });
  });

  it.each([['--frobnicate'], ['-x'], ['--deliverables', 'api'], ['--no-yes']])(
    'unknown flag %s is a UserError that points at --help',
    (...argv) => {
      const error = userError(() => parseCli(argv));
      expect(error.message).toMatch(/--help/);
      expect(error.message).not.toMatch(/To specify a positional/);
    },
  );

  it('an answer flag without a value is a UserError', () => {
    expect(userError(() => parseCli(['--deliverable'])).message).toMatch(/--help/);
  });

  it('a mistyped flag suggests the one meant, on one line', () => {
    const error = userError(() => parseCli(['proj', '--deliverabl', 'api']));
    expect(error.message).toMatch(/Unknown option --deliverabl\. Did you mean --deliverable\?/);
    expect(error.message).not.toContain('\n');
    expect(userError(() => parseCli(['--overwirte'])).message).toMatch(/Did you mean --overwrite\?/);
    expect(userError(() => parseCli(['--frobnicate'])).message).not.toMatch(/Did you mean/);
  });

  it('a flag followed by another flag instead of its value says so, on one line', () => {
    const error = userError(() => parseCli(['proj', '--deliverable', '--yes']));
    expect(error.message).toMatch(/^--deliverable needs a value \(one of api, app, report, website\), but the next argument is the option --yes/);
    expect(error.message).not.toMatch(/ambiguous|Did you forget/);
    expect(error.message).not.toContain('\n');
  });

  it('a flag at the end without its value names its choices', () => {
    expect(userError(() => parseCli(['proj', '--license'])).message).toMatch(/^--license needs a value: one of MIT, /);
    expect(userError(() => parseCli(['proj', '--author'])).message).toMatch(/^--author needs a value: a value\./);
  });

  it('a value that starts with a dash is still possible with =', () => {
    expect(parseCli(['--description=-x']).answers.description).toBe('-x');
  });

  it('when npm took our flags (npm create without --), the error says to add --', () => {
    const env = { npm_config_deliverable: 'true', npm_config_yes: 'true' };
    const error = userError(() => parseCli(['proj', 'api'], env));
    expect(error.message).toMatch(/npm kept --deliverable for itself/);
    expect(error.message).toContain('-- --deliverable');
    // npm's own settings are not ours
    expect(error.message).not.toMatch(/--yes/);
    expect(userError(() => parseCli(['proj', 'api'], {})).message).not.toMatch(/npm/);
  });

  it('a boolean flag given a value is a UserError', () => {
    expect(() => parseCli(['--yes=no'])).toThrow(UserError);
  });

  it('two positionals are refused, with a hint to quote', () => {
    const error = userError(() => parseCli(['my', 'project']));
    expect(error.message).toMatch(/one target directory/);
    expect(error.message).toMatch(/[Qq]uote/);
  });
});
