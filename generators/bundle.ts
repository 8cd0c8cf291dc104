import { fileURLToPath } from 'node:url';
import templateIndex from 'virtual:template-index';
import { main } from './cli/main.js';
import { createBundledStore } from './engine/bundled-store.js';

declare const __VERSION__: string;

// The published entry: templates precompiled into this file, verbatim ones read from ../templates.
const root = fileURLToPath(new URL('../templates/', import.meta.url));
process.exitCode = await main(process.argv.slice(2), {
  store: createBundledStore(root, templateIndex),
  version: __VERSION__,
  cwd: process.cwd(),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
