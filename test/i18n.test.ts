import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { main } from '../generators/cli/main.js';
import { ANSWER_OPTIONS, DATASET_OPTIONS } from '../generators/core/domain.js';
import { languageFlag, localeLanguage, t, useLanguage } from '../generators/core/i18n.js';
import { en, type MessageKey } from '../generators/core/messages/en.js';
import { fr } from '../generators/core/messages/fr.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { RECORD_PATH } from '../generators/engine/record.js';
import { cleanTmpDirs, collector, spawnBin, TEMPLATES, tmpDir } from './helpers.js';

afterAll(cleanTmpDirs);
afterEach(() => useLanguage('en'));

const store = createFsStore(TEMPLATES);
const FRENCH = { LANG: 'fr_FR.UTF-8' };
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/**
 * English words that have no business in a French sentence: a leftover English message shows
 * at least one of them. Checked on whole words, lowercased.
 */
const STOP_WORDS = ['the', 'and', 'with', 'is', 'not', 'to', 'of', 'run', 'pass', 'file', 'files', 'written', 'would'];
function englishWords(text: string): string[] {
  const words = text.toLowerCase().match(/[a-zà-ÿ’']+/g) ?? [];
  return [...new Set(words.filter((w) => STOP_WORDS.includes(w)))];
}

/** main() in-process, stdin not a terminal. */
async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const stdout = collector();
  const stderr = collector();
  const status = await main(argv, {
    store,
    version: '0.0.0-test',
    cwd,
    env: { PATH: '', HOME: cwd, GIT_AUTHOR_NAME: 'Testeur', ...env },
    stdin: Object.assign(process.stdin, {}) as never,
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

describe('the catalogues', () => {
  it('French has exactly the keys of English', () => {
    expect(Object.keys(fr.messages).sort()).toEqual(Object.keys(en).sort());
  });

  it('each French message has the placeholders of its English one', () => {
    for (const key of Object.keys(en) as MessageKey[]) expect(placeholders(fr.messages[key]), key).toEqual(placeholders(en[key]));
  });

  it('every text of the answer options (help, prompt, choice label and hint) has a French twin, and no more', () => {
    const expected: string[] = [];
    for (const option of DATASET_OPTIONS) expected.push(`${option.key}.help`);
    for (const option of ANSWER_OPTIONS) {
      expected.push(`${option.key}.help`);
      if (option.prompt) expected.push(`${option.key}.prompt`);
      for (const choice of option.choices ?? []) {
        expected.push(`${option.key}.${choice.value}.label`);
        if (choice.hint) expected.push(`${option.key}.${choice.value}.hint`);
      }
    }
    expect(Object.keys(fr.options ?? {}).sort()).toEqual(expected.sort());
  });

  it('French typography: a narrow no-break space before : ; ? ! and inside « », typographic apostrophes', () => {
    const texts = [...Object.values(fr.messages), ...Object.values(fr.options ?? {})];
    for (const text of texts) {
      // A colon right after a word is code shown as is (`key: "…"`, `--lang en` advice in English).
      expect(text, text).not.toMatch(/ [:;?!]/);
      expect(text, text).not.toMatch(/«(?!\u202f)|(?<!\u202f)»/);
      expect(text, text).not.toMatch(/[a-zA-Zé]'[a-zA-Zéèàêâîôû]/);
      expect(text, text).not.toMatch(/(?<=[^\s\u202f({\-[])[;?!](?=\s|$)/);
    }
  });

  it('no French message reads as English (stop words), whatever its placeholders', async () => {
    await useLanguage('fr');
    const allowed: Partial<Record<MessageKey, string[]>> = {
      // The help shows the --json shape and commands as they are typed; the locale line says
      // in English how an English speaker switches.
      languageFromLocale: [],
    };
    for (const key of Object.keys(en) as MessageKey[]) {
      if (key in allowed) continue;
      const params = Object.fromEntries(placeholders(en[key]).map((p) => [p, 'X']));
      const text = t(key, params).replace(/\{"target".*\n.*\n/, '');
      expect(englishWords(text.replace(/`[^`]*`|--[\w-]+|\{[^}]*\}|\([^)]*\.\w+[^)]*\)/g, '')), `${key}: ${text}`).toEqual([]);
      expect(text, key).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('which language', () => {
  it('the locale: LC_ALL, then LC_MESSAGES, then LANG, the first non-empty one; fr* is French', () => {
    expect(localeLanguage({})).toBe('en');
    expect(localeLanguage({ LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(localeLanguage({ LANG: 'fr' })).toBe('fr');
    expect(localeLanguage({ LANG: 'fr_CA' })).toBe('fr');
    expect(localeLanguage({ LANG: 'C.UTF-8' })).toBe('en');
    expect(localeLanguage({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(localeLanguage({ LANG: 'fy_NL' })).toBe('en');
    expect(localeLanguage({ LC_MESSAGES: 'fr_FR', LANG: 'en_US' })).toBe('fr');
    expect(localeLanguage({ LC_MESSAGES: 'en_US', LANG: 'fr_FR' })).toBe('en');
    expect(localeLanguage({ LC_ALL: 'en_GB.UTF-8', LC_MESSAGES: 'fr_FR', LANG: 'fr_FR' })).toBe('en');
    expect(localeLanguage({ LC_ALL: 'fr_BE.UTF-8', LC_MESSAGES: 'en_US', LANG: 'en_US' })).toBe('fr');
    expect(localeLanguage({ LC_ALL: '', LC_MESSAGES: '', LANG: 'fr_FR' })).toBe('fr');
  });

  it('--lang on a command line: separate or inline, the last one wins, nothing after --', () => {
    expect(languageFlag(['proj', '--lang', 'fr'])).toBe('fr');
    expect(languageFlag(['--lang=fr', 'proj'])).toBe('fr');
    expect(languageFlag(['--lang', 'fr', '--lang=en'])).toBe('en');
    expect(languageFlag(['proj', '--', '--lang', 'fr'])).toBeUndefined();
    expect(languageFlag(['--lang', '--yes'])).toBeUndefined();
  });

  it('the locale sets the project language; --lang wins over it; the preset key too', async () => {
    const cwd = tmpDir();
    const base = ['--yes', '--no-git', '--no-install'];
    const answers = (dir: string) => JSON.parse(readFileSync(path.join(cwd, dir, RECORD_PATH), 'utf8')).answers;
    expect((await run(['a', ...base], cwd, FRENCH)).status).toBe(0);
    expect(answers('a').lang).toBe('fr');
    expect((await run(['b', ...base], cwd, { LANG: 'en_US.UTF-8' })).status).toBe(0);
    expect(answers('b').lang).toBe('en');
    const c = await run(['c', '--lang', 'en', ...base], cwd, FRENCH);
    expect(answers('c').lang).toBe('en');
    expect(c.stdout).toMatch(/^Created c /);
    const d = await run(['d', '--lang', 'fr', ...base], cwd, { LANG: 'en_US.UTF-8' });
    expect(answers('d').lang).toBe('fr');
    expect(d.stdout).toMatch(/^c créé|^d créé/);
    writeFileSync(path.join(cwd, 'fr.json'), JSON.stringify({ lang: 'fr' }));
    const e = await run(['e', '--preset', 'fr.json', ...base], cwd, {});
    expect(answers('e').lang).toBe('fr');
    expect(e.stdout).toMatch(/^e créé/);
  });

  it('an invalid --lang is refused in the locale language, with the nearest choice', async () => {
    const cwd = tmpDir();
    const english = await run(['p', '--lang', 'fe', '--yes'], cwd, {});
    expect(english.status).toBe(2);
    expect(english.stderr).toBe('create-livrable: Invalid --lang "fe". Did you mean fr? Choose one of: en, fr.\n');
    const french = await run(['p', '--lang', 'fe', '--yes'], cwd, FRENCH);
    expect(french.status).toBe(2);
    expect(french.stderr).toBe(
      'create-livrable: Valeur invalide pour --lang\u202f: «\u202ffe\u202f». Vouliez-vous dire fr\u202f? Choisissez parmi\u202f: en, fr.\n',
    );
    writeFileSync(path.join(cwd, 'bad.yaml'), 'lang: english\n');
    const preset = await run(['p', '--preset', 'bad.yaml', '--yes'], cwd, FRENCH);
    expect(preset.status).toBe(2);
    expect(preset.stderr).toContain('«\u202fenglish\u202f» (clé «\u202flang\u202f» du préréglage');
  });
});

describe('the command line in French (LANG=fr_FR.UTF-8)', () => {
  const noEnglish = (text: string) => {
    // Paths, commands and flags are the same in every language: only the prose is checked.
    const prose = text.replace(/\/\S+|`[^`]*`|--[\w-]+|uv run \S+( \S+)*|npm create \S+( \S+)*/g, '');
    expect(englishWords(prose), text).toEqual([]);
  };

  it.each([
    ['an invalid choice', ['p', '--deliverable', 'apu', '--yes'], /Valeur invalide pour --deliverable\u202f: «\u202fapu\u202f»\. Vouliez-vous dire api\u202f\?/],
    ['an unknown option', ['p', '--deliverabl', 'api'], /Option inconnue\u202f: --deliverabl\. Vouliez-vous dire --deliverable\u202f\? Lancez avec --help/],
    ['a switch given a value', ['p', '--yes=1'], /--yes ne prend pas de valeur/],
    ['a flag without its value', ['p', '--phase'], /--phase attend une valeur\u202f: l’une de development, production, maintenance\./],
    ['two directories', ['a', 'b'], /Un seul dossier cible attendu, 2 reçus/],
    ['missing answers', ['p', '--no-interactive'], /Il manque --deliverable, --phase pour une exécution non interactive/],
    ['--json alone', ['p', '--json'], /--json s’utilise avec --dry-run\./],
    ['a bad package name', ['p', '--package', 'class', '--yes'], /«\u202fclass\u202f» est un mot-clé de Python/],
    ['a bad name', ['p', '--name', '..', '--yes'], /«\u202f\.\.\u202f» n’est pas un nom de projet\./],
    ['a reserved directory', ['con', '--yes'], /«\u202fcon\u202f» est un nom de périphérique réservé sous Windows/],
    ['a multi-line description', ['p', '--description', 'a\nb', '--yes'], /La description doit tenir sur une ligne/],
    ['a missing preset', ['p', '--preset', 'nope.yaml', '--yes'], /Impossible de lire le préréglage «\u202f.*nope\.yaml\u202f»\u202f: ENOENT\./],
  ])('%s', async (_name, argv, expected) => {
    const result = await run(argv, tmpDir(), FRENCH);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    noEnglish(result.stderr);
  });

  it('a non-empty target', async () => {
    const cwd = tmpDir();
    mkdirSync(path.join(cwd, 'full'));
    writeFileSync(path.join(cwd, 'full', 'x'), '');
    const result = await run(['full', '--yes', '--no-git', '--no-install'], cwd, FRENCH);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('n’est pas vide. Choisissez un autre dossier, ou passez --overwrite');
    noEnglish(result.stderr);
    const dry = await run(['full', '--yes', '--dry-run'], cwd, FRENCH);
    expect(dry.stdout).toMatch(/^Simulation\u202f: \d+ fichiers seraient écrits dans /);
    expect(dry.stderr).toMatch(/^remarque\u202f: .* n’est pas vide\u202f: sans --dry-run, cette exécution serait refusée \(code 2\)/);
    noEnglish(dry.stderr);
  });

  it('--help', async () => {
    const result = await run(['--help'], tmpDir(), FRENCH);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Options du projet\u202f:');
    expect(result.stdout).toContain('ce que livre le projet\u202f; plusieurs en liste, le premier principal\u202f: api,website, api,report ou api,app (jusqu’à la production) (par défaut\u202f: api, demandé sauf avec --yes)');
    expect(result.stdout).toContain('--lang <en|fr>\n      langue des messages et des documents générés (par défaut\u202f: selon la locale)\n');
    // The --json shape and the examples are the same in both languages.
    noEnglish(result.stdout.replace(/\{"target".*\n.*\n/, ''));
  });

  it('the closing screen, and the warnings of a tool that is missing', async () => {
    const cwd = tmpDir();
    const result = await run(['projet', '--yes', '--git', '--install'], cwd, FRENCH);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^projet créé \(api, development\) dans .*\n\nEt maintenant\u202f:\n {2}cd projet\n/);
    expect(result.stdout).toContain('Le même projet, sans questions\u202f:\n  npm create livrable@latest projet -- ');
    expect(result.stdout).toContain('--lang fr --yes');
    expect(result.stderr).toMatch(/^attention\u202f: --install\u202f: uv n’est pas installé \(introuvable dans le PATH\)/);
    noEnglish(result.stdout);
    noEnglish(result.stderr);
  });

  it('--dry-run --json: the same machine fields in both languages', async () => {
    const cwd = tmpDir();
    const argv = ['p', '--yes', '--dry-run', '--json', '--deliverable', 'website', '--phase', 'maintenance'];
    const english = JSON.parse((await run([...argv, '--lang', 'en'], cwd)).stdout);
    const french = JSON.parse((await run([...argv, '--lang', 'fr'], cwd)).stdout);
    expect(english.answers.lang).toBe('en');
    expect(french.answers.lang).toBe('fr');
    const machine = (plan: { answers: Record<string, unknown>; files: { path: string; layer: string }[] }) => ({
      ...plan,
      // The default description is prose in the documents' language, like the documents themselves.
      answers: { ...plan.answers, lang: undefined, description: undefined },
      files: plan.files.map((f) => ({ path: f.path, layer: f.layer })),
    });
    expect(Object.keys(french)).toEqual(Object.keys(english));
    expect(machine(french)).toEqual(machine(english));
  });

  it('the built CLI loads French from its lazy file', async () => {
    const cwd = tmpDir();
    const help = await spawnBin(['--help'], cwd, { PATH: '', HOME: cwd, LANG: 'fr_FR.UTF-8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Utilisation\u202f:');
    const error = await spawnBin(['p', '--phase', 'prod', '--yes'], cwd, { PATH: '', HOME: cwd, LC_ALL: 'fr_FR.UTF-8' });
    expect(error.status).toBe(2);
    expect(error.stderr).toMatch(/^create-livrable: Valeur invalide pour --phase/);
  });
});

describe('doctor in French', () => {
  it('its catalogues have the same keys and placeholders; every check has a French title and fix, and no more', async () => {
    const { DOCTOR_CATALOGUES, FRENCH_CHECKS } = await import('../generators/doctor/messages.js');
    const { DEVELOPMENT_CHECKS } = await import('../generators/doctor/development.js');
    const { PRODUCTION_CHECKS } = await import('../generators/doctor/production.js');
    const { MAINTENANCE_CHECKS } = await import('../generators/doctor/maintenance.js');
    const { en: english, fr: french } = DOCTOR_CATALOGUES;
    expect(Object.keys(french).sort()).toEqual(Object.keys(english).sort());
    for (const key of Object.keys(english) as (keyof typeof english)[]) expect(placeholders(french[key]), key).toEqual(placeholders(english[key]));
    const checks = [...DEVELOPMENT_CHECKS, ...PRODUCTION_CHECKS, ...MAINTENANCE_CHECKS];
    expect(Object.keys(FRENCH_CHECKS).sort()).toEqual(checks.map((c) => c.id).sort());
    const texts = [...Object.values(french), ...Object.values(FRENCH_CHECKS).flatMap((c) => [c.title, c.fix])];
    for (const text of texts) {
      expect(text, text).not.toMatch(/ [:;?!]/);
      expect(text, text).not.toMatch(/[a-zA-Zé]'[a-zA-Zéèàêâîôû]/);
      const prose = text.replace(/`[^`]*`|--[\w-]+|\{"[^\n]*|\{\w+\}/g, '');
      expect(englishWords(prose), text).toEqual([]);
    }
  });

  it('the report is French; --json keeps every machine field (ids, statuses, phases) across languages', async () => {
    const cwd = tmpDir();
    expect((await run(['proj', '--yes', '--no-git', '--no-install', '--phase', 'production'], cwd)).status).toBe(0);
    const text = await run(['doctor', 'proj'], cwd, FRENCH);
    expect(text.stdout).toContain('create-livrable doctor\u202f: ');
    expect(text.stdout).toContain('phase visée\u202f: production (d’après .livrable.json)');
    expect(text.stdout).toContain('Dépôt git');
    expect(text.stdout).toMatch(/Corrections\u202f:\n {2}✘ development\.git\u202f: Lancez `git init`/);
    const english = JSON.parse((await run(['doctor', 'proj', '--json'], cwd)).stdout);
    const french = JSON.parse((await run(['doctor', 'proj', '--json', '--lang', 'fr'], cwd)).stdout);
    const machine = (report: { checks: Record<string, unknown>[] }) => ({
      ...report,
      notes: undefined,
      checks: report.checks.map(({ id, phase, status }) => ({ id, phase, status })),
    });
    expect(machine(french)).toEqual(machine(english));
    expect(french.checks.map((c: { title: string }) => c.title)).toContain('Dépôt git');
    expect(Object.keys(french.checks[0]).sort()).toEqual(Object.keys(english.checks[0]).sort());
    const help = await run(['doctor', '--help'], cwd, FRENCH);
    expect(help.stdout).toMatch(/^Utilisation\u202f: create-livrable doctor/);
    const missing = await run(['doctor', 'nulle-part'], cwd, FRENCH);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/doctor\u202f: .*nulle-part n’existe pas\./);
  });
});

describe('upgrade in French', () => {
  it('its catalogues have the same keys and placeholders, in French typography', async () => {
    const { UPGRADE_CATALOGUES } = await import('../generators/engine/upgrade-messages.js');
    const { en: english, fr: french } = UPGRADE_CATALOGUES;
    expect(Object.keys(french).sort()).toEqual(Object.keys(english).sort());
    for (const key of Object.keys(english) as (keyof typeof english)[]) {
      expect(placeholders(french[key]), key).toEqual(placeholders(english[key]));
      expect(french[key], key).not.toMatch(/ [:;?!]/);
      expect(englishWords(french[key].replace(/`[^`]*`|--[\w-]+|\{\w+\}|\{"[^\n]*|git diff|uv lock && uv sync/g, '')), key).toEqual([]);
    }
  });

  it('the report and its errors are French', async () => {
    const cwd = tmpDir();
    expect((await run(['proj', '--yes', '--no-git', '--no-install'], cwd)).status).toBe(0);
    const none = await run(['upgrade', 'proj'], cwd, FRENCH);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/Dites vers quoi faire évoluer le projet\u202f: --phase <production\|maintenance>/);
    const result = await run(['upgrade', 'proj', '--phase', 'production', '--force'], cwd, FRENCH);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^proj mis à niveau dans proj\u202f: phase development → production\./);
    expect(result.stdout).toMatch(/\nFait\u202f: \d+ create/);
    expect(result.stdout).toContain('Et maintenant\u202f:');
    const again = await run(['upgrade', 'proj', '--phase', 'production', '--force'], cwd, FRENCH);
    expect(again.stdout).toBe('proj est déjà à jour (production, ci github)\u202f: rien à faire.\n');
    const help = await run(['upgrade', '--help'], cwd, FRENCH);
    expect(help.stdout).toContain('\nUtilisation\u202f:\n  create-livrable upgrade [dossier] --phase <production|maintenance> [options]');
    expect((await run(['upgrade', '--help'], cwd)).stdout).toContain('\nUsage:\n  create-livrable upgrade [directory]');
  });
});

describe('--lang before npm create’s `--`', () => {
  it('npm keeps it as npm_config_lang: the note says so, in the locale’s language', async () => {
    const cwd = tmpDir();
    const result = await run(['proj', '--yes', '--no-git', '--no-install'], cwd, { ...FRENCH, npm_config_lang: 'en' });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('remarque\u202f: npm a gardé --lang en pour lui\u202f: avec npm create, placez les options de l’outil après `--`');
  });
});

describe('what doctor found, in French', () => {
  it('the details of failures, skips and passes are French; --json keeps every machine field', async () => {
    const cwd = tmpDir();
    mkdirSync(path.join(cwd, 'bare'));
    writeFileSync(path.join(cwd, 'bare', 'README.md'), 'Trop court.\n');
    writeFileSync(path.join(cwd, 'bare', 'train.py'), 'print(1)\n');
    const text = await run(['doctor', 'bare', '--phase', 'maintenance'], cwd, FRENCH);
    expect(text.status).toBe(3);
    expect(text.stdout).toContain('pas un dépôt git');
    expect(text.stdout).toContain('README.md n’a que 2 mots');
    expect(text.stdout).toContain('pas de paquet, seulement des scripts\u202f: train.py');
    expect(text.stdout).toContain('aucune vérification de dérive');
    const rows = text.stdout.split('\n').filter((line) => /^ {2}[✔✘!-] /.test(line));
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const detail = row.replace(/^.*? {2}\S+ {2}/, '').replace(/`[^`]*`|--[\w-]+|\S*[/.]\S*/g, '');
      expect(englishWords(detail), row).toEqual([]);
    }
    const english = JSON.parse((await run(['doctor', 'bare', '--json'], cwd)).stdout);
    const french = JSON.parse((await run(['doctor', 'bare', '--json'], cwd, FRENCH)).stdout);
    const machine = (report: { checks: Record<string, unknown>[] }) => report.checks.map(({ id, phase, status }) => ({ id, phase, status }));
    expect(machine(french)).toEqual(machine(english));
    expect(english.checks.find((c: { id: string }) => c.id === 'development.git').detail).toBe('not a git repository');
    expect(french.checks.find((c: { id: string }) => c.id === 'development.git').detail).toBe('pas un dépôt git');
  });
});

describe('add in French', () => {
  it('its catalogues have the same keys and placeholders, in French typography, with no English sentence', async () => {
    const { ADD_CATALOGUES } = await import('../generators/engine/add-messages.js');
    const { en: english, fr: french } = ADD_CATALOGUES;
    expect(Object.keys(french).sort()).toEqual(Object.keys(english).sort());
    for (const key of Object.keys(english) as (keyof typeof english)[]) {
      expect(placeholders(french[key]), key).toEqual(placeholders(english[key]));
      expect(french[key], key).not.toMatch(/ [:;?!]/);
      expect(french[key], key).not.toMatch(/[a-zA-Zé]'[a-zA-Zéèàêâîôû]/);
      // Commands, options, paths and <arguments> are the same in both languages.
      const prose = french[key].replace(/`[^`]*`|--[\w-]+|\{"[^\n]*|\{\w+\}|<[^<>\n]*>|\S*\/\S*|\w+\(\w*\)/g, '');
      expect(englishWords(prose), key).toEqual([]);
    }
  });

  it('its help, report and refusals are French; --json is the same in both languages', async () => {
    const cwd = tmpDir();
    expect((await run(['proj', '--yes', '--no-git', '--no-install', '--deliverable', 'report'], cwd)).status).toBe(0);
    const help = await run(['add', '--help'], cwd, FRENCH);
    expect(help.stdout).toContain('\nUtilisation\u202f:\n  create-livrable add step <name> [--after <step>…] [options] [dossier]');
    expect((await run(['add', '--help'], cwd)).stdout).toContain('\nUsage:\n  create-livrable add step <name>');
    const unknown = await run(['add', 'stepp', 'x', 'proj'], cwd, FRENCH);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('create-livrable: Type inconnu «\u202fstepp\u202f»\u202f: cette version ajoute step, page, endpoint, section, dataset, deliverable. Vouliez-vous dire step\u202f?\n');
    const bad = await run(['add', 'step', 'Bad-Name', 'proj', '--dry-run'], cwd, FRENCH);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('«\u202fBad-Name\u202f» n’est pas un nom d’étape valide\u202f: lettres minuscules et chiffres');
    const other = await run(['add', 'endpoint', 'explain', 'proj', '--dry-run'], cwd, FRENCH);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('`add endpoint` ajoute une route à une API\u202f; ce projet livre un rapport.');
    const need = await run(['add', 'step', 'clean', '--after', 'nope', 'proj', '--dry-run'], cwd, FRENCH);
    expect(need.stderr).toMatch(/--after nope\u202f: le pipeline n’a pas d’étape «\u202fnope\u202f» \(étapes\u202f: /);
    const dry = await run(['add', 'section', 'errors', 'proj', '--dry-run'], cwd, FRENCH);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toMatch(/^Simulation\u202f: add section errors dans proj ferait\u202f:\n/);
    expect(dry.stdout).toMatch(/\nPrévu\u202f: \d+ create/);
    expect(dry.stdout).toContain('  update    report/report.qmd   intact depuis la génération\u202f: mis à jour pour l’ajout section errors\n');
    for (const result of [unknown, bad, other, need, dry]) {
      const text = result.stdout + result.stderr;
      expect(englishWords(text.replace(/`[^`]*`|--[\w-]+|\S*\/\S*/g, '')), text).toEqual([]);
    }
    const argv = ['add', 'section', 'errors', 'proj', '--dry-run', '--json'];
    const machine = (text: string) => {
      const { actions, ...rest } = JSON.parse(text);
      return { ...rest, actions: actions.map(({ path, action }: { path: string; action: string }) => ({ path, action })) };
    };
    expect(machine((await run(argv, cwd, FRENCH)).stdout)).toEqual(machine((await run(argv, cwd)).stdout));
  });
});

describe('upgrade’s reasons and the transaction errors, in French', () => {
  it('every per-file reason of an upgrade is French', async () => {
    const cwd = tmpDir();
    expect((await run(['proj', '--yes', '--no-git', '--no-install'], cwd)).status).toBe(0);
    writeFileSync(path.join(cwd, 'proj', 'README.md'), `${readFileSync(path.join(cwd, 'proj', 'README.md'), 'utf8')}\nMa note.\n`);
    const result = await run(['upgrade', 'proj', '--phase', 'production', '--force', '--dry-run'], cwd, FRENCH);
    expect(result.status).toBe(0);
    const rows = result.stdout.split('\n').filter((line) => /^ {2}(create|update|merge|keep|remove|skip|conflict) /.test(line));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.join('\n')).toMatch(/nouveau dans /);
    expect(rows.join('\n')).toMatch(/\.livrable\.json +nouvelles réponses et empreintes/);
    for (const row of rows) {
      const reason = row.replace(/^ {2}\S+ +\S+ +/, '');
      expect(englishWords(reason), row).toEqual([]);
    }
    const english = await run(['upgrade', 'proj', '--phase', 'production', '--force', '--dry-run'], cwd);
    expect(english.stdout).toMatch(/\.livrable\.json +new answers and hashes/);
  });

  it('a refused path and the recovery advice are French; English is unchanged', async () => {
    const { inspectPath } = await import('../generators/engine/safe-path.js');
    const { recoveryAdvice } = await import('../generators/engine/apply.js');
    const root = tmpDir();
    mkdirSync(path.join(root, 'real'));
    symlinkSync(path.join(root, 'real'), path.join(root, 'deploy'));
    const message = () => {
      try {
        inspectPath(root, 'deploy/app.yaml', 'write');
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    expect(message()).toBe(
      'Cannot write deploy/app.yaml: deploy is a symbolic link, and create-livrable never reads or writes through a link. Replace it with the real folder, or move it away.',
    );
    await useLanguage('fr');
    expect(message()).toBe(
      'Écriture impossible sur deploy/app.yaml\u202f: deploy est un lien symbolique, et create-livrable ne lit ni n’écrit jamais à travers un lien. Remplacez-le par le vrai dossier, ou déplacez-le.',
    );
    expect(recoveryAdvice(process.cwd())).toBe(
      'lancez `create-livrable upgrade --resume` pour le terminer, ou `create-livrable upgrade --rollback` pour l’annuler',
    );
    const transactionKeys = (Object.keys(en) as MessageKey[]).filter((k) => /^(tx|path)[A-Z]/.test(k));
    expect(transactionKeys.length).toBeGreaterThan(15);
    for (const key of transactionKeys) {
      const prose = t(key).replace(/`[^`]*`|--[\w-]+|\{\w+\}/g, '');
      expect(englishWords(prose), key).toEqual([]);
    }
  });

  it('a crafted record is refused in French, English unchanged', async () => {
    const cwd = tmpDir();
    expect((await run(['proj', '--yes', '--no-git', '--no-install'], cwd)).status).toBe(0);
    const file = path.join(cwd, 'proj', RECORD_PATH);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    const craft = async (change: (r: Record<string, unknown>) => void) => {
      const copy = structuredClone(record);
      change(copy);
      writeFileSync(file, JSON.stringify(copy));
      const french = await run(['upgrade', 'proj', '--phase', 'production', '--force'], cwd, FRENCH);
      const english = await run(['upgrade', 'proj', '--phase', 'production', '--force'], cwd);
      expect(french.status).toBe(2);
      return { french: french.stderr, english: english.stderr };
    };
    const added = await craft((r) => {
      r.added = 5;
    });
    expect(added.english).toContain('.livrable.json: "added" must be a list.');
    expect(added.french).toContain('.livrable.json\u202f: «\u202fadded\u202f» doit être une liste.');
    const phase = await craft((r) => {
      (r.answers as Record<string, unknown>).phase = 'bogus';
    });
    expect(phase.english).toContain('.livrable.json: the recorded phase "bogus" is not valid. Choices: development, production, maintenance.');
    expect(phase.french).toContain('la valeur enregistrée de phase, «\u202fbogus\u202f», est invalide. Valeurs possibles\u202f: development, production, maintenance.');
    const files = await craft((r) => {
      r.files = { '../outside': 'sha256:00' };
    });
    expect(files.french).toMatch(/est corrompu\u202f: «\u202f\.\.\/outside\u202f» n’est pas un chemin dans le projet/);
    for (const text of [added.french, phase.french, files.french]) expect(englishWords(text.replace(/`[^`]*`|\S*[/.]\S*/g, '')), text).toEqual([]);
  });
});
