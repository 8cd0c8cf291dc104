// Build the published bundle: an ESM entry with every .hbs template compiled into it, so the
// create path neither walks templates/ nor loads a template parser, plus lazily loaded chunks.
import { readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
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
// templates/), stored as a string so only the programs a run uses are parsed.
function templateIndexModule() {
  const files = walkTemplates(templatesDir);
  const programs = Object.fromEntries(
    files
      .filter((f) => f.path.endsWith('.hbs'))
      .map((f) => {
        const source = readFileSync(path.join(templatesDir, f.path), 'utf8');
        return [f.path, JSON.stringify(compileTemplate(source, `templates/${f.path}`))];
      }),
  );
  return `export default ${JSON.stringify({ files, programs })};`;
}

const templateIndexPlugin = {
  name: 'template-index',
  setup(b) {
    b.onResolve({ filter: /^virtual:template-index$/ }, () => ({ path: 'template-index', namespace: 'virtual' }));
    b.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({ contents: templateIndexModule(), loader: 'js' }));
  },
};

// Bundled CommonJS (yaml) calls require('process'), require('buffer'): an ESM bundle has no
// require(). Each such call gets an ESM module re-exporting the builtin, which esbuild turns
// into a static import of the chunk that needs it (and no createRequire banner everywhere).
const builtinRequirePlugin = {
  name: 'builtin-require',
  setup(b) {
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.kind !== 'require-call' || !builtinModules.includes(name)) return undefined;
      return { path: name, namespace: 'builtin-require' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
      contents: `export * from 'node:${args.path}'; export { default } from 'node:${args.path}';`,
      loader: 'js',
    }));
  },
};

// The entry holds the create path only. Everything else (prompts, the YAML parser for presets,
// upgrade, doctor) is a chunk under dist/chunks/, loaded by import() when a run needs it: Node
// parses the whole of a module it loads, so code a run does not use must not be in the entry.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: { 'create-livrable': path.join(root, 'generators/bundle.ts') },
  outdir: path.join(root, 'dist'),
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'eof',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  plugins: [templateIndexPlugin, builtinRequirePlugin],
  logLevel: 'warning',
});
