import { t } from '../core/i18n.js';

/**
 * `npm create livrable my-dir --deliverable api` hands `--deliverable api` to npm, not to us: npm
 * reads every option placed before `--` as its own configuration and exports it to the tool as
 * an `npm_config_*` variable. Those variables are how we notice; the fix is to put our options
 * after `--`. Only options npm has no setting of its own are considered (npm owns `--yes`,
 * `--dry-run`, `--json`, `--git`, `--package`, `--description`), so a variable npm set for its own
 * reasons is not mistaken for one of ours.
 */
const FLAGS_NPM_DOES_NOT_OWN: Readonly<Record<string, RegExp>> = {
  deliverable: /./,
  phase: /./,
  ci: /./,
  name: /./,
  author: /./,
  license: /./,
  // node-gyp users set `python=/usr/bin/python3` in .npmrc: only a version number is ours.
  python: /^\d+\.\d+$/,
  // npm has no `lang` setting; only our values count, should a user's .npmrc set one anyway.
  lang: /^(en|fr)$/i,
  preset: /./,
  overwrite: /./,
  install: /./,
  interactive: /./,
};

/** Our options that npm took for itself, as the flags to pass after `--` (`--deliverable api`). */
export function flagsTakenByNpm(env: NodeJS.ProcessEnv, given: ReadonlySet<string> = new Set()): string[] {
  const taken: string[] = [];
  for (const [flag, plausible] of Object.entries(FLAGS_NPM_DOES_NOT_OWN)) {
    const value = env[`npm_config_${flag}`];
    if (value === undefined || given.has(flag) || !plausible.test(value)) continue;
    if (value === 'true') taken.push(`--${flag}`);
    else if (value === 'false' || value === '') taken.push(`--no-${flag}`);
    else taken.push(`--${flag} ${/^[\w.@/:=+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`}`);
  }
  return taken;
}

/** " npm kept … : put them after `--` …" (leading space included), or "" when npm kept nothing of ours. */
export function npmHint(env: NodeJS.ProcessEnv, given: ReadonlySet<string> = new Set(), directory = '<dir>'): string {
  const taken = flagsTakenByNpm(env, given);
  if (taken.length === 0) return '';
  return t('npmKept', { flags: taken.join(' '), directory });
}

/** The long options on a command line, without `no-` (so `--no-install` counts as given `install`). */
export function givenFlags(argv: readonly string[]): Set<string> {
  const end = argv.indexOf('--');
  return new Set(
    (end < 0 ? argv : argv.slice(0, end))
      .filter((arg) => arg.startsWith('--'))
      .map((arg) => (arg.slice(2).split('=')[0] ?? '').replace(/^no-/, '')),
  );
}
