import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { ROOT, spawnBin, tmpDir } from '../helpers.js';

/**
 * Runs the built CLI as a child process, optionally with test/fault/inject.cjs preloaded
 * (through NODE_OPTIONS) to kill it at its Nth rename or other change, or to make renames fail.
 */
const INJECT = path.join(ROOT, 'test', 'fault', 'inject.cjs');

export function requireBuild(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'create-livrable.cjs'))) {
    throw new Error('dist/create-livrable.cjs is missing: run `npm test` (it builds first) or `npm run build`.');
  }
}

export interface Fault {
  count?: string;
  killAtRename?: number;
  killAtOther?: number;
  eioAtRename?: number[];
  erofsUnder?: string;
  sleepAtMkdtemp?: number;
}

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function cli(
  args: string[],
  cwd: string,
  options: { fault?: Fault; env?: NodeJS.ProcessEnv; killAfterMs?: number } = {},
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { PATH: '', HOME: cwd, ...options.env };
  if (options.fault) {
    env.NODE_OPTIONS = `--require ${INJECT}`;
    env.LIVRABLE_FAULT = JSON.stringify(options.fault);
  }
  return spawnBin(args, cwd, env, options.killAfterMs ?? 20_000);
}

/** How many renames and other changes a run makes (the loop bounds). */
export async function countOps(args: string[], cwd: string): Promise<{ run: CliRun; rename: number; other: number }> {
  const file = path.join(tmpDir('livrable-count-'), 'count.json');
  const run = await cli(args, cwd, { fault: { count: file } });
  const counts = JSON.parse(readFileSync(file, 'utf8')) as { rename: number; other: number };
  return { run, ...counts };
}

/** A one-line error: exactly one line on stderr, no stack trace. */
export function expectOneLineError(run: CliRun, status: number, message?: RegExp): void {
  expect(run.signal, run.stderr).toBeNull();
  expect(run.status, run.stderr).toBe(status);
  expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at |unexpected error/m);
  if (message) expect(run.stderr).toMatch(message);
}

/** A copy of dir in a fresh parent folder (the parent holds nothing else, to spot temp folders). */
export function copyProject(dir: string, name = path.basename(dir)): string {
  const copy = path.join(tmpDir('livrable-fault-'), name);
  cpSync(dir, copy, { recursive: true, preserveTimestamps: true });
  return copy;
}

export function write(dir: string, p: string, text: string | Buffer): void {
  mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
  writeFileSync(path.join(dir, p), text);
}

export const read = (dir: string, p: string) => readFileSync(path.join(dir, p), 'utf8');

/** Nothing but the project in its parent folder: no temporary sibling left. */
export function expectAloneInParent(dir: string): void {
  expect(readdirSync(path.dirname(dir))).toEqual([path.basename(dir)]);
}

/** Remove copies as soon as a test is done with them (thousands of files otherwise pile up). */
export function dispose(...dirs: string[]): void {
  for (const dir of dirs) rmSync(path.dirname(dir), { recursive: true, force: true });
}
