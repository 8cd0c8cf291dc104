/**
 * The language the tool speaks. English lives in the entry (messages/en.ts, and the answer
 * options' own texts in domain.ts); French (messages/fr.ts) is a lazy file loaded only when French
 * is chosen, so the create path of an English run pays nothing for it.
 *
 * The chosen catalogue is kept on globalThis under a registered symbol, not in a module variable:
 * the published package bundles the lazily loaded subcommands into files of their own, each with
 * its own copy of this module, and they must all speak the language the entry chose.
 */
import { answerOption, LANGUAGES, type AnswerOption, type Language } from './domain.js';
import { en, type Catalogue, type MessageKey } from './messages/en.js';

const SLOT = Symbol.for('create-livrable.language');
type Current = { lang: Language; catalogue: Catalogue };
const holder = globalThis as unknown as Record<typeof SLOT, Current | undefined>;

function current(): Current {
  return holder[SLOT] ?? { lang: 'en', catalogue: { messages: en } };
}

/**
 * The message `key` in the current language, `{name}` placeholders filled from `params`. A
 * placeholder without a value is left as written (a missing value shows, rather than "undefined").
 */
/** The language spoken now (what --lang, the preset or the locale chose). */
export function currentLanguage(): Language {
  return current().lang;
}

export function t(key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const text = current().catalogue.messages[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** An answer option's text (help, prompt) in the current language; domain.ts holds the English. */
export function optionText(option: AnswerOption, field: 'help' | 'prompt'): string | undefined {
  const english = option[field];
  if (english === undefined) return undefined;
  return current().catalogue.options?.[`${option.key}.${field}`] ?? english;
}

/** A choice's label and hint in the current language. */
export function choiceText(key: string, value: string): { label: string; hint?: string } {
  const choice = answerOption(key)?.choices?.find((c) => c.value === value);
  const options = current().catalogue.options ?? {};
  const label = options[`${key}.${value}.label`] ?? choice?.label ?? value;
  const hint = choice?.hint === undefined ? undefined : (options[`${key}.${value}.hint`] ?? choice.hint);
  return hint === undefined ? { label } : { label, hint };
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language of the locale, as POSIX picks the messages' locale: the first non-empty of
 * LC_ALL, LC_MESSAGES, LANG. French for `fr`, `fr_FR.UTF-8`, `fr_CA`, …; English otherwise
 * (C, POSIX, en_*, de_*, unset).
 */
export function localeLanguage(env: NodeJS.ProcessEnv): Language {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return /^fr(?![a-z])/i.test(locale) ? 'fr' : 'en';
}

/** The value of `--lang` on a command line (`--lang fr`, `--lang=fr`; the last one wins), if any. */
export function languageFlag(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  const end = argv.indexOf('--');
  const args = end < 0 ? argv : argv.slice(0, end);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--lang' && i + 1 < args.length && !(args[i + 1] as string).startsWith('-')) value = args[i + 1];
    else if (arg.startsWith('--lang=')) value = arg.slice('--lang='.length);
  }
  return value;
}

/** Speak `lang` from now on. French is loaded on first use (a lazy file of its own when bundled). */
export async function useLanguage(lang: Language): Promise<void> {
  if (lang === current().lang && holder[SLOT]) return;
  const catalogue: Catalogue = lang === 'fr' ? (await import('./messages/fr.js')).fr : { messages: en };
  holder[SLOT] = { lang, catalogue };
}
