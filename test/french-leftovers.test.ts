import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { main } from '../generators/cli/main.js';
import { DATASET_CATALOGUES } from '../generators/core/dataset-messages.js';
import { useLanguage } from '../generators/core/i18n.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { RECORD_PATH } from '../generators/engine/record.js';
import { inspectPath, type PathAction, unsafePathReason } from '../generators/engine/safe-path.js';
import { cleanTmpDirs, collector, TEMPLATES, tmpDir } from './helpers.js';

/**
 * English left inside what the French command line prints: a sentence built from an English
 * fragment (a reason, a verb, a scanner's finding) passes every catalogue check, since the
 * catalogue holds only its frame. So the command line is driven in French over its error paths
 * (a data set it refuses, a crafted record, a refused path, doctor's scanners) and the output is
 * read with a list of English stop words; the same runs in English must show those words.
 */

afterAll(cleanTmpDirs);
afterEach(() => useLanguage('en'));

const store = createFsStore(TEMPLATES);
const FRENCH = { LANG: 'fr_FR.UTF-8' };
const ENGLISH = { LANG: 'en_US.UTF-8' };

/** Words that have no business in a French sentence (as test/i18n.test.ts lists them, and more). */
const STOP_WORDS = new Set([
  'the', 'and', 'with', 'is', 'are', 'not', 'to', 'of', 'file', 'files', 'written', 'would',
  'it', 'its', 'has', 'have', 'was', 'were', 'no', 'cannot', 'needs', 'only', 'at', 'least', 'holds', 'looks', 'like',
  'must', 'be', 'which', 'but',
]);

/** What a person reads as sentences: no code, flag, quoted value, path or number. */
function sentences(text: string): string {
  return text
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\w*_\w*/g, ' ')
    .replace(/«[^»\n]*»|"[^"\n]*"/g, ' ')
    .replace(/--[\w-]+/g, ' ')
    .replace(/\S*[/\\.]\S*[\w/]/g, ' ')
    .replace(/^create-livrable:/gm, ' ');
}

function englishWords(text: string): string[] {
  const words = sentences(text).toLowerCase().match(/[a-zà-ÿ’']+/g) ?? [];
  return [...new Set(words.filter((w) => STOP_WORDS.has(w)))];
}

/** main() in-process, stdin not a terminal: what it printed, both streams. */
async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const stdout = collector();
  const stderr = collector();
  await main(argv, {
    store,
    version: '0.0.0-test',
    cwd,
    env: { PATH: '', HOME: cwd, GIT_AUTHOR_NAME: 'Testeur', ...env },
    stdin: Object.assign(process.stdin, {}) as never,
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  return `${stdout.text()}\n${stderr.text()}`;
}

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('\n');

/** Files that each make the dataset path refuse or note something. */
const DATA_FILES: Record<string, string> = {
  'one.csv': 'a\n1\n2\n',
  'empty.csv': '',
  'header.csv': 'a,b\n',
  'nul.csv': 'a,b\n1,\u0000\n',
  'few.csv': 'a,b\n1,x\n2,y\n',
  'quote.csv': 'a,b\n1,"x\n',
  'fields.csv': 'a,b\n1,2,3\n',
  'twice.csv': 'a,a\n1,2\n',
  'single.csv': `a,b\n${rows(30, (i) => `${i},x`)}\n`,
  'loner.csv': `a,b\n${rows(29, (i) => `${i},x`)}\n29,y\n`,
  // Good data, with rows left out (no target): a note, and the dataset line of a dry run.
  'good.csv': `size,colour,kind\n${rows(40, (i) => `${i},${i % 3 === 0 ? 'red' : 'blue'},${i % 2 ? 'cat' : 'dog'}`)}\n41,red,\n`,
};

const DATA_RUNS: string[][] = [
  ['p', '--dataset', 'missing.csv', '--target', 'a'],
  ['p', '--dataset', 'one.csv', '--target', 'a'],
  ['p', '--dataset', 'empty.csv', '--target', 'a'],
  ['p', '--dataset', 'header.csv', '--target', 'a'],
  ['p', '--dataset', 'nul.csv', '--target', 'a'],
  ['p', '--dataset', 'few.csv', '--target', 'b'],
  ['p', '--dataset', 'few.csv', '--target', 'bb'],
  ['p', '--dataset', 'quote.csv', '--target', 'a'],
  ['p', '--dataset', 'fields.csv', '--target', 'a'],
  ['p', '--dataset', 'twice.csv', '--target', 'a'],
  ['p', '--dataset', 'single.csv', '--target', 'b'],
  ['p', '--dataset', 'loner.csv', '--target', 'b'],
  ['p', '--dataset', 'good.csv'],
  ['p', '--target', 'kind'],
  ['p', '--dataset', ' ', '--target', 'kind'],
  ['p', '--dataset', 'good.csv', '--target', 'kind', '--phase', 'maintenance'],
  ['p', '--dataset', 'good.csv', '--target', 'kind', '--dry-run'],
];

describe('the dataset catalogue', () => {
  const { en, fr } = DATASET_CATALOGUES;
  const fields = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('French has the keys and placeholders of English', () => {
    expect(Object.keys(fr)).toEqual(Object.keys(en));
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect({ key, fields: fields(fr[key]) }).toEqual({ key, fields: fields(en[key]) });
  });

  it('reads as French, in French typography', () => {
    for (const [key, text] of Object.entries(fr)) {
      expect({ key, english: englishWords(text.replace(/\{\w+\}/g, 'X')) }).toEqual({ key, english: [] });
      expect(text, key).not.toMatch(/ [:;?!]|[^\s\u202f({][;?!](?=\s|$)/);
      expect(text, key).not.toMatch(/\p{L}'\p{L}/u);
    }
  });
});

describe('the French command line leaves no English inside its sentences', () => {
  it('over the dataset path: every refusal, the notes and the dry run’s dataset line', async () => {
    const cwd = tmpDir();
    for (const [name, content] of Object.entries(DATA_FILES)) writeFileSync(path.join(cwd, name), content);
    const base = ['--deliverable', 'api', '--yes', '--no-git', '--no-install'];
    let englishSeen = 0;
    for (const args of DATA_RUNS) {
      const french = await run([...args, ...base], cwd, FRENCH);
      expect(french.trim(), args.join(' ')).not.toBe('');
      expect({ args: args.join(' '), french, english: englishWords(french) }).toEqual({ args: args.join(' '), french, english: [] });
      if (englishWords(await run([...args, ...base], cwd, ENGLISH)).length > 0) englishSeen++;
    }
    // The stop words do catch the English output of the same runs.
    expect(englishSeen).toBeGreaterThanOrEqual(DATA_RUNS.length - 2);
    const dryRun = await run(['p', '--dataset', 'good.csv', '--target', 'kind', '--dry-run', ...base], cwd, FRENCH);
    expect(dryRun).toContain('Données\u202f: Good, cible "kind" (classification, 2 étiquettes)');
    expect(dryRun).toContain('1 lignes sans valeur pour «\u202fkind\u202f» ont été écartées');
  });

  it('a refused path: every reason and every action', async () => {
    const root = tmpDir();
    mkdirSync(path.join(root, 'real'));
    symlinkSync(path.join(root, 'real'), path.join(root, 'deploy'));
    const unsafe = ['', 'a\u0000b', 'a\\b', '/etc/passwd', '../up', 'a//b', '.git/config', '.livrable-upgrade-1/x'];
    const actions: PathAction[] = ['write', 'remove', 'restore', 'readSample', 'upgrade', 'add'];
    const messages = (): string[] => {
      const out: string[] = unsafe.map((p) => unsafePathReason(p) ?? '');
      for (const action of actions) {
        for (const p of ['deploy/app.yaml', '../up']) {
          try {
            inspectPath(root, p, action);
            out.push('');
          } catch (error) {
            out.push((error as Error).message);
          }
        }
      }
      return out;
    };
    const english = messages();
    expect(english.every((m) => m !== '')).toBe(true);
    expect(english.filter((m) => englishWords(m).length > 0)).toHaveLength(english.length);
    await useLanguage('fr');
    const french = messages();
    for (const message of french) expect({ message, english: englishWords(message) }).toEqual({ message, english: [] });
    expect(french).toContain('il remonte avec «\u202f..\u202f»');
  });

  it('a record with a path outside the project, refused by upgrade', async () => {
    const cwd = tmpDir();
    await run(['proj', '--yes', '--no-git', '--no-install'], cwd, ENGLISH);
    const file = path.join(cwd, 'proj', RECORD_PATH);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    for (const bad of ['../outside', '.git/hooks/post-checkout', 'a\\b']) {
      writeFileSync(file, JSON.stringify({ ...record, files: { [bad]: 'sha256:00' } }));
      const french = await run(['upgrade', 'proj', '--phase', 'production', '--force'], cwd, FRENCH);
      expect(french).toMatch(/est corrompu/);
      expect({ bad, english: englishWords(french) }).toEqual({ bad, english: [] });
      expect(englishWords(await run(['upgrade', 'proj', '--phase', 'production', '--force'], cwd, ENGLISH)).length).toBeGreaterThan(0);
    }
  });

  it('a record whose data description is crafted, refused by upgrade', async () => {
    const cwd = tmpDir();
    await run(['proj', '--yes', '--no-git', '--no-install'], cwd, ENGLISH);
    const file = path.join(cwd, 'proj', RECORD_PATH);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    const penguins = JSON.parse(readFileSync(path.join(TEMPLATES, 'datasets/penguins.json'), 'utf8'));
    const crafted: Record<string, unknown>[] = [
      { ...penguins, title: 5 },
      { ...penguins, rows: -1 },
      { ...penguins, sampleFile: '../x.csv' },
      { ...penguins, features: [] },
      { ...penguins, target: { ...penguins.target, task: 'ranking' } },
      { ...penguins, example: {} },
      { ...penguins, ignored: ['species'] },
      { ...penguins, features: [{ ...penguins.features[1], min: 9, max: 1 }] },
    ];
    for (const dataset of crafted) {
      writeFileSync(file, JSON.stringify({ ...record, dataset }));
      const french = await run(['upgrade', 'proj', '--phase', 'production', '--force'], cwd, FRENCH);
      expect(french).toContain('dans «\u202fdataset\u202f»');
      expect({ french, english: englishWords(french) }).toEqual({ french, english: [] });
      expect(englishWords(await run(['upgrade', 'proj', '--phase', 'production', '--force'], cwd, ENGLISH)).length).toBeGreaterThan(0);
    }
  });

  it("doctor's scanners: .gitignore lines, secrets, environment and key files, a link out of the repository", async () => {
    const cwd = tmpDir();
    const repo = path.join(cwd, 'repo');
    mkdirSync(repo);
    writeFileSync(path.join(repo, 'README.md'), 'Un dépôt.\n');
    writeFileSync(path.join(repo, '.gitignore'), '[abc\n[[:nope:]]\n[z-a]\nx\\\n');
    writeFileSync(path.join(repo, '.env'), 'A=1\n');
    writeFileSync(path.join(repo, 'id_rsa'), 'key\n');
    writeFileSync(path.join(repo, 'config.py'), `TOKEN = "ghp_${'a'.repeat(36)}"\nKEY = "AKIA${'A'.repeat(16)}"\n`);
    mkdirSync(path.join(cwd, 'elsewhere'));
    symlinkSync(path.join(cwd, 'elsewhere'), path.join(repo, 'linked'));
    const french = await run(['doctor', 'repo', '--phase', 'maintenance'], cwd, FRENCH);
    const english = await run(['doctor', 'repo', '--phase', 'maintenance'], cwd, ENGLISH);
    for (const phrase of ['ressemble à un jeton GitHub', 'fichier d’environnement non ignoré', 'un `[` jamais fermé', 'lien symbolique vers l’extérieur du dépôt']) {
      expect(french).toContain(phrase);
    }
    expect(english).toContain('looks like a GitHub token');
    // The check rows and the notes: what the scanners found, inside French sentences.
    const lines = french.split('\n').filter((line) => /^ {2}[✔✘!-] |^note/.test(line));
    expect(lines.length).toBeGreaterThan(15);
    for (const line of lines) {
      const detail = line.replace(/^ {2}\S+ {2}\S+ {2}/, '');
      expect({ line, english: englishWords(detail) }).toEqual({ line, english: [] });
    }
  });
});
