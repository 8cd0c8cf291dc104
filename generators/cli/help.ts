import { ANSWER_OPTIONS, DATASET_OPTIONS } from '../core/domain.js';
import { optionText, t } from '../core/i18n.js';

export function helpText(version: string): string {
  const answerLines = ANSWER_OPTIONS.map((o) => {
    const values = o.choices ? ` <${o.choices.map((c) => c.value).join('|')}>` : ` <${t('helpText')}>`;
    // --lang's default is the locale's, which its help says.
    const def = o.default && o.key !== 'lang' ? ` (${t('helpDefault', { value: o.default })}${o.prompt ? t(o.defaultWhenNotInteractive ? 'helpAskedOnTerminal' : 'helpAsked') : ''})` : '';
    return `  --${o.key}${values}\n      ${optionText(o, 'help')}${def}`;
  });
  const datasetLines = DATASET_OPTIONS.map((o) => `  --${o.key} <${t(o.value === 'file' ? 'helpFile' : 'helpColumn')}>\n      ${optionText(o, 'help')}`);
  return t('help', { version, options: answerLines.join('\n'), datasetOptions: datasetLines.join('\n') });
}
