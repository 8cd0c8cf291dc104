// npm run bench: how long `create-livrable` takes next to its peers, paired in one run.
// Installs the peers into a cache folder outside the repo, alternates the commands run by run
// (after warm-ups), each writing into a fresh directory, and reports medians, min/max, ratios to
// create-vite, peak RSS and files written. Writes bench/results.md and the README's table.
// It reports; it never fails on a slow machine.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cache = process.env.LIVRABLE_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'create-livrable-bench');
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 21);
const warmups = 3;
const PEERS = { 'create-vite': '9.3.0', plop: '4.0.5' };
// Every run writes into a folder of its own under a runs folder, all deleted only at the end, and
// the tables that write to disk run before anything that deletes files (npm exec rebuilds its
// install on every run). Deleting files is what makes the next creations slow on some file
// systems: ext4 without a journal (these machines' disks) skips every inode freed in the last
// minute or so when it allocates a new one, and after a few thousand deletions each file created
// costs ten times as much. Before each table on disk the bench therefore measures what creating a
// file costs, waits (up to two minutes) until that is back near its cost in memory, and reports
// it. The scaffold table is also run in memory (/dev/shm, tmpfs), where only the tools' own work
// shows.
const DISK_RUNS = path.join(os.tmpdir(), 'livrable-bench-runs');
const MEMORY_RUNS = existsSync('/dev/shm') ? '/dev/shm/livrable-bench-runs' : undefined;
const OUT_NAME = 'livrable-bench-out';
/** Placeholder in an argv for the absolute path of the run's output folder. */
const OUT = '{out}';
const out = path.join(os.tmpdir(), OUT_NAME);

function installPeers() {
  mkdirSync(cache, { recursive: true });
  const marker = path.join(cache, 'installed.json');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === JSON.stringify(PEERS)) return;
  const specs = Object.entries(PEERS).map(([name, version]) => `${name}@${version}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', cache, ...specs], { stdio: 'inherit' });
  writeFileSync(marker, JSON.stringify(PEERS));
}

/** `npm pack` of our package (cwd root) or of a registry spec: the path of the tarball. */
function packTarball(spec) {
  const dir = path.join(cache, 'pack');
  mkdirSync(dir, { recursive: true });
  const args = ['pack', '--silent', '--pack-destination', dir, ...(spec ? [spec] : [])];
  const name = execFileSync('npm', args, { cwd: root, encoding: 'utf8' }).trim();
  return path.join(dir, name.split('\n').pop());
}

// The same helpers our templates use, so plop renders them as our generator does.
const HELPERS = ['toml', 'json', 'yaml', 'py']
  .map((name) => `  plop.setHelper('${name}', (v) => JSON.stringify(String(v)));`)
  .concat([
    "  plop.setHelper('md', (v) => String(v));",
    "  plop.setHelper('eq', (a, b) => a === b);",
    "  plop.setHelper('ne', (a, b) => a !== b);",
    "  plop.setHelper('not', (a) => !a);",
    "  plop.setHelper('or', (...a) => a.slice(0, -1).some(Boolean));",
    "  plop.setHelper('and', (...a) => a.slice(0, -1).every(Boolean));",
    "  plop.setHelper('mdcode', (v) => `\\`${String(v)}\\``);",
    "  plop.setHelper('mdlist', (v) => (Array.isArray(v) ? v.join(', ') : ''));",
  ])
  .join('\n');

/** Every helper the engine registers (generators/engine/helpers.ts) must have a stand-in above. */
function checkHelpers() {
  const source = readFileSync(path.join(root, 'generators/engine/helpers.ts'), 'utf8');
  const table = source.slice(source.indexOf('export const HELPERS'), source.indexOf('\n};', source.indexOf('export const HELPERS')));
  const names = [...table.matchAll(/^ {2}(\w+): /gm)].map((m) => m[1]);
  const missing = names.filter((name) => !HELPERS.includes(`plop.setHelper('${name}',`));
  if (names.length === 0 || missing.length > 0) {
    throw new Error(`scripts/bench.mjs: the plop peer lacks the helpers ${missing.join(', ') || '(none found in helpers.ts)'}`);
  }
}

/** A plopfile that addMany's the same template layers our largest combination uses. */
function writePlopfile(layers) {
  const file = path.join(cache, 'plopfile.mjs');
  const actions = layers.map((dir) => ({
    type: 'addMany',
    destination: '{{dest}}',
    base: path.join(root, dir),
    templateFiles: path.join(root, dir, '**/*'),
    globOptions: { dot: true },
    stripExtensions: ['hbs'],
    force: true,
  }));
  writeFileSync(
    file,
    `export default function (plop) {\n${HELPERS}\n  plop.setGenerator('project', {\n    prompts: [{ type: 'input', name: 'dest' }],\n    actions: ${JSON.stringify(actions)},\n  });\n}\n`,
  );
  return file;
}

function countFiles(dir) {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    n += statSync(p).isDirectory() ? countFiles(p) : 1;
  }
  return n;
}

/** Milliseconds to create one empty file in a new folder under dir (the folder is kept). */
function creationCost(dir) {
  mkdirSync(dir, { recursive: true });
  const probe = mkdtempSync(path.join(dir, 'probe-'));
  const start = process.hrtime.bigint();
  for (let i = 0; i < 200; i += 1) closeSync(openSync(path.join(probe, `f${i}`), 'w'));
  return Number(process.hrtime.bigint() - start) / 1e6 / 200;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Wait until creating a file on disk costs at most four times what it costs in memory (or 0.1 ms),
 * for at most two minutes: what the file system is doing after recent deletions is not the
 * tools' time. Returns what it measured, for the report.
 */
function settle(runsDir) {
  const inMemory = MEMORY_RUNS ? creationCost(MEMORY_RUNS) : undefined;
  const limit = Math.max(4 * (inMemory ?? 0), 0.1);
  const start = Date.now();
  let cost = creationCost(runsDir);
  while (inMemory !== undefined && cost > limit && Date.now() - start < 120_000) {
    sleep(5000);
    cost = creationCost(runsDir);
  }
  const waited = Math.round((Date.now() - start) / 1000);
  const memory = inMemory === undefined ? '' : ` (in memory: ${inMemory.toFixed(3)} ms)`;
  return `Creating an empty file on disk cost ${cost.toFixed(3)} ms before this table${memory}${waited >= 5 ? `, after waiting ${waited} s for the file system to settle` : ''}.`;
}

function measure(command, runsDir) {
  mkdirSync(runsDir, { recursive: true });
  const cwd = mkdtempSync(path.join(runsDir, 'run-'));
  const target = path.join(cwd, OUT_NAME);
  const argv = command.argv.map((a) => (a === OUT ? target : a));
  const rssFile = path.join(os.tmpdir(), 'livrable-bench-rss');
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, ...argv], {
    // Every tool writes the same relative folder from a fresh parent (create-vite takes a project
    // name, not a path).
    cwd,
    env: { ...process.env, CI: '1', npm_config_yes: 'true', npm_config_update_notifier: 'false' },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command.name} failed:\n${result.stderr}${result.stdout}`);
  const rssMiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
  const files = countFiles(target);
  // A peer that exits 0 having written nothing (plop reports a template glob that matches nothing
  // and carries on) would be timed doing nothing: that is a broken command, not a measurement.
  if (files === 0 && !command.writesNothing) throw new Error(`${command.name} wrote no file:\n${result.stderr}${result.stdout}`);
  return { seconds, rssMiB, files };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

function bench(commands, label, { base = 'create-vite', runsDir = DISK_RUNS, settled = runsDir === DISK_RUNS } = {}) {
  const note = settled ? settle(runsDir) : undefined;
  const samples = Object.fromEntries(commands.map((c) => [c.name, []]));
  for (let i = 0; i < warmups + runs; i += 1) {
    for (const command of commands) {
      const sample = measure(command, runsDir);
      if (i >= warmups) samples[command.name].push(sample);
    }
  }
  const baseMedian = stats(samples[base].map((s) => s.seconds)).median;
  const rows = commands.map((c) => {
    const t = stats(samples[c.name].map((s) => s.seconds));
    // Each run's peak RSS; the table shows their median, and the highest in parentheses.
    const rss = stats(samples[c.name].map((s) => s.rssMiB));
    return { name: c.name, ...t, ratio: t.median / baseMedian, rss, files: samples[c.name][0].files };
  });
  const table = [
    `| ${label} | median | min – max | ratio to ${base} | peak RSS, median (max) | files written |`,
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.median.toFixed(3)} s | ${r.min.toFixed(3)} – ${r.max.toFixed(3)} s | ${r.ratio.toFixed(2)} | ${r.rss.median.toFixed(1)} MiB (${r.rss.max.toFixed(1)}) | ${r.files} |`,
    ),
    ...(note ? ['', note] : []),
  ].join('\n');
  return { rows, table };
}

function main() {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  installPeers();
  const bin = path.join(root, 'bin/create-livrable.cjs');
  const plan = JSON.parse(
    execFileSync(process.execPath, [bin, out, '--yes', '--deliverable', 'api', '--phase', largestPhase(), '--dry-run', '--json'], { encoding: 'utf8' }),
  );
  checkHelpers();
  const plopfile = writePlopfile(plan.layers.map((l) => l.dir));
  const ours = (extra, name) => ({
    name,
    argv: [process.execPath, bin, OUT_NAME, '--deliverable', 'api', '--phase', largestPhase(), '--yes', '--no-git', '--no-install', ...extra],
  });
  const createVite = {
    name: 'create-vite',
    argv: [process.execPath, path.join(cache, 'node_modules/create-vite/index.js'), OUT_NAME, '--template', 'react-ts', '--no-interactive'],
  };
  const scaffoldCommands = [
    ours([], `create-livrable (api + ${largestPhase()})`),
    { ...ours(['--dry-run'], 'create-livrable --dry-run'), writesNothing: true },
    createVite,
    { name: 'plop addMany (same templates)', argv: [path.join(cache, 'node_modules/.bin/plop'), '--plopfile', plopfile, 'project', OUT] },
  ];
  // In memory first: it gives whatever deleted files before the bench a minute or two to age out.
  const inMemory = MEMORY_RUNS && bench(scaffoldCommands, 'scaffold, in memory (tmpfs)', { runsDir: MEMORY_RUNS });
  const scaffold = bench(scaffoldCommands, 'scaffold, on disk');
  const scaling = bench(
    [
      ours([], `largest: api + ${largestPhase()}`),
      { ...ours([], 'smallest: report + development'), argv: [process.execPath, bin, OUT_NAME, '--deliverable', 'report', '--phase', 'development', '--license', 'none', '--yes', '--no-git', '--no-install'] },
      createVite,
    ],
    'scaling',
  );
  // Last, since npm deletes files on every run (see the top of this file).
  // npm treats a tarball spec differently from a registry spec: it rebuilds the install from the
  // tarball on every run (~0.7 s here, whatever the package). The paired comparison is therefore
  // tarball against tarball; create-vite from the registry is shown for reference.
  const ourTarball = packTarball();
  const viteTarball = packTarball(`create-vite@${PEERS['create-vite']}`);
  const endToEnd = bench(
    [
      {
        name: 'npm exec create-livrable (packed tarball)',
        argv: ['npm', 'exec', '--yes', `--package=${ourTarball}`, '--', 'create-livrable', OUT_NAME, '--deliverable', 'api', '--phase', largestPhase(), '--yes', '--no-git', '--no-install'],
      },
      {
        name: 'npm exec create-vite (packed tarball)',
        argv: ['npm', 'exec', '--yes', `--package=${viteTarball}`, '--', 'create-vite', OUT_NAME, '--template', 'react-ts', '--no-interactive'],
      },
      {
        name: 'npm exec create-vite (registry, cached)',
        argv: ['npm', 'exec', '--yes', `--package=create-vite@${PEERS['create-vite']}`, '--', 'create-vite', OUT_NAME, '--template', 'react-ts', '--no-interactive'],
      },
    ],
    'npm exec, end to end',
    // npm itself deletes files on every run: no point waiting for the file system to settle.
    { base: 'npm exec create-vite (packed tarball)', settled: false },
  );
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()}`;
  const date = new Date().toISOString().slice(0, 10);
  const report = [
    `Measured ${date} on ${machine}; ${runs} runs per command after ${warmups} warm-ups, alternated.`,
    `Our plan for api + ${largestPhase()} has ${plan.files.length} files.`,
    '',
    scaffold.table,
    '',
    ...(inMemory ? [inMemory.table, ''] : []),
    endToEnd.table,
    '',
    scaling.table,
  ].join('\n');
  mkdirSync(path.join(root, 'bench'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results.md'), `# Benchmark results\n\n${report}\n`);
  const readme = path.join(root, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const updated = text.replace(/(<!-- bench:start -->)[\s\S]*?(<!-- bench:end -->)/, `$1\n${report}\n$2`);
  writeFileSync(readme, updated);
  console.log(report);
}

function cleanRuns() {
  for (const dir of [DISK_RUNS, MEMORY_RUNS]) if (dir) rmSync(dir, { recursive: true, force: true });
}

let largest;
/** The highest phase this build offers (the bench follows the product as phases land). */
function largestPhase() {
  if (largest) return largest;
  const bin = path.join(root, 'bin/create-livrable.cjs');
  for (const phase of ['maintenance', 'production', 'development']) {
    const probe = spawnSync(process.execPath, [bin, out, '--yes', '--phase', phase, '--dry-run'], { encoding: 'utf8' });
    if (probe.status === 0) return (largest = phase);
  }
  throw new Error('no phase can be generated');
}

cleanRuns();
try {
  main();
} finally {
  cleanRuns();
}
