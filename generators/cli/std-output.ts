import { writeSync } from 'node:fs';

/**
 * process.stdout and process.stderr are streams that take several milliseconds to build (a pipe
 * becomes a net.Socket, a terminal a tty.WriteStream), a noticeable share of a scripted run. This
 * stand-in writes with fs.writeSync until something needs the real stream (a prompt reads its
 * columns, listens for resize…); from then on every write goes through the real stream, so output
 * never reorders. Not on Windows, where a console needs the real stream's UTF-16 conversion.
 */
export function lazyStdStream(
  fd: number,
  real: () => NodeJS.WriteStream,
  platform: NodeJS.Platform = process.platform,
): NodeJS.WriteStream {
  let useReal = platform === 'win32';
  function write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    if (!useReal) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done);
        callback(rest)?.();
        return true;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // The reader went away (`| head`): what is left has no one to read it.
        if (code === 'EPIPE') return true;
        // A non-blocking descriptor that is full: the real stream queues and waits.
        if (code !== 'EAGAIN') throw error;
        useReal = true;
        return real().write(bytes.subarray(done), ...(rest as []));
      }
    }
    return real().write(chunk, ...(rest as []));
  }
  return new Proxy({} as NodeJS.WriteStream, {
    get(_, key) {
      if (key === 'write') return write;
      useReal = true;
      const stream = real();
      const value: unknown = Reflect.get(stream, key, stream);
      return typeof value === 'function' ? value.bind(stream) : value;
    },
    set(_, key, value) {
      useReal = true;
      return Reflect.set(real(), key, value);
    },
    has(_, key) {
      return key in real();
    },
  });
}

function callback(rest: unknown[]): (() => void) | undefined {
  const last = rest.at(-1);
  return typeof last === 'function' ? (last as () => void) : undefined;
}
