import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { resolveAnswers, type Answers, type RawAnswers } from '../generators/core/answers.js';
import { UserError } from '../generators/core/errors.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPLATES = path.join(ROOT, 'templates');
export const BIN = path.join(ROOT, 'bin', 'create-livrable.cjs');
export const PACKAGE_VERSION: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

const made: string[] = [];

/** A fresh temporary directory (real path, so it compares with what the CLI prints). */
export function tmpDir(prefix = 'livrable-test-'): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

export function cleanTmpDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Every entry under dir, recursively: "d path" for folders, "f path mode sha256" for files,
 * "l path -> target" for symbolic links (never followed).
 * Two equal snapshots mean nothing was added, removed or changed.
 */
export function treeSnapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const child = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(path.join(dir, child));
      if (stat.isDirectory()) {
        out.push(`d ${child}`);
        walk(child);
      } else if (stat.isSymbolicLink()) {
        out.push(`l ${child} -> ${readlinkSync(path.join(dir, child))}`);
      } else {
        const hash = createHash('sha256').update(readFileSync(path.join(dir, child))).digest('hex');
        out.push(`f ${child} ${(stat.mode & 0o777).toString(8)} ${hash}`);
      }
    }
  };
  walk('');
  return out;
}

/** Files only (posix paths, sorted), relative to dir. */
export function listFiles(dir: string): string[] {
  return treeSnapshot(dir)
    .filter((line) => line.startsWith('f '))
    .map((line) => line.split(' ')[1] as string);
}

export function makeAnswers(raw: RawAnswers = {}, directoryName = 'test-project'): Answers {
  return resolveAnswers(raw, { directoryName, defaultAuthor: 'Test Author' });
}

/** Run fn and return the UserError it throws (fails the test if it throws nothing or something else). */
export function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError, nothing was thrown');
}

/** A stream that keeps what is written to it (an in-process run's stdout or stderr). */
export function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

export interface BinRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed at the time limit: a hang is a failure, not a stuck test run. */
  timedOut: boolean;
}

/** The built bin in a child process with exactly `env`, stdin closed, killed after `timeoutMs`. */
export function spawnBin(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<BinRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut });
    });
  });
}

/** A stdin that says it is a terminal; clack switches it to raw mode, which we only record. */
export class FakeTerminalInput extends PassThrough {
  isTTY = true;
  isRaw = false;
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }
}

/** A terminal's output, kept as text: what a prompt drew, for the test to read. */
export class TerminalOutput extends Writable {
  text = '';
  isTTY = true;
  columns = 120;
  rows = 40;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** The text without the terminal's escape sequences (colours, cursor moves). */
export const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''); // eslint-disable-line no-control-regex

/** The environment of a run of the built bin that commits: an identity for git, and CI set (no prompts). */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
  CI: '1',
};

/** The built bin, run to its end in `cwd`. */
export function binSync(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, env: GIT_ENV, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A project `demo` generated by the built bin (git initialised and committed, nothing installed). */
export function generatedDemo(deliverable: string, phase: string, prefix: string): string {
  const parent = tmpDir(prefix);
  const made = binSync(parent, 'demo', '--deliverable', deliverable, '--phase', phase, '--no-install', '--yes');
  expect(made.code, made.stderr).toBe(0);
  return path.join(parent, 'demo');
}

/** Stage and commit everything in `dir`. */
export function commitAll(dir: string, message: string): void {
  execFileSync('git', ['add', '-A'], { cwd: dir, env: GIT_ENV });
  execFileSync('git', ['commit', '-qm', message], { cwd: dir, env: GIT_ENV });
}
