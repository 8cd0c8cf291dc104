import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../generators/cli/args.js';
import { helpText } from '../generators/cli/help.js';
import {
  ANSWER_KEYS,
  ANSWER_OPTIONS,
  answerOption,
  CI_PROVIDERS,
  choiceValues,
  defaultValue,
  DELIVERABLES,
  LICENSES,
  PHASES,
  PYTHONS,
} from '../generators/core/domain.js';
import {
  checkChoice,
  missingRequired,
  oneShotCommand,
  unansweredQuestions,
  resolveAnswers,
  type Answers,
} from '../generators/core/answers.js';
import { UserError } from '../generators/core/errors.js';

const ctx = { directoryName: 'my-dir', defaultAuthor: 'Ada Lovelace' };
const CHOICE_OPTIONS = ANSWER_OPTIONS.filter((o) => o.choices);

describe('choices', () => {
  it('every option with choices offers exactly the values of its type', () => {
    expect(choiceValues('deliverable')).toEqual([...DELIVERABLES]);
    expect(choiceValues('phase')).toEqual([...PHASES]);
    expect(choiceValues('ci')).toEqual([...CI_PROVIDERS]);
    expect(choiceValues('license')).toEqual([...LICENSES]);
    expect(choiceValues('python')).toEqual([...PYTHONS]);
  });

  it('a default is one of its choices; every asked option has choices', () => {
    for (const option of ANSWER_OPTIONS) {
      if (option.default !== undefined) expect(choiceValues(option.key)).toContain(option.default);
      if (option.prompt !== undefined) expect(option.choices).toBeDefined();
    }
  });

  for (const option of CHOICE_OPTIONS) {
    const values = choiceValues(option.key) ?? [];

    it(`--${option.key}: an unknown value is a UserError listing every choice`, () => {
      let error: unknown;
      try {
        checkChoice(option.key, 'definitely-not-a-choice');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      const message = (error as Error).message;
      expect(message).toContain(`--${option.key}`);
      expect(message).toContain('definitely-not-a-choice');
      for (const value of values) expect(message).toContain(value);
    });

    it(`--${option.key}: values are matched without case and come out canonical`, () => {
      for (const value of values) {
        expect(checkChoice(option.key, value.toUpperCase())).toBe(value);
        expect(checkChoice(option.key, value.toLowerCase())).toBe(value);
      }
    });

    it(`--${option.key}: every available choice is accepted`, () => {
      for (const value of values) {
        expect(checkChoice(option.key, value)).toBe(value);
      }
    });
  }


  it('a near miss suggests the choice meant, a far one does not', () => {
    expect(() => checkChoice('deliverable', 'apu')).toThrow(/Did you mean api\?/);
    expect(() => checkChoice('phase', 'prodution')).toThrow(/Did you mean production\?/);
    expect(() => checkChoice('license', 'apache')).toThrow(/Did you mean Apache-2.0\?/);
    expect(() => checkChoice('deliverable', 'cli')).not.toThrow(/Did you mean/);
    expect(() => checkChoice('deliverable', 'cli')).toThrow(UserError);
  });

  it('resolveAnswers stores the canonical spelling of a choice given in another case', () => {
    const answers = resolveAnswers({ deliverable: 'API', license: 'mit', phase: 'Development' }, ctx);
    expect(answers).toMatchObject({ deliverable: 'api', license: 'MIT', phase: 'development' });
  });

  it('free-text options are not checked against a list', () => {
    expect(checkChoice('name', 'anything at all')).toBe('anything at all');
    expect(checkChoice('description', '')).toBe('');
  });
});

describe('missingRequired and unansweredQuestions', () => {
  const asked = ANSWER_OPTIONS.filter((o) => o.prompt !== undefined).map((o) => o.key);

  it('lists the asked options when nothing is given; the CI provider is asked but never required', () => {
    expect(asked).toEqual(expect.arrayContaining(['deliverable', 'phase', 'ci']));
    expect(unansweredQuestions({})).toEqual(asked);
    expect(missingRequired({})).toEqual(asked.filter((k) => k !== 'ci'));
    expect(answerOption('ci')?.defaultWhenNotInteractive).toBe(true);
  });

  it('--help says which questions a script may leave out', () => {
    const help = helpText('0.0.0');
    expect(help).toMatch(/--ci <github\|gitlab>\n.*\(default: github, asked on a terminal unless --yes\)/);
    expect(help).toMatch(/--phase <[^>]+>\n.*\(default: development, asked unless --yes\)/);
  });

  it('an option defaulted when not interactive must have a question and a default', () => {
    for (const o of ANSWER_OPTIONS.filter((x) => x.defaultWhenNotInteractive)) {
      expect(o.prompt, o.key).toBeTruthy();
      expect(o.default, o.key).toBeTruthy();
    }
  });

  it('is empty once every asked option has a value', () => {
    expect(missingRequired(Object.fromEntries(asked.map((k) => [k, 'x'])))).toEqual([]);
  });

  it('does not ask for free-text options', () => {
    expect(missingRequired({ deliverable: 'api', phase: 'development' })).toEqual([]);
  });
});

describe('resolveAnswers', () => {
  it('fills defaults and derives names from the directory', () => {
    const answers = resolveAnswers({}, ctx);
    expect(answers).toMatchObject({
      deliverable: defaultValue('deliverable'),
      phase: defaultValue('phase'),
      ci: defaultValue('ci'),
      license: defaultValue('license'),
      python: defaultValue('python'),
      name: 'my-dir',
      distribution: 'my-dir',
      package: 'my_dir',
      author: 'Ada Lovelace',
    });
    expect(answers.description).toContain('my-dir');
    // In the recorded order, which .livrable.json keeps.
    expect(Object.keys(answers)).toEqual(ANSWER_KEYS);
  });

  it('--name wins over the directory name; --package over the derived one', () => {
    const answers = resolveAnswers({ name: 'Churn Study', package: 'churn' }, ctx);
    expect(answers).toMatchObject({ name: 'Churn Study', distribution: 'churn-study', package: 'churn' });
  });

  it('validates every value', () => {
    expect(() => resolveAnswers({ deliverable: 'cli' }, ctx)).toThrow(UserError);
    expect(() => resolveAnswers({ license: 'GPL' }, ctx)).toThrow(UserError);
    expect(() => resolveAnswers({ python: '3.9' }, ctx)).toThrow(UserError);
    expect(() => resolveAnswers({ description: 'two\nlines' }, ctx)).toThrow(/description/);
    expect(() => resolveAnswers({ author: 'x'.repeat(201) }, ctx)).toThrow(/author/);
    expect(() => resolveAnswers({ package: 'Bad-Name' }, ctx)).toThrow(/--package/);
    expect(() => resolveAnswers({}, { ...ctx, directoryName: '2024' })).toThrow(/--package/);
  });
});

/** Split a POSIX shell command line the way sh does (sh itself does the work). */
function shellWords(command: string): string[] {
  const result = spawnSync('sh', ['-c', `set -- ${command}; for a in "$@"; do printf '%s\\0' "$a"; done`], {
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  return result.stdout.split('\0').slice(0, -1);
}

describe('oneShotCommand', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['plain', { deliverable: 'api', phase: 'development' }, 'my-dir'],
    [
      'quotes and shell metacharacters',
      {
        deliverable: 'report',
        phase: 'development',
        name: `Sales & "Churn" O'Brien $HOME \`id\` ; rm -rf ~ #`,
        description: `It's a "quoted" description with 'single' quotes, $VARS, * and !`,
        author: `Seán O'Connor-Müller`,
        license: 'none',
        python: '3.13',
      },
      'dir with spaces',
    ],
    [
      'leading digit with --package',
      { deliverable: 'website', phase: 'development', name: '2024 Review', package: 'review_2024', license: 'BSD-3-Clause' },
      'nested/dir',
    ],
    ['unicode', { deliverable: 'app', phase: 'development', name: 'Analyse des données 🐧', author: '李雷', license: 'Apache-2.0' }, "l'équipe"],
  ];

  it.each(cases)('round-trips through sh and parseCli (%s)', (_label, raw, directory) => {
    const answers: Answers = resolveAnswers(raw, ctx);
    const command = oneShotCommand(answers, directory);
    const prefix = 'npm create livrable@latest ';
    expect(command.startsWith(prefix)).toBe(true);
    const words = shellWords(command.slice(prefix.length));
    // npm create passes the directory and everything after "--" to the bin
    const separator = words.indexOf('--');
    expect(separator).toBe(1);
    const argv = [words[0] as string, ...words.slice(separator + 1)];
    const parsed = parseCli(argv);
    expect(parsed.directory).toBe(directory);
    expect(parsed.flags.yes).toBe(true);
    // every answer is explicit: the command does not depend on the directory name or git config
    const again = resolveAnswers(parsed.answers, { directoryName: 'elsewhere', defaultAuthor: 'someone else' });
    expect(again).toEqual(answers);
  });
});
