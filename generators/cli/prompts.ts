import type { Readable, Writable } from 'node:stream';
import type { RawAnswers } from '../core/answers.js';
import { answerOption, DEFAULT_DIRECTORY } from '../core/domain.js';
import { choiceText, optionText, t } from '../core/i18n.js';
import { CancelledError } from '../core/errors.js';

export interface PromptIO {
  input?: Readable;
  output?: Writable;
}

type Clack = typeof import('@clack/prompts');

/** clack is loaded only when a prompt is actually shown: scripted runs never pay for it. */
async function clack(): Promise<Clack> {
  return import('@clack/prompts');
}

function unwrap<T>(prompts: Clack, value: T): Exclude<T, symbol> {
  if (prompts.isCancel(value) || typeof value === 'symbol') throw new CancelledError();
  return value as Exclude<T, symbol>;
}

export async function askDirectory(io: PromptIO): Promise<string> {
  const prompts = await clack();
  const value = await prompts.text({
    ...io,
    message: t('askDirectory'),
    placeholder: DEFAULT_DIRECTORY,
    defaultValue: DEFAULT_DIRECTORY,
  });
  return unwrap(prompts, value).trim() || DEFAULT_DIRECTORY;
}

/** Ask only what flags and the preset did not give. */
export async function askMissing(missing: string[], io: PromptIO): Promise<RawAnswers> {
  const prompts = await clack();
  const answers: RawAnswers = {};
  for (const key of missing) {
    const option = answerOption(key);
    if (!option?.choices || !option.prompt) continue;
    const value = await prompts.select({
      ...io,
      message: optionText(option, 'prompt') ?? option.prompt,
      options: option.choices.map((c) => ({ value: c.value, ...choiceText(key, c.value) })),
      initialValue: option.default,
    });
    answers[key] = unwrap(prompts, value);
  }
  return answers;
}

export async function confirmOverwrite(target: string, io: PromptIO): Promise<boolean> {
  const prompts = await clack();
  const value = await prompts.confirm({
    ...io,
    message: t('confirmOverwrite', { target }),
    active: t('yes'),
    inactive: t('no'),
    initialValue: false,
  });
  return unwrap(prompts, value);
}

/**
 * The opening lines. The language is not a question (most people never change it): the intro says
 * which one is spoken, and why, in a line that also tells how to switch (`--lang`).
 */
export async function intro(title: string, io: PromptIO, languageFromFlag: boolean): Promise<void> {
  const prompts = await clack();
  prompts.intro(title, io);
  prompts.log.info(t(languageFromFlag ? 'languageFromFlag' : 'languageFromLocale'), { output: io.output });
}
