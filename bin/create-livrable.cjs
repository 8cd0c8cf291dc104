#!/usr/bin/env node
// CommonJS on purpose: Node's CommonJS loader starts this in less time than its ESM loader.
require('../dist/create-livrable.cjs');
