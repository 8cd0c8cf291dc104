import type { Writable } from 'node:stream';
import { t } from '../core/i18n.js';

/** What the user sees while a step after the write runs (`uv sync` can take seconds). */
export interface Progress {
  start(label: string): void;
  stop(outcome: 'ok' | 'failed' | 'interrupted'): void;
}

const FRAMES = ['◒', '◐', '◓', '◑'];
const MARKS = { ok: '◇', failed: '▲', interrupted: '■' } as const;

/**
 * A spinner on a terminal, one plain line per step otherwise (logs, CI, pipes). Not clack's
 * spinner: it puts stdin in raw mode, where Ctrl-C is no longer a signal, and exits the process
 * with code 0 on that key, so an interrupted `uv sync` could neither be stopped nor reported.
 * This one leaves the terminal as it is: Ctrl-C stays a SIGINT for us and for the child.
 */
export function createProgress(out: Writable, terminal: boolean): Progress {
  if (!terminal) {
    return {
      start: (label) => out.write(`${t('running', { step: label })}\n`),
      stop: () => undefined,
    };
  }
  let timer: NodeJS.Timeout | undefined;
  let label = '';
  let started = 0;
  let frame = 0;
  const draw = () => out.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]}  ${label}…`);
  return {
    start(text) {
      label = text;
      started = Date.now();
      draw();
      timer = setInterval(draw, 100);
    },
    stop(outcome) {
      clearInterval(timer);
      const tail = outcome === 'ok' ? ` (${((Date.now() - started) / 1000).toFixed(1)} s)` : ` ${t(outcome === 'failed' ? 'outcomeFailed' : 'outcomeInterrupted')}`;
      out.write(`\r\x1b[2K${MARKS[outcome]}  ${label}${tail}\n`);
    },
  };
}

/** A terminal that can redraw a line: not a pipe, not CI's log, not TERM=dumb. */
export function canAnimate(out: Writable & { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return false;
  return out.isTTY === true && env.TERM !== 'dumb';
}
