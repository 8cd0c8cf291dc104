import { readdirSync, rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { gitSteps, onPath, runStep, uvSteps, type Step, type StepResult } from '../engine/post.js';
import type { Progress } from './progress.js';
import { t } from '../core/i18n.js';

/** The shell's code for a process ended by Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

const INSTALL_HINT: Readonly<Record<string, string>> = {
  uv: 'https://docs.astral.sh/uv/getting-started/installation/',
  git: 'https://git-scm.com/downloads',
};

/** Where SIGINT comes from: the process itself, or an emitter in tests. */
export interface SignalSource {
  on(event: 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGINT', listener: () => void): unknown;
}

export interface InterruptWatch {
  readonly interrupted: boolean;
  /** The child to stop on Ctrl-C, if one runs. */
  track(child: ChildProcess | undefined): void;
  stop(): void;
}

/**
 * Catch Ctrl-C from before the write until the last step ends. Without a handler Node dies at
 * once: no word of what state the project is in, and whatever the child was writing left half
 * done. A terminal sends the signal to the child too; if it was sent to us alone, the child is
 * stopped the same way (a second Ctrl-C kills it). Installed before the synchronous write, a
 * Ctrl-C during it waits until the write is complete: the project is whole or absent, never half.
 */
export function watchInterrupts(signals: SignalSource): InterruptWatch {
  let count = 0;
  let child: ChildProcess | undefined;
  const onSigint = () => {
    count += 1;
    if (child && child.exitCode === null && child.signalCode === null) child.kill(count > 1 ? 'SIGKILL' : 'SIGINT');
  };
  signals.on('SIGINT', onSigint);
  return {
    get interrupted() {
      return count > 0;
    },
    track(c) {
      child = c;
    },
    stop() {
      signals.off('SIGINT', onSigint);
    },
  };
}

export interface PostOutcome {
  results: StepResult[];
  /** Set when Ctrl-C stopped the steps: the step it stopped (or came before) and every step not done. */
  interrupted?: { step: Step; started: boolean; unfinished: Step[] };
}

export interface PostRequest {
  install: boolean | undefined;
  git: boolean | undefined;
  author: string;
}

/**
 * The steps to run, in groups whose steps depend on one another (a failure skips the rest of its
 * group only). A tool asked for by flag but not installed is a warning, not an attempt.
 */
export function chooseSteps(request: PostRequest, env: NodeJS.ProcessEnv): { groups: Step[][]; warnings: string[] } {
  const groups: Step[][] = [];
  const warnings: string[] = [];
  for (const [tool, wanted, steps] of [
    ['uv', request.install, uvSteps],
    ['git', request.git, () => gitSteps(request.author)],
  ] as const) {
    // No PATH lookup for a tool turned off: a scripted --no-git --no-install run does no extra work.
    if (wanted === false) continue;
    if (!onPath(tool, env)) {
      if (wanted === true) warnings.push(missingTool(tool, `--${tool === 'uv' ? 'install' : 'git'}`, steps()));
      continue;
    }
    groups.push(steps());
  }
  return { groups, warnings };
}

function missingTool(tool: string, flag: string, steps: Step[]): string {
  return t('toolMissing', { flag, tool, steps: steps.map((s) => s.display).join(' && '), url: INSTALL_HINT[tool] ?? '' });
}

/** The warning for a step that failed: what to run by hand, or what to install first. */
export function failureWarning(result: StepResult): string {
  const tool = result.step.split(' ')[0] ?? '';
  if (result.missing) {
    return t('stepToolMissing', { tool, step: result.step, url: INSTALL_HINT[tool] ?? t('seeItsDocumentation') });
  }
  return `${t('stepFailed', { step: result.step })}${result.detail ? `\n${result.detail}` : ''}`;
}

/** Temporary files a tool stopped mid-write leaves in the project (uv writes `.tmpXXXXXX`, then renames). */
function removeNewTempFiles(dir: string, before: ReadonlySet<string>): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.tmp') && !before.has(name)) rmSync(`${dir}/${name}`, { recursive: true, force: true });
  }
}

/** Run the steps one after the other, with progress; stop at Ctrl-C and say what is left to do. */
export async function runPostSteps(
  groups: Step[][],
  cwd: string,
  env: NodeJS.ProcessEnv,
  progress: Progress,
  watch: InterruptWatch,
): Promise<PostOutcome> {
  const results: StepResult[] = [];
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] ?? [];
    for (let i = 0; i < group.length; i++) {
      const step = group[i] as Step;
      const unfinished = [...group.slice(i), ...groups.slice(g + 1).flat()];
      if (watch.interrupted) return { results, interrupted: { step, started: false, unfinished } };
      const before = new Set(readdirSync(cwd));
      progress.start(step.display);
      const result = await runStep(step, cwd, env, (child) => watch.track(child));
      watch.track(undefined);
      if (watch.interrupted || result.interrupted) {
        progress.stop('interrupted');
        removeNewTempFiles(cwd, before);
        return { results, interrupted: { step, started: true, unfinished } };
      }
      progress.stop(result.ok ? 'ok' : 'failed');
      results.push(result);
      if (!result.ok) break;
    }
  }
  return { results };
}

/** One line: the state the project is left in and the command that finishes the job. */
export function interruptedMessage(interrupted: NonNullable<PostOutcome['interrupted']>, target: string, shown: string): string {
  const cd = shown === '.' ? [] : [`cd ${shown.includes(' ') ? `"${shown}"` : shown}`];
  const rest = [...cd, ...interrupted.unfinished.map((s) => s.display)].join(' && ');
  const what = t(interrupted.started ? 'stepUnfinished' : 'stepNotRun', { step: interrupted.step.display });
  return t('interrupted', { target, what, rest });
}
