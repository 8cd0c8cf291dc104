import type { Readable, Writable } from 'node:stream';
import type { TemplateStore } from '../engine/store.js';
import type { SignalSource } from './post-run.js';

/**
 * Everything the CLI touches from the outside world, injectable for tests. In a module of its own
 * so that the subcommands (upgrade, doctor) and main, which loads them, do not import each other.
 */
export interface Runtime {
  store: TemplateStore;
  version: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  /** Where Ctrl-C is heard while git and uv run (default: the process). */
  signals?: SignalSource;
}
