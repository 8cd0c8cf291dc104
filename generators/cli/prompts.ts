import type { Readable, Writable } from 'node:stream';
import type { RawAnswers } from '../core/answers.js';
import { answerOption, DEFAULT_DIRECTORY } from '../core/domain.js';
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
    message: 'Where should the project be created?',
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
      message: option.prompt,
      options: option.choices.map((c) => ({ value: c.value, label: c.label, hint: c.hint })),
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
    message: `${target} is not empty. Write into it anyway (same-name files are replaced, others kept)?`,
    initialValue: false,
  });
  return unwrap(prompts, value);
}

export async function intro(title: string, io: PromptIO): Promise<void> {
  (await clack()).intro(title, io);
}
