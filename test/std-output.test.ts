import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lazyStdStream } from '../generators/cli/std-output.js';

/** A stand-in for process.stdout that records what went through it. */
function fakeStream() {
  const written: string[] = [];
  const stream = {
    columns: 80,
    write(chunk: string | Uint8Array) {
      written.push(Buffer.from(chunk).toString('utf8'));
      return true;
    },
  };
  return { written, stream: stream as unknown as NodeJS.WriteStream };
}

describe('lazyStdStream', () => {
  let dir: string;
  let file: string;
  let fd: number;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'livrable-std-'));
    file = path.join(dir, 'out.txt');
    fd = openSync(file, 'w');
  });
  afterEach(() => {
    try {
      closeSync(fd);
    } catch {
      // closed by the test
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes to the descriptor without building the real stream', () => {
    let built = 0;
    const fake = fakeStream();
    const out = lazyStdStream(fd, () => {
      built += 1;
      return fake.stream;
    });
    let called = false;
    out.write('héllo ');
    out.write(Buffer.from('wörld\n'), () => {
      called = true;
    });
    expect(readFileSync(file, 'utf8')).toBe('héllo wörld\n');
    expect(called).toBe(true);
    expect(built).toBe(0);
  });

  it('hands every later write to the real stream once something else is used', () => {
    const fake = fakeStream();
    const out = lazyStdStream(fd, () => fake.stream);
    out.write('first\n');
    expect(out.columns).toBe(80);
    out.write('second\n');
    expect(readFileSync(file, 'utf8')).toBe('first\n');
    expect(fake.written).toEqual(['second\n']);
  });

  it('uses the real stream from the start on Windows (console output needs its UTF-16 conversion)', () => {
    const fake = fakeStream();
    const out = lazyStdStream(fd, () => fake.stream, 'win32');
    out.write('é\n');
    expect(fake.written).toEqual(['é\n']);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('lets a real error through', () => {
    const out = lazyStdStream(fd, () => fakeStream().stream);
    closeSync(fd);
    expect(() => out.write('x')).toThrow(/EBADF/);
  });
});
