import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, run } from './harness.js';

// The prompts in a real terminal (a pseudo-terminal driven by Python's pty): the fast tier drives
// them with mock streams, this proves the built bin with the real process.stdin and stdout.
const DRIVER = path.join(ROOT, 'test/generated/terminal.py');
const work = mkdtempSync(path.join(os.tmpdir(), 'livrable-terminal-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function session(...keys: string[]): { code: number; screen: string } {
  const { stdout } = run('python3', [DRIVER, work, ...keys, '--', process.execPath, BIN, '--no-git', '--no-install'], work);
  const [code, ...rest] = stdout.split('\n');
  return { code: Number(code), screen: rest.join('\n') };
}

describe('in a real terminal', () => {
  it('asks for the folder, the deliverable, the phase and the CI provider, then creates the project', () => {
    // folder "typed", then the second deliverable (app), the default phase, the second provider (gitlab)
    const { code, screen } = session('term-app\\r', '\\x1b[B\\r', '\\r', '\\x1b[B\\r');
    expect(screen).toContain('Where should the project be created?');
    expect(screen).toContain('What does this project deliver?');
    expect(screen).toContain('Which lifecycle phase is it in?');
    expect(screen).toContain('Where is the project hosted (its CI)?');
    expect(screen).toContain('Created term-app (app, development)');
    expect(code).toBe(0);
    const record = JSON.parse(readFileSync(path.join(work, 'term-app', '.livrable.json'), 'utf8'));
    expect(record.answers).toMatchObject({ deliverable: 'app', phase: 'development', ci: 'gitlab' });
    expect(existsSync(path.join(work, 'term-app', '.gitlab-ci.yml'))).toBe(true);
  });

  it('Ctrl-C cancels with exit 1 and writes nothing', () => {
    const { code, screen } = session('\\x03');
    expect(screen).toContain('Where should the project be created?');
    expect(code).toBe(1);
    expect(existsSync(path.join(work, 'livrable-project'))).toBe(false);
  });
});
