import type { Readable, Writable } from 'node:stream';
import { AVAILABLE_PHASES, type RawAnswers } from '../core/answers.js';
import { CancelledError } from '../core/errors.js';
import { ANSWER_OPTIONS, DEFAULTS, type Phase } from './options.js';

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
    placeholder: DEFAULTS.directory,
    defaultValue: DEFAULTS.directory,
  });
  return unwrap(prompts, value).trim() || DEFAULTS.directory;
}

/** Ask only what flags and the preset did not give. */
export async function askMissing(missing: string[], io: PromptIO): Promise<RawAnswers> {
  const prompts = await clack();
  const answers: RawAnswers = {};
  for (const key of missing) {
    const option = ANSWER_OPTIONS.find((o) => o.key === key);
    if (!option?.choices) continue;
    const value = await prompts.select({
      ...io,
      message: option.message,
      // A phase this version cannot generate is shown but cannot be picked (the flag refuses it too).
      options: option.choices.map((c) =>
        key === 'phase' && !AVAILABLE_PHASES.includes(c.value as Phase)
          ? { value: c.value, label: c.label, hint: 'not available yet', disabled: true }
          : { value: c.value, label: c.label, hint: c.hint },
      ),
      initialValue: (DEFAULTS as Record<string, string>)[key],
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
