import path from 'node:path';
import templateIndex from 'virtual:template-index';
import { main } from './cli/main.js';
import { createBundledStore } from './engine/bundled-store.js';

declare const __VERSION__: string;

// The published entry: templates precompiled into this file, verbatim ones read from ../templates.
// import.meta.dirname (Node >= 20.11) spares loading node:url.
const root = path.join(import.meta.dirname, '..', 'templates');
process.exitCode = await main(process.argv.slice(2), {
  store: createBundledStore(root, templateIndex),
  version: __VERSION__,
  cwd: process.cwd(),
  env: process.env,
  // Getters: each of Node's std streams costs a few milliseconds to build, so only touch the ones used.
  get stdin() {
    return process.stdin;
  },
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
});
