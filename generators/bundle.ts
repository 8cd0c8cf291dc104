import { readFileSync } from 'node:fs';
import path from 'node:path';
import templateIndex from 'virtual:template-index';
import { main } from './cli/main.js';
import { lazyStdStream } from './cli/std-output.js';
import { createBundledStore } from './engine/bundled-store.js';

declare const __VERSION__: string;

// The published entry, built as CommonJS (see scripts/build.mjs): templates compiled into this
// file, their text read from ../templates.
const root = path.join(__dirname, '..', 'templates');
void main(process.argv.slice(2), {
  store: createBundledStore(root, templateIndex, (file) => JSON.parse(readFileSync(path.join(__dirname, file), 'utf8'))),
  version: __VERSION__,
  cwd: process.cwd(),
  env: process.env,
  // Each of Node's std streams costs a few milliseconds to build: stdin is read only when a prompt
  // may be shown, and output is written directly until a prompt needs the real stream.
  get stdin() {
    return process.stdin;
  },
  stdout: lazyStdStream(1, () => process.stdout),
  stderr: lazyStdStream(2, () => process.stderr),
}).then((code) => {
  process.exitCode = code;
});
