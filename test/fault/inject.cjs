// Fault injection for the built CLI, loaded with `node --require` (NODE_OPTIONS) by
// test/faults.test.ts: the product has no test hooks, so faults come from wrapping `fs` here.
// LIVRABLE_FAULT is JSON:
//   count: "<file>"            write {"rename": n, "other": n} there at exit (how many ops a run does)
//   killAtRename: N            SIGKILL the process just before its Nth rename
//   killAtOther: N             SIGKILL it just before its Nth other change (write, mkdir, rm, chmod, …)
//   eioAtRename: [N, …]        the Nth renames throw EIO instead of renaming
//   erofsUnder: "<dir>"        every mkdir under dir fails as on a read-only mount
//   sleepAtMkdtemp: ms         block that long before the first mkdtemp (widens a race window)
'use strict';
const fs = require('node:fs');

const config = JSON.parse(process.env.LIVRABLE_FAULT || '{}');
const counts = { rename: 0, other: 0 };

function ioError(code, errno, syscall, target) {
  const messages = { EIO: 'i/o error', EROFS: 'read-only file system', ENOENT: 'no such file or directory' };
  return Object.assign(new Error(`${code}: ${messages[code]}, ${syscall} '${target}'`), { code, errno, syscall, path: target });
}

function wrap(name, kind, check) {
  const original = fs[name];
  fs[name] = function (...args) {
    counts[kind] += 1;
    const n = counts[kind];
    if (kind === 'rename' && config.killAtRename === n) process.kill(process.pid, 'SIGKILL');
    if (kind === 'other' && config.killAtOther === n) process.kill(process.pid, 'SIGKILL');
    if (check) check(n, args);
    return original.apply(this, args);
  };
}

wrap('renameSync', 'rename', (n, [from]) => {
  if ((config.eioAtRename || []).includes(n)) throw ioError('EIO', -5, 'rename', String(from));
});
const underReadOnly = (dir) => config.erofsUnder && String(dir).startsWith(config.erofsUnder);
wrap('mkdirSync', 'other', (_n, [dir, options]) => {
  if (!underReadOnly(dir)) return;
  // What Node reports on a read-only mount: ENOENT for a recursive mkdir, EROFS for a plain one.
  const recursive = typeof options === 'object' && options !== null && options.recursive;
  throw recursive ? ioError('ENOENT', -2, 'mkdir', dir) : ioError('EROFS', -30, 'mkdir', dir);
});
let slept = false;
wrap('mkdtempSync', 'other', (_n, [prefix]) => {
  if (underReadOnly(prefix)) throw ioError('EROFS', -30, 'mkdtemp', `${prefix}XXXXXX`);
  if (config.sleepAtMkdtemp && !slept) {
    slept = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, config.sleepAtMkdtemp);
  }
});
for (const name of ['writeFileSync', 'writeSync', 'rmSync', 'rmdirSync', 'unlinkSync', 'chmodSync', 'fsyncSync']) {
  wrap(name, 'other');
}

if (config.count) {
  process.on('exit', () => fs.writeFileSync(config.count, JSON.stringify(counts)));
}
