import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../generators/cli/main.js';
import { nextStepCommands } from '../generators/cli/next-steps.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { plan } from '../generators/engine/plan.js';
import { RECORD_PATH } from '../generators/engine/record.js';
import { cleanTmpDirs, makeAnswers, PACKAGE_VERSION, ROOT, TEMPLATES, tmpDir } from './helpers.js';

const BIN = path.join(ROOT, 'bin', 'create-livrable.cjs');
const store = createFsStore(TEMPLATES);
afterAll(cleanTmpDirs);

/** A bin folder holding shell scripts named after the tools (git, uv) the CLI runs. */
function tools(scripts: Record<string, string>): string {
  const bin = tmpDir('livrable-tools-');
  for (const [name, body] of Object.entries(scripts)) {
    // the scripts' own commands (sleep, touch) from the usual places: PATH is this folder alone
    writeFileSync(path.join(bin, name), `#!/bin/sh\nPATH=/usr/bin:/bin\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  }
  return bin;
}

// A uv that starts writing a temporary file, as uv does before renaming it into place, then works
// for a long time (exec: one process, as the real uv is).
const SLOW_UV = 'touch .tmpK3x9Qa\nexec sleep 30';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The built bin in a process group of its own (as a shell runs a foreground job); once `waitFor`
 * shows on stdout, SIGINT goes to the whole group (what Ctrl-C in a terminal does) or to node only.
 */
function runAndInterrupt(args: string[], cwd: string, env: NodeJS.ProcessEnv, waitFor: string, target: 'group' | 'node'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const signal = (pid: number, name: NodeJS.Signals) => {
      try {
        process.kill(pid, name);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => signal(-child.pid!, 'SIGKILL'), 15_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (!sent && stdout.includes(waitFor)) {
        sent = true;
        // give the slow uv time to write its temporary file
        setTimeout(() => signal(target === 'group' ? -child.pid! : child.pid!, 'SIGINT'), 300);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe.concurrent('Ctrl-C while uv or git runs', () => {
  it.each(['group', 'node'] as const)(
    'SIGINT to the %s during uv lock: exit 130, the state and the commands to finish, no stray .tmp file',
    async (target) => {
      const cwd = tmpDir();
      const bin = tools({ uv: SLOW_UV, git: 'exit 0' });
      const result = await runAndInterrupt(['proj', '--yes', '--install', '--git'], cwd, { PATH: bin, HOME: cwd }, 'uv lock', target);
      expect(result.status).toBe(130);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/interrupted: the project is written in .*proj, but `uv lock` did not finish/);
      expect(lines[0]).toContain('cd proj && uv lock && uv sync && git init');
      expect(existsSync(path.join(cwd, 'proj', RECORD_PATH))).toBe(true);
      expect(readdirSync(path.join(cwd, 'proj')).filter((n) => n.startsWith('.tmp'))).toEqual([]);
      expect(readdirSync(cwd)).toEqual(['proj']);
    },
  );

  it('during git commit: only what is left is suggested', async () => {
    const cwd = tmpDir();
    const bin = tools({ git: 'for a; do case "$a" in commit) exec sleep 30;; esac; done\nexit 0' });
    const result = await runAndInterrupt(['proj', '--yes', '--no-install', '--git'], cwd, { PATH: bin, HOME: cwd }, 'git commit', 'group');
    expect(result.status).toBe(130);
    expect(result.stderr).toMatch(/`git commit -m "Initial commit from create-livrable"` did not finish\. To finish, run: cd proj && git commit -m/);
    expect(result.stderr).not.toMatch(/git init/);
  });
});

class Screen extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

function inProcess(argv: string[], cwd: string, env: NodeJS.ProcessEnv, terminal: boolean, signals = new EventEmitter()) {
  const stdout = new Screen(terminal);
  const stderr = new Screen(false);
  const exit = main(argv, { store, version: PACKAGE_VERSION, cwd, env, stdin: new PassThrough(), stdout, stderr, signals });
  return { stdout, stderr, exit, signals };
}

describe.concurrent('progress while uv and git run', () => {
  it('on a terminal: a spinner per step, then a mark with its time', async () => {
    const cwd = tmpDir();
    const bin = tools({ uv: 'sleep 0.3', git: 'exit 0' });
    const run = inProcess(['proj', '--yes', '--install', '--git'], cwd, { PATH: bin, HOME: cwd }, true);
    expect(await run.exit).toBe(0);
    const screen = run.stdout.text;
    expect(screen).toMatch(/◒ {2}uv lock…/);
    expect(screen).toMatch(/◇ {2}uv lock \(\d+\.\d s\)\n/);
    expect(screen).toMatch(/◇ {2}uv sync \(\d+\.\d s\)\n/);
    expect(screen).toMatch(/◇ {2}git commit -m "Initial commit from create-livrable" \(\d+\.\d s\)\n/);
    expect(run.stderr.text).toBe('');
  });

  it('without a terminal: one plain line per step', async () => {
    const cwd = tmpDir();
    const bin = tools({ uv: 'exit 0', git: 'exit 0' });
    const run = inProcess(['proj', '--yes', '--install', '--no-git'], cwd, { PATH: bin, HOME: cwd }, false);
    expect(await run.exit).toBe(0);
    expect(run.stdout.text).toMatch(/^Running uv lock\.\.\.\nRunning uv sync\.\.\.\nCreated /);
    expect(run.stdout.text).not.toMatch(/\x1b|◒/); // eslint-disable-line no-control-regex
  });

  it('a Ctrl-C heard by the process stops the step and is reported (in process)', async () => {
    const cwd = tmpDir();
    const bin = tools({ uv: SLOW_UV });
    const run = inProcess(['proj', '--yes', '--install', '--no-git'], cwd, { PATH: bin, HOME: cwd }, true);
    for (let i = 0; i < 200 && !run.stdout.text.includes('uv lock…'); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    run.signals.emit('SIGINT');
    expect(await run.exit).toBe(130);
    expect(run.stdout.text).toMatch(/■ {2}uv lock interrupted\n/);
    expect(run.stderr.text).toMatch(/`uv lock` did not finish\. To finish, run: cd proj && uv lock && uv sync\n$/);
    expect(readdirSync(path.join(cwd, 'proj')).filter((n) => n.startsWith('.tmp'))).toEqual([]);
    expect(run.signals.listenerCount('SIGINT')).toBe(0);
  });
});

describe.concurrent('a tool that is not installed', () => {
  it.each([
    ['--install', 'uv', /docs\.astral\.sh\/uv/],
    ['--git', 'git', /git-scm\.com/],
  ])('%s without %s on PATH: a warning with the install hint, the project written, exit 0', async (flag, tool, hint) => {
    const cwd = tmpDir();
    const empty = tools({});
    const run = inProcess(['proj', '--yes', flag], cwd, { PATH: empty, HOME: cwd }, false);
    expect(await run.exit).toBe(0);
    expect(run.stderr.text).toMatch(new RegExp(`^warning: ${flag}: ${tool} is not installed \\(not found on PATH\\)`));
    expect(run.stderr.text).toMatch(hint);
    expect(run.stderr.text).not.toMatch(/ENOENT|spawn/);
    expect(run.stderr.text.trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(cwd, 'proj', RECORD_PATH))).toBe(true);
  });
});

describe('next steps', () => {
  it.each(['api', 'app', 'report', 'website'])('%s: every command is one the generated README or AGENTS.md gives', (deliverable) => {
    const answers = makeAnswers({ deliverable });
    const files = plan(answers, { store, generatorVersion: PACKAGE_VERSION });
    const docs = ['README.md', 'AGENTS.md'].map((p) => files.find((f) => f.path === p)!.content.toString('utf8')).join('\n');
    for (const installed of [false, true]) {
      for (const command of nextStepCommands(answers, installed)) expect(docs, command).toContain(command);
    }
  });

  it.each(['report', 'website'])('%s: `uv sync --group quarto` comes first, installed or not', (deliverable) => {
    const answers = makeAnswers({ deliverable });
    expect(nextStepCommands(answers, true)[0]).toBe('uv sync --group quarto');
    expect(nextStepCommands(answers, false)[0]).toBe('uv sync --group quarto');
    expect(nextStepCommands(makeAnswers({ deliverable: 'api' }), true)).not.toContain('uv sync');
  });

  it('the summary after a run shows them', async () => {
    const cwd = tmpDir();
    const run = inProcess(['proj', '--yes', '--deliverable', 'website', '--no-git', '--no-install'], cwd, { PATH: '', HOME: cwd }, false);
    expect(await run.exit).toBe(0);
    expect(run.stdout.text).toContain('  cd proj\n  uv sync --group quarto\n');
    expect(readFileSync(path.join(cwd, 'proj', 'README.md'), 'utf8')).toContain('uv sync --group quarto');
  });
});

describe('choosing the steps', () => {
  it('a tool turned off is not even looked up on PATH (the scripted path does no extra work)', async () => {
    const { chooseSteps } = await import('../generators/cli/post-run.js');
    let lookups = 0;
    const env = new Proxy({} as NodeJS.ProcessEnv, {
      get: (_, key) => {
        if (key === 'PATH') lookups += 1;
        return undefined;
      },
    });
    expect(chooseSteps({ install: false, git: false, author: 'A' }, env)).toEqual({ groups: [], warnings: [] });
    expect(lookups).toBe(0);
    chooseSteps({ install: undefined, git: false, author: 'A' }, env);
    expect(lookups).toBeGreaterThan(0);
  });
});

describe('the interruption message', () => {
  it('a Ctrl-C between two steps (or during the write) names the step that did not run', async () => {
    const { runPostSteps, watchInterrupts, interruptedMessage } = await import('../generators/cli/post-run.js');
    const signals = new EventEmitter();
    const watch = watchInterrupts(signals);
    signals.emit('SIGINT');
    const cwd = tmpDir();
    const steps = [[{ command: 'uv', args: ['lock'], display: 'uv lock' }], [{ command: 'git', args: ['init'], display: 'git init' }]];
    const outcome = await runPostSteps(steps, cwd, {}, { start: () => undefined, stop: () => undefined }, watch);
    watch.stop();
    expect(outcome.results).toEqual([]);
    expect(interruptedMessage(outcome.interrupted!, cwd, 'my dir')).toBe(
      `interrupted: the project is written in ${cwd}, but \`uv lock\` did not run. To finish, run: cd "my dir" && uv lock && git init`,
    );
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});
