// Build the published bundle: a CommonJS entry with every .hbs template compiled into it, so the
// create path neither walks templates/ nor loads a template parser, plus lazily loaded files.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundledPackageDirs, noticesText } from './notices.mjs';
import { walkTemplates } from './walk.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const templatesDir = path.join(root, 'templates');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

// The template compiler is TypeScript shared with the tests; bundle it for this script first.
async function loadTemplateCompiler() {
  const outfile = path.join(root, 'node_modules/.cache/create-livrable/template-compiler.mjs');
  await build({
    entryPoints: [path.join(root, 'generators/engine/template-compiler.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

const { compileTemplate } = await loadTemplateCompiler();

// Every .hbs compiled to a JSON program (structure and byte positions; the text stays in
// templates/), stored as a string so only the programs a run uses are parsed. The programs a plain
// create never renders (French variants, `add`'s templates) go to a JSON file of their own beside
// the lazy files, read the first time one of them is rendered: the entry every run parses stays
// the size of the English create path.
const MORE_PROGRAMS = 'lazy/templates-more.json';
const isRarelyRendered = (p) => p.startsWith('add/') || /\.fr\.[^/]*$/.test(p);

function templateIndexModule() {
  const files = walkTemplates(templatesDir);
  const common = { programs: {}, hashes: {} };
  const more = { programs: {}, hashes: {} };
  for (const f of files.filter((file) => file.path.endsWith('.hbs'))) {
    const source = readFileSync(path.join(templatesDir, f.path));
    const into = isRarelyRendered(f.path) ? more : common;
    into.programs[f.path] = JSON.stringify(compileTemplate(source.toString('utf8'), `templates/${f.path}`));
    // Same fingerprint as templateHash() in generators/engine/bundled-store.ts, checked at load.
    into.hashes[f.path] = createHash('sha256').update(source).digest('base64');
  }
  mkdirSync(path.join(root, 'dist/lazy'), { recursive: true });
  writeFileSync(path.join(root, 'dist', MORE_PROGRAMS), JSON.stringify(more));
  // Paths only, the executable ones apart (generators/engine/bundled-store.ts, TemplateIndex).
  const index = { files: files.map((f) => f.path), executable: files.filter((f) => f.executable).map((f) => f.path) };
  return `export default ${JSON.stringify({ ...index, ...common, more: MORE_PROGRAMS })};`;
}

const templateIndexPlugin = {
  name: 'template-index',
  setup(b) {
    b.onResolve({ filter: /^virtual:template-index$/ }, () => ({ path: 'template-index', namespace: 'virtual' }));
    b.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({ contents: templateIndexModule(), loader: 'js' }));
  },
};

// The create path is one CommonJS file: Node's CommonJS loader starts a module in a fraction of
// what its ESM loader takes (the loader itself, a job per module, a facade per builtin), about
// 10 ms per run here. Everything else (upgrade, doctor, prompts, the YAML parser for presets) is
// its own self-contained CommonJS file under dist/lazy/, loaded only by the runs that need it:
// Node parses the whole of a file it loads, so code a run does not use must not be in the entry.
// Those files repeat some shared code; the lazily loaded subcommands must therefore not rely on
// class identity across files (see core/errors.ts).
// Keyed by the specifier the sources import(); `entry` is what esbuild builds the file from.
const LAZY = {
  './upgrade.js': { name: 'upgrade', entry: path.join(root, 'generators/cli/upgrade.ts') },
  './doctor.js': { name: 'doctor', entry: path.join(root, 'generators/cli/doctor.ts') },
  '@clack/prompts': { name: 'prompts', entry: 'package-entry:@clack/prompts' },
  yaml: { name: 'yaml', entry: 'package-entry:yaml' },
  // The French catalogue: loaded only when French is chosen (core/i18n.ts).
  './messages/fr.js': { name: 'fr', entry: path.join(root, 'generators/core/messages/fr.ts') },
  // --dataset: the CSV reader, the inference and the Parquet reader (hyparquet).
  './dataset.js': { name: 'dataset', entry: path.join(root, 'generators/cli/dataset.ts') },
  './add.js': { name: 'add', entry: path.join(root, 'generators/cli/add.ts'), own: true },
  // A create into an existing folder (empty, .git only, --overwrite): the journaled transaction.
  './write-existing.js': { name: 'write-existing', entry: path.join(root, 'generators/engine/write-existing.ts') },
};

/** A dynamic import() of a lazy module becomes a require() of its file, relative to the importer's file. */
function lazyImports(prefix) {
  return {
    name: 'lazy-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const lazy = args.kind === 'dynamic-import' ? LAZY[args.path] : undefined;
        return lazy ? { path: `${prefix}${lazy.name}.cjs`, external: true } : undefined;
      });
    },
  };
}

// node-plop imports inquirer for the prompts of plopfiles; `add` asks its questions with clack and
// hands plop generators without prompts, so inquirer (and its 800 KB of encodings, streams and
// spinners) would only weigh on every `npm exec` download. A stand-in keeps plop's one use at
// load time (registerPrompt) and fails loudly if a prompt were ever run.
const noInquirer = {
  name: 'no-inquirer',
  setup(b) {
    b.onResolve({ filter: /^inquirer$/ }, () => ({ path: 'inquirer', namespace: 'no-inquirer' }));
    b.onLoad({ filter: /.*/, namespace: 'no-inquirer' }, () => ({
      contents:
        'const prompt = () => { throw new Error("add runs plop generators without prompts"); };\n' +
        'prompt.prompts = {};\n' +
        'export default { registerPrompt() {}, prompt, createPromptModule: () => prompt };\n',
      loader: 'js',
    }));
  },
};

/** A package as an entry point of its own: a module re-exporting it. */
const packageEntries = {
  name: 'package-entries',
  setup(b) {
    b.onResolve({ filter: /^package-entry:/ }, (args) => ({ path: args.path.slice('package-entry:'.length), namespace: 'package-entry' }));
    b.onLoad({ filter: /.*/, namespace: 'package-entry' }, (args) => ({ contents: `export * from '${args.path}';`, resolveDir: root, loader: 'js' }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'eof',
  // import() becomes require() behind a promise: a lazy file then loads through the CommonJS
  // loader too, instead of bringing up the ESM loader for one file.
  supported: { 'dynamic-import': false },
  define: { __VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  // Which packages went into each file: THIRD-PARTY-NOTICES.txt is written from it.
  metafile: true,
};

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const results = await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(root, 'generators/bundle.ts')],
    outfile: path.join(root, 'dist/create-livrable.cjs'),
    plugins: [templateIndexPlugin, lazyImports('./lazy/')],
  }),
  build({
    ...common,
    entryPoints: Object.fromEntries(Object.values(LAZY).filter((l) => !l.own).map(({ name, entry }) => [name, entry])),
    outdir: path.join(root, 'dist/lazy'),
    outExtension: { '.js': '.cjs' },
    plugins: [lazyImports('./'), packageEntries],
  }),
  // add: built alone, because node-plop is ESM that reads import.meta.url (for createRequire),
  // which a CommonJS file must be given; the other lazy files stay as they were.
  build({
    ...common,
    entryPoints: { add: LAZY['./add.js'].entry },
    outdir: path.join(root, 'dist/lazy'),
    outExtension: { '.js': '.cjs' },
    define: { ...common.define, 'import.meta.url': 'importMetaUrl' },
    banner: { js: 'var importMetaUrl=require("node:url").pathToFileURL(__filename).href;' },
    plugins: [lazyImports('./'), noInquirer],
  }),
]);

// The code of these packages ships in dist/, so their licences ship beside it.
writeFileSync(
  path.join(root, 'dist/THIRD-PARTY-NOTICES.txt'),
  noticesText(bundledPackageDirs(root, results.map((r) => r.metafile))),
);
