import { parseArgs } from 'node:util';
import { didYouMean } from '../core/suggest.js';
import { choiceValues } from '../core/domain.js';
import { t } from '../core/i18n.js';

export type FlagConfig = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string }>>;

/**
 * One line saying what is wrong with a command line that Node's strict parser refused, in the
 * user's terms: an unknown flag with the one it most likely meant, a flag given without its
 * value (`--deliverable --yes`), a value given to a switch. Undefined when none of these applies
 * (the parser's own message is then the best there is). Runs only after a refusal, so a valid
 * command line never pays for it.
 */
export function explainArgv(argv: string[], config: FlagConfig): string | undefined {
  const { tokens } = parseArgs({ args: argv, options: config, strict: false, allowPositionals: true, tokens: true });
  const flags = Object.keys(config);
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = config[token.name];
    if (!spec) {
      const hint = token.rawName.startsWith('--') ? didYouMean(token.name, flags, (f) => `--${f}`) : '';
      return `${t('unknownOption', { flag: token.rawName })}${hint}`;
    }
    if (spec.type === 'boolean') {
      if (token.inlineValue) return t(config[`no-${token.name}`] ? 'takesNoValueOrNo' : 'takesNoValue', { flag: token.rawName, value: token.value ?? '', name: token.name });
      continue;
    }
    const choices = choiceValues(token.name);
    const expected = choices ? t('oneOf', { choices: choices.join(', ') }) : t('aValue');
    if (token.value === undefined) return t('needsValue', { flag: token.rawName, expected });
    if (!token.inlineValue && token.value.startsWith('-') && token.value !== '-') {
      return t('needsValueNotOption', { flag: token.rawName, expected, next: token.value });
    }
  }
  return undefined;
}
