import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../generators/cli/main.js';
import { answerOption, CI_PROVIDERS, defaultValue, PHASES } from '../generators/core/domain.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { RECORD_PATH } from '../generators/engine/record.js';
import { cleanTmpDirs, FakeTerminalInput, stripAnsi, TEMPLATES, TerminalOutput, tmpDir, treeSnapshot } from './helpers.js';

const store = createFsStore(TEMPLATES);
const KEY = { down: '\x1b[B', up: '\x1b[A', enter: '\r', ctrlC: '\x03', escape: '\x1b' } as const;
const message = (key: string) => answerOption(key)!.prompt!;
const DELIVERABLE_CHOICES = answerOption('deliverable')!.choices!;
const PHASE_CHOICES = answerOption('phase')!.choices!;

afterAll(cleanTmpDirs);




/** main() in-process with a fake terminal; `expectPrompt` waits for a question before answering it. */
function session(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const stdin = new FakeTerminalInput();
  const stdout = new TerminalOutput();
  const stderr = new TerminalOutput();
  const exit = main(argv, {
    store,
    version: '0.0.0-test',
    cwd,
    env: { GIT_AUTHOR_NAME: 'Prompt Tester', HOME: cwd, ...env },
    stdin,
    stdout,
    stderr,
  });
  let seen = 0;
  let finished = false;
  void exit.then(() => (finished = true));
  return {
    stdin,
    stdout,
    stderr,
    exit,
    async expectPrompt(text: string, timeout = 5_000): Promise<void> {
      const start = Date.now();
      for (;;) {
        const plain = stripAnsi(stdout.text);
        const at = plain.indexOf(text, seen);
        if (at >= 0) {
          seen = at + text.length;
          // let clack finish wiring its keypress listener
          await new Promise((r) => setTimeout(r, 20));
          return;
        }
        if (finished) throw new Error(`main() ended before asking "${text}":\n${plain}\n${stderr.text}`);
        if (Date.now() - start > timeout) throw new Error(`no prompt "${text}" within ${timeout} ms:\n${plain}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async press(...keys: string[]): Promise<void> {
      for (const key of keys) {
        stdin.write(key);
        await new Promise((r) => setTimeout(r, 15));
      }
    },
  };
}

const recordOf = (target: string) => JSON.parse(readFileSync(path.join(target, RECORD_PATH), 'utf8'));

describe('interactive prompts (mock terminal)', () => {
  it('asks the missing choices; arrow keys and enter pick them', async () => {
    const cwd = tmpDir();
    const s = session(['proj', '--no-git', '--no-install'], cwd);
    await s.expectPrompt(message('deliverable'));
    await s.press(KEY.down, KEY.enter);
    await s.expectPrompt(message('phase'));
    await s.press(KEY.enter);
    await s.expectPrompt(message('ci'));
    await s.press(KEY.enter);
    expect(await s.exit).toBe(0);
    const start = DELIVERABLE_CHOICES.findIndex((c) => c.value === defaultValue('deliverable'));
    expect(recordOf(path.join(cwd, 'proj')).answers).toMatchObject({
      deliverable: DELIVERABLE_CHOICES[(start + 1) % DELIVERABLE_CHOICES.length]!.value,
      phase: defaultValue('phase'),
      author: 'Prompt Tester',
    });
    expect(s.stderr.text).toBe('');
  });

  it('asks for the directory when none is given, then the choices', async () => {
    const cwd = tmpDir();
    const s = session(['--no-git', '--no-install'], cwd);
    await s.expectPrompt('Where should the project be created?');
    await s.press(...'typed-dir'.split(''), KEY.enter);
    await s.expectPrompt(message('deliverable'));
    await s.press(KEY.down, KEY.down, KEY.enter);
    await s.expectPrompt(message('phase'));
    await s.press(KEY.enter);
    await s.expectPrompt(message('ci'));
    await s.press(KEY.enter);
    expect(await s.exit).toBe(0);
    const start = DELIVERABLE_CHOICES.findIndex((c) => c.value === defaultValue('deliverable'));
    expect(readdirSync(cwd)).toEqual(['typed-dir']);
    expect(recordOf(path.join(cwd, 'typed-dir')).answers.deliverable).toBe(
      DELIVERABLE_CHOICES[(start + 2) % DELIVERABLE_CHOICES.length]!.value,
    );
  });

  it('asks only what flags did not give', async () => {
    const cwd = tmpDir();
    const s = session(['proj', '--deliverable', 'report', '--ci', 'github', '--no-git', '--no-install'], cwd);
    await s.expectPrompt(message('phase'));
    await s.press(KEY.enter);
    expect(await s.exit).toBe(0);
    expect(stripAnsi(s.stdout.text)).not.toContain(message('ci'));
    expect(stripAnsi(s.stdout.text)).not.toContain(message('deliverable'));
    expect(recordOf(path.join(cwd, 'proj')).answers.deliverable).toBe('report');
  });

  it('the phase prompt offers every phase, in lifecycle order', async () => {
    expect(PHASE_CHOICES.map((c) => c.value)).toEqual([...PHASES]);
    const cwd = tmpDir();
    const s = session(['proj', '--deliverable', 'api', '--ci', 'github', '--no-git', '--no-install'], cwd);
    await s.expectPrompt(message('phase'));
    await s.press(...Array(PHASES.length - 1).fill(KEY.down), KEY.enter);
    expect(await s.exit).toBe(0);
    expect(recordOf(path.join(cwd, 'proj')).answers.phase).toBe(PHASES.at(-1));
  });

  it('--yes on a terminal asks nothing', async () => {
    const cwd = tmpDir();
    const s = session(['proj', '--yes', '--no-git', '--no-install'], cwd);
    expect(await s.exit).toBe(0);
    expect(stripAnsi(s.stdout.text)).not.toContain(message('deliverable'));
  });

  it('asks the CI provider last; the second choice makes a GitLab project, and the one-shot command says so', async () => {
    const choices = answerOption('ci')!.choices!;
    expect(choices.map((c) => c.value)).toEqual([...CI_PROVIDERS]);
    const cwd = tmpDir();
    const s = session(['proj', '--deliverable', 'api', '--phase', 'development', '--no-git', '--no-install'], cwd);
    await s.expectPrompt(message('ci'));
    const start = choices.findIndex((c) => c.value === defaultValue('ci'));
    await s.press(KEY.down, KEY.enter);
    expect(await s.exit).toBe(0);
    const chosen = choices[(start + 1) % choices.length]!.value;
    expect(chosen).toBe('gitlab');
    const target = path.join(cwd, 'proj');
    expect(recordOf(target).answers.ci).toBe('gitlab');
    expect(existsSync(path.join(target, '.gitlab-ci.yml'))).toBe(true);
    expect(existsSync(path.join(target, '.github'))).toBe(false);
    expect(stripAnsi(s.stdout.text)).toMatch(/npm create livrable@latest .*--ci gitlab/);
  });

  it('a preset that names the CI provider answers the question: nothing is asked', async () => {
    const cwd = tmpDir();
    writeFileSync(path.join(cwd, 'class.yaml'), 'deliverable: report\nphase: development\nci: GitLab\n');
    const s = session(['proj', '--preset', 'class.yaml', '--no-git', '--no-install'], cwd);
    expect(await s.exit).toBe(0);
    expect(stripAnsi(s.stdout.text)).not.toContain(message('ci'));
    expect(recordOf(path.join(cwd, 'proj')).answers.ci).toBe('gitlab');
  });

  it('CI set: the CI provider is not required; it defaults to github silently, with no --yes', async () => {
    const cwd = tmpDir();
    const s = session(['proj', '--deliverable', 'app', '--phase', 'development', '--no-git', '--no-install'], cwd, { CI: 'true' });
    expect(await s.exit).toBe(0);
    expect(s.stderr.text).toBe('');
    expect(stripAnsi(s.stdout.text)).not.toContain(message('ci'));
    expect(recordOf(path.join(cwd, 'proj')).answers.ci).toBe(defaultValue('ci'));
    expect(defaultValue('ci')).toBe('github');
  });

  it('CI set: no prompt even on a terminal; missing answers are an error (2)', async () => {
    const cwd = tmpDir();
    const s = session(['proj'], cwd, { CI: 'true' });
    expect(await s.exit).toBe(2);
    expect(s.stderr.text).toContain('--deliverable');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    ['Ctrl-C', KEY.ctrlC],
    ['Escape', KEY.escape],
  ])('%s at a prompt cancels: exit 1, nothing written', async (_label, key) => {
    const cwd = tmpDir();
    const s = session(['proj', '--no-git', '--no-install'], cwd);
    await s.expectPrompt(message('deliverable'));
    await s.press(key);
    expect(await s.exit).toBe(1);
    expect(s.stderr.text).toMatch(/[Cc]ancelled/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('Ctrl-C at the directory prompt cancels too', async () => {
    const cwd = tmpDir();
    const s = session(['--no-git', '--no-install'], cwd);
    await s.expectPrompt('Where should the project be created?');
    await s.press('a', 'b', KEY.ctrlC);
    expect(await s.exit).toBe(1);
    expect(readdirSync(cwd)).toEqual([]);
  });

  describe('a non-empty target', () => {
    function nonEmpty(): { cwd: string; target: string } {
      const cwd = tmpDir();
      const target = path.join(cwd, 'proj');
      mkdirSync(target);
      writeFileSync(path.join(target, 'mine.txt'), 'mine');
      writeFileSync(path.join(target, 'README.md'), 'my readme');
      return { cwd, target };
    }

    it('asks before writing; the default (enter) is no: exit 1, untouched', async () => {
      const { cwd } = nonEmpty();
      const before = treeSnapshot(cwd);
      const s = session(['proj', '--deliverable', 'api', '--phase', PHASES[0]!, '--no-git', '--no-install'], cwd);
      await s.expectPrompt('is not empty');
      await s.press(KEY.enter);
      expect(await s.exit).toBe(1);
      expect(s.stderr.text).toMatch(/untouched|nothing was written/);
      expect(treeSnapshot(cwd)).toEqual(before);
    });

    it('answering "n" is no', async () => {
      const { cwd } = nonEmpty();
      const before = treeSnapshot(cwd);
      const s = session(['proj', '--deliverable', 'api', '--phase', PHASES[0]!, '--no-git', '--no-install'], cwd);
      await s.expectPrompt('is not empty');
      await s.press('n');
      expect(await s.exit).toBe(1);
      expect(treeSnapshot(cwd)).toEqual(before);
    });

    it('answering "y" writes into it and keeps unrelated files', async () => {
      const { cwd, target } = nonEmpty();
      const s = session(['proj', '--deliverable', 'api', '--phase', PHASES[0]!, '--ci', 'github', '--no-git', '--no-install'], cwd);
      await s.expectPrompt('is not empty');
      await s.press('y');
      expect(await s.exit).toBe(0);
      expect(readFileSync(path.join(target, 'mine.txt'), 'utf8')).toBe('mine');
      expect(readFileSync(path.join(target, 'README.md'), 'utf8')).not.toBe('my readme');
      expect(recordOf(target).answers.deliverable).toBe('api');
    });

    it('the question comes right after the folder, before the other questions', async () => {
      const { cwd, target } = nonEmpty();
      const s = session(['--no-git', '--no-install'], cwd);
      await s.expectPrompt('Where should the project be created?');
      await s.press(...'proj'.split(''), KEY.enter);
      await s.expectPrompt('is not empty');
      expect(stripAnsi(s.stdout.text)).not.toContain(message('deliverable'));
      await s.press('y');
      await s.expectPrompt(message('deliverable'));
      await s.press(KEY.enter);
      await s.expectPrompt(message('phase'));
      await s.press(KEY.enter);
      await s.expectPrompt(message('ci'));
      await s.press(KEY.enter);
      expect(await s.exit).toBe(0);
      // not asked again after the other questions
      const screen = stripAnsi(s.stdout.text);
      expect(screen.lastIndexOf('is not empty')).toBeLessThan(screen.indexOf(message('deliverable')));
      expect(readFileSync(path.join(target, 'mine.txt'), 'utf8')).toBe('mine');
    });

    it('"no" right after the folder ends the run before the other questions', async () => {
      const { cwd } = nonEmpty();
      const before = treeSnapshot(cwd);
      const s = session(['proj', '--no-git', '--no-install'], cwd);
      await s.expectPrompt('is not empty');
      await s.press('n');
      expect(await s.exit).toBe(1);
      expect(stripAnsi(s.stdout.text)).not.toContain(message('deliverable'));
      expect(treeSnapshot(cwd)).toEqual(before);
    });

    it('--overwrite skips the question', async () => {
      const { cwd, target } = nonEmpty();
      const s = session(['proj', '--deliverable', 'api', '--phase', PHASES[0]!, '--ci', 'github', '--overwrite', '--no-git', '--no-install'], cwd);
      expect(await s.exit).toBe(0);
      expect(stripAnsi(s.stdout.text)).not.toContain('is not empty');
      expect(readFileSync(path.join(target, 'mine.txt'), 'utf8')).toBe('mine');
    });
  });
});

describe('interactive prompts in French (LANG=fr_FR.UTF-8)', () => {
  const FRENCH = { LANG: 'fr_FR.UTF-8' };

  it('every question, choice and hint, and the closing screen, are French; the language is said, not asked', async () => {
    const cwd = tmpDir();
    const s = session(['--no-git', '--no-install'], cwd, FRENCH);
    await s.expectPrompt('create-livrable');
    await s.expectPrompt('En français (d’après votre locale). For English: --lang en');
    await s.expectPrompt('Dans quel dossier créer le projet\u202f?');
    await s.press(...'mon-projet'.split(''), KEY.enter);
    await s.expectPrompt('Que livre ce projet\u202f?');
    const screen = stripAnsi(s.stdout.text);
    expect(screen).toContain('service FastAPI qui sert le modèle');
    for (const label of ['Application', 'Rapport', 'Site web']) expect(screen).toContain(label);
    await s.press(KEY.down, KEY.down, KEY.enter);
    await s.expectPrompt('À quelle phase du cycle de vie en est-il\u202f?');
    await s.press(KEY.enter);
    await s.expectPrompt('Où le projet est-il hébergé (sa CI)\u202f?');
    await s.press(KEY.enter);
    expect(await s.exit).toBe(0);
    const after = stripAnsi(s.stdout.text);
    expect(after).toContain('mon-projet créé (report, development) dans');
    expect(after).toContain('Et maintenant\u202f:');
    expect(after).not.toMatch(/Where should|What does|Which lifecycle|Next steps/);
    expect(recordOf(path.join(cwd, 'mon-projet')).answers).toMatchObject({ deliverable: 'report', lang: 'fr' });
  });

  it('--lang fr in an English locale: French from the first line; the write-into confirmation too', async () => {
    const cwd = tmpDir();
    const target = path.join(cwd, 'plein');
    mkdirSync(target);
    writeFileSync(path.join(target, 'mine.txt'), 'mine');
    const s = session(['plein', '--lang', 'fr', '--no-git', '--no-install'], cwd, { LANG: 'en_US.UTF-8' });
    await s.expectPrompt('En français (--lang fr).');
    await s.expectPrompt('n’est pas vide. Écrire dedans quand même');
    expect(stripAnsi(s.stdout.text)).toMatch(/Oui.*Non/);
    await s.press(KEY.enter);
    expect(await s.exit).toBe(1);
    expect(s.stderr.text).toMatch(/est resté intact\u202f: rien n’a été écrit\./);
  });
});
